"""Generated pages: one page per study (`studies/<key>/`) with backlinks, and the bibliography of all references.

Backlinks form a graph that is only complete once every page has been rendered, so study pages carry a placeholder
that `backlinks_html` fills in afterwards (as Material's tags plugin does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from .formatting import format_reference
from .library.catalog import Library
from .library.model import Reference
from .render import outbound_targets
from .structured_data import study_json_ld
from .templating import badge, macro, render, render_markdown
from .vocabulary import DIRECTIONS, STATUSES, STUDY_TYPES, Term


@dataclass(slots=True)  # tens of thousands per build: a plain slotted class is the cheapest to create
class Backlink:
    """A place that cites a study: a page, and the claim (section) on it when there is one."""

    page_url: str
    page_title: str
    section: str = ""
    section_title: str = ""
    direction: str = ""  # set when a claim lists the study as evidence

    @property
    def url(self) -> str:
        return f"{self.page_url}#{self.section}" if self.section else self.page_url


def study_src_path(key: str) -> str:
    return f"studies/{key}.md"


def study_key(src_path: str) -> str | None:
    """The key of a study page's source path; None for other pages."""
    if src_path.startswith("studies/") and src_path.endswith(".md") and src_path.count("/") == 1:
        return src_path[len("studies/") : -len(".md")]
    return None


def study_name(reference: Reference) -> str:
    """`Kallmes 2009 · INVEST trial`, `Esses 2011 · AAOS guideline`: clinicians know trials by acronym and guidelines
    and reviews by the body behind them; that belongs in the name, which search weighs most."""
    if reference.get("trial"):
        # A trial's protocol is its plan, not its results: say so where a reader choosing between the two looks.
        kind = "trial protocol" if reference.study_type == PROTOCOL else "trial"
        return f"{reference.short_label} · {reference.get('trial')} {kind}"
    known_as = reference.get("knownas")
    return f"{reference.short_label} · {known_as}" if known_as else reference.short_label


def study_page_meta(reference: Reference) -> dict[str, Any]:
    """What front matter would say, handed to MkDocs as page meta (thousands of YAML parses saved)."""
    # Study pages rank below claims in search: a reader's words should land on the claim, a trial's name still
    # finds its page (nothing else carries it). The five compared pages are found through their own review pages
    # (sources/), not these. MkDocs puts page titles into <title> unescaped (its templates print them as they are):
    # escape here.
    # A protocol ranks below its trial's results ("VAPOUR study results" should find the results), and a superseded
    # version below the one that replaces it ("Cochrane review" should find the current one).
    behind = reference.study_type == PROTOCOL or bool(reference.get("supersededby"))
    search = {"exclude": True} if reference.is_compared_page else {"boost": 0.25 if behind else 0.5}
    return {"title": str(escape(study_name(reference))), "search": search}


PROTOCOL = "rct-protocol"
CHECKING = "Checking:"  # in a reference's `note`, what follows is for editors only


class StudyPieces(NamedTuple):
    """A study page's ready-made HTML: the same in every build while its entry, its findings and the engine are, so
    cache.py keeps it between builds (rendering it was the largest part of generating the pages)."""

    json_ld: str  # structured data, for the finished file only
    searchable: str  # what search should find: name, title, citation, key finding
    facts: str
    results: str  # the findings section; empty without findings


def study_pieces(reference: Reference, results: str = "") -> StudyPieces:
    # `finding` is the key finding in plain words for readers; `note`, the checking notes written for editors, is
    # shown in its place only where no plain finding has been written yet, and never its "Checking:" part (where
    # and how each detail was looked for).
    title, finding = reference.title, reference.get("finding") or reference.get("note").partition(CHECKING)[0].strip()
    warning = None if reference.status == "verified" else _status(reference)
    searchable = macro("study.html", "searchable")(
        study_name(reference), title, warning, format_reference(reference).markup, finding
    )
    return StudyPieces(str(study_json_ld(reference)), str(searchable), str(_facts_table(reference)), results)


