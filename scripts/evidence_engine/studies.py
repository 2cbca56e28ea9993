"""Generated pages: one page per study (`studies/<key>/`) with backlinks, and the bibliography of all references.

Backlinks form a graph that is only complete once every page has been rendered, so study pages carry a placeholder
that `fill_backlinks` replaces afterwards (as Material's tags plugin does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from .formatting import format_reference
from .references import Library, Reference
from .render import badge, outbound_links, status_badge
from .structured_data import study_json_ld
from .vocabulary import DIRECTIONS, STATUSES, STUDY_TYPES


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


def backlinks_placeholder(key: str) -> str:
    return f"<!-- backlinks:{key} -->"


def study_name(reference: Reference) -> str:
    """`Kallmes 2009 · INVEST trial`: clinicians know trials by acronym; it belongs in the name search weighs most."""
    return reference.short_label + (f" · {reference.get('trial')} trial" if reference.get("trial") else "")


def study_page_meta(reference: Reference) -> dict[str, Any]:
    """What front matter would say, handed to MkDocs as page meta (thousands of YAML parses saved)."""
    # Study pages rank below claims in search: a reader's words should land on the claim, a trial's name still
    # finds its page (nothing else carries it). The five compared pages are found through their own review pages
    # (sources/), not these. MkDocs puts page titles into <title> unescaped: escape here.
    search = {"exclude": True} if reference.is_compared_page else {"boost": 0.5}
    return {"title": escape(study_name(reference)), "search": search}


def study_page_markdown(
    reference: Reference,
    hold: Callable[[str], str] = lambda html: html,
    hold_late: Callable[[str], str] = lambda html: html,
) -> str:
    """Source of a study's page: ready-made HTML, held out of Markdown (see fragments.py). What search should find
    (citation, facts) is held for after conversion; structured data only for the final file."""
    name = study_name(reference)
    # The heading is the name readers search by (author, year); the article's title is text, so its words
    # ("long-term") do not outrank the claim a reader's own words describe.
    heading = f'<h1 id="study">{escape(name)}</h1>\n\n'
    if reference.title:
        heading += f'<p class="study-title">{escape(reference.title)}</p>\n\n'
    warning = ""
    if reference.status != "verified":
        term = STATUSES.get(reference.status, STATUSES["unverified"])
        warning = (
            f'<div class="admonition warning"><p class="admonition-title">{escape(term.label)} reference</p>'
            f"<p>{escape(term.description)}</p></div>\n\n"
        )
    citation = f'<p class="study-citation">{format_reference(reference).html}</p>\n\n'
    # Search needs who, what, where and the finding; the rest of the facts only readers need.
    finding = reference.get("note")
    if finding:
        finding = f'<p class="study-finding"><strong>Key finding, as we read it:</strong> {escape(finding)}</p>'
    searchable = heading + warning + citation + finding
    return (
        hold_late(study_json_ld(reference))
        + hold(searchable)
        + hold_late(_facts_table(reference))
        + "\n\n## Claims that cite this study {#cited-by}\n\n"
        + backlinks_placeholder(reference.key)
        + "\n"
    )


def _facts_table(reference: Reference) -> str:
    study_type = STUDY_TYPES.get(reference.study_type)
    where = reference.get("verified")
    if where.startswith(("http://", "https://")):
        where_html = f'<a href="{escape(where)}" rel="noopener">{escape(where)}</a>'
    else:
        where_html = "Not found in a public record"
    rows = [
        ("Study type", escape(study_type.label if study_type else reference.study_type or "Not stated")),
        ("Verification", status_badge(reference)),
        ("Where verified", where_html),
        ("Not confirmed", escape(reference.get("unconfirmed"))),
        ("As cited by the patient page", escape(reference.get("seedcitation"))),
        ("Numbers checked at", _links(reference.get("numbersfrom"))),
        ("Links", " · ".join(outbound_links(reference))),
    ]
    body = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows if value)
    return f'<table class="study-facts"><tbody>{body}</tbody></table>'


def _links(urls: str) -> str:
    """Links for a `;`-separated list of addresses; anything not http(s) is shown as text, never linked."""
    parts = []
    for url in (u.strip() for u in urls.split(";") if u.strip()):
        if url.startswith(("http://", "https://")):
            parts.append(f'<a href="{escape(url)}" rel="noopener">{escape(url)}</a>')
        else:
            parts.append(escape(url))
    return "<br>".join(parts)


def backlinks_html(backlinks: Iterable[Backlink], link: Callable[[str], str]) -> str:
    """The list that replaces a study page's placeholder; `link` makes a site URL relative to the study page."""
    grouped: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
    for backlink in backlinks:
        grouped[(backlink.page_url, backlink.page_title)].append(backlink)
    if not grouped:
        return '<p class="no-backlinks">No page cites this study yet.</p>'
    items = []
    for (page_url, page_title), group in sorted(grouped.items(), key=lambda item: item[0][1]):
        sections = _merge_sections(group)
        inner = "".join(
            f'<li><a href="{escape(link(b.url))}">{escape(b.section_title or b.section)}</a>'
            + (" " + badge("direction", DIRECTIONS[b.direction]) if b.direction else "")
            + "</li>"
            for b in sections
            if b.section
        )
        page = f'<a href="{escape(link(page_url))}">{escape(page_title)}</a>'
        items.append(f"<li>{page}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
    return f'<ul class="backlinks">{"".join(items)}</ul>'


def _merge_sections(backlinks: list[Backlink]) -> list[Backlink]:
    """One entry per section, keeping the evidence direction when any citation of it carries one."""
    merged: dict[str, Backlink] = {}
    for backlink in backlinks:
        if backlink.section not in merged or backlink.direction:
            merged[backlink.section] = backlink
    return list(merged.values())


def _study_link(url: str) -> str:
    return f' <a href="{escape(url)}">Study page</a>' if url else ""


def bibliography_markdown(
    library: Library, study_url: Callable[[str], str], hold: Callable[[str], str] = lambda html: html
) -> str:
    """All references, grouped by study type, each linked to its page."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for key in library:
        reference = library.reference(key)
        groups[reference.study_type].append(reference)
    parts = [
        "---\ntitle: Bibliography\n---\n\n# Bibliography\n\n",
        f"All {len(library)} references the site draws on, grouped by study design. "
        "Each links to its own page, with where its details were checked and which claims cite it.\n\n",
    ]
    order = [*STUDY_TYPES, *sorted(set(groups) - set(STUDY_TYPES))]
    for study_type in order:
        references = sorted(groups.get(study_type, []), key=lambda r: (r.first_author.lower(), r.year))
        if not references:
            continue
        term = STUDY_TYPES.get(study_type)
        label = term.label if term else (study_type or "Study type not stated")
        parts.append(f"## {escape(label)} ({len(references)}) {{#type-{escape(study_type or 'none')}}}\n\n")
        items = "".join(
            f"<li>{format_reference(r).html} {status_badge(r)}{_study_link(study_url(r.key))}</li>" for r in references
        )
        # Kept out of search: readers find a study by its own page, not by this long list.
        parts.append(hold(f'<ul class="bibliography" data-search-exclude>{items}</ul>'))
    return "".join(parts)