def study_page_markdown(
    pieces: StudyPieces,
    hold: Callable[[str], str] = lambda html: html,
    hold_late: Callable[[str], str] = lambda html: html,
    backlinks: str = "",
    newer: tuple[str, str] | None = None,
) -> str:
    """Source of a study's page: ready-made HTML, held out of Markdown (see fragments.py). What search should find
    (citation, facts) is held for after conversion; structured data only for the final file. `newer` is the name and
    link of the version that supersedes this one (made per build: the pieces are cached, the link may change)."""
    # The held pieces are placeholder comments from fragments.py, not editors' text.
    return render_markdown(
        "study_page.md",
        json_ld=Markup(hold_late(pieces.json_ld)),
        searchable=Markup(hold(pieces.searchable)),
        facts=Markup(hold_late(pieces.facts)),
        results=Markup(hold_late(pieces.results)) if pieces.results else "",
        backlinks=Markup(backlinks),  # a placeholder from fragments.py, filled once every page is rendered
        newer=newer,
    )


def _status(reference: Reference) -> Term:
    return STATUSES.get(reference.status, STATUSES["unverified"])


def _address(text: str) -> tuple[str, bool]:
    """An address and whether it may be linked: only http(s) addresses are."""
    return text, text.startswith(("http://", "https://"))


def _facts_table(reference: Reference) -> Markup:
    # Values are worked out here rather than in the template: a call made from a template costs ~10× a Python call,
    # and this runs once per reference (thousands of times a build).
    study_type = STUDY_TYPES.get(reference.study_type)
    return macro("study.html", "facts")(
        study_type.label if study_type else reference.study_type or "Not stated",
        _status(reference),
        _address(reference.get("verified")),
        reference.get("unconfirmed"),
        reference.get("seedcitation"),
        [_address(url) for url in (u.strip() for u in reference.get("numbersfrom").split(";")) if url],
        outbound_targets(reference),
        reference.get("note") if reference.get("finding") else "",
    )


def backlinks_html(backlinks: Iterable[Backlink], link: Callable[[str], str]) -> Markup:
    """The list that replaces a study page's placeholder; `link` makes a site URL relative to the study page."""
    grouped: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
    for backlink in backlinks:
        grouped[(backlink.page_url, backlink.page_title)].append(backlink)
    pages = [
        (link(page_url), page_title, [_section(b, link) for b in _merge_sections(group) if b.section])
        for (page_url, page_title), group in sorted(grouped.items(), key=lambda item: item[0][1])
    ]
    return render("backlinks.html", pages=pages)


def _section(backlink: Backlink, link: Callable[[str], str]) -> tuple[str, str, Term | None]:
    direction = DIRECTIONS[backlink.direction] if backlink.direction else None
    return link(backlink.url), backlink.section_title or backlink.section, direction


def _merge_sections(backlinks: list[Backlink]) -> list[Backlink]:
    """One entry per section, keeping the evidence direction when any citation of it carries one."""
    merged: dict[str, Backlink] = {}
    for backlink in backlinks:
        if backlink.section not in merged or backlink.direction:
            merged[backlink.section] = backlink
    return list(merged.values())


def bibliography_markdown(
    library: Library, study_url: Callable[[str], str], hold: Callable[[str], str] = lambda html: html
) -> str:
    """All references, grouped by study type, each linked to its page."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for key in library:
        reference = library.reference(key)
        groups[reference.study_type].append(reference)
    listed = []
    for study_type in [*STUDY_TYPES, *sorted(set(groups) - set(STUDY_TYPES))]:
        references = sorted(groups.get(study_type, []), key=lambda r: (r.first_author.lower(), r.year))
        if references:
            term = STUDY_TYPES.get(study_type)
            label = term.label if term else (study_type or "Study type not stated")
            items = [
                (format_reference(r).markup, badge("status", _status(r)), r.get("finding"), study_url(r.key))
                for r in references
            ]
            listing = Markup(hold(render("bibliography_list.html", items=items)))  # a placeholder comment
            listed.append((label, study_type or "none", len(references), listing))
    return render_markdown("bibliography.md", total=len(library), groups=listed)
