"""One build of the site: the library, every page's claims and citations, the backlink graph and the problems.

The MkDocs glue and the `check` command both drive this class page by page, so they find the same problems.
A new Project is made per build; the parsed library is reused while `references.bib` is unchanged.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .cards import claim_card
from .citations import CitationExtension, cited_keys, source_lines_citing
from .claims import Claim, ClaimsPage, category_of, parse_claims_page
from .downloads import bibtex, claim_record, claims_csv, claims_json, downloads_html
from .evidence_map import evidence_map_markdown, evidence_map_svg
from .formatting import prepare_references
from .fragments import Fragments
from .glossary import glossary_markdown, parse_glossary
from .matrix import agreement_matrix, comparison_markdown, group_by_category, verdict_legend
from .problems import Problem, Severity, did_you_mean, sorted_problems
from .references import Library, library_from_snapshot, library_snapshot, load, parse
from .render import root_prefix
from .scorecards import scorecard_html
from .structured_data import claims_page_json_ld
from .studies import (
    Backlink,
    backlinks_html,
    backlinks_placeholder,
    bibliography_markdown,
    study_key,
    study_page_markdown,
    study_page_meta,
    study_src_path,
)
from .vocabulary import CATEGORIES

BIBLIOGRAPHY_SRC_PATH = "bibliography.md"
COMPARISON_SRC_PATH = "comparison.md"
EVIDENCE_MAP_SRC_PATH = "evidence-map.md"
GLOSSARY_SRC_PATH = "glossary.md"
GLOSSARY_SNIPPET = "_snippets/glossary.md"  # relative to docs/
DOWNLOADS = "downloads"

def escape_markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def category_label(category: str) -> str:
    term = CATEGORIES.get(category)
    return term.label if term else category


_LIBRARY_CACHE: dict[tuple[str, str], Library] = {}


def load_library(bib_path: Path, display_path: str) -> Library:
    """The parsed library, re-parsed only when the file's bytes change (e.g. between `mkdocs serve` rebuilds)."""
    if not bib_path.is_file():
        return load(bib_path, display_path)
    data = bib_path.read_bytes()
    content = hashlib.sha256(data).hexdigest()
    cache_key = (display_path, content)
    if cache_key not in _LIBRARY_CACHE:
        _LIBRARY_CACHE.clear()
        snapshot_name = f"library-{content[:16]}.json"
        library = library_from_snapshot(cache.read_snapshot(snapshot_name), display_path)
        if library is None:  # bibtexparser takes ~2 s on 10,000 entries; the snapshot ~0.2 s
            library = parse(data, display_path)
            cache.write_snapshot(snapshot_name, library_snapshot(library), replaces="library-")
        _LIBRARY_CACHE[cache_key] = library
    return _LIBRARY_CACHE[cache_key]


@dataclass(frozen=True)
class PageSource:
    """A page's Markdown as MkDocs hands it over, and where it sits in its file (front matter is stripped)."""

    src_path: str  # relative to docs_dir, e.g. `claims/risks.md`
    display_path: str  # as printed in problems, e.g. `docs/claims/risks.md`
    markdown: str
    first_line: int = 1
    meta: Mapping[str, Any] = field(default_factory=dict)  # the page's front matter


FRONT_MATTER_END = ("---", "...")


def split_front_matter(raw: str) -> tuple[str, int]:
    """The Markdown after YAML front matter, and the file line it starts on (as MkDocs strips it)."""
    lines = raw.splitlines(keepends=True)
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in FRONT_MATTER_END:
                rest = "".join(lines[index + 1 :])
                stripped = rest.lstrip("\n")
                return stripped, index + 2 + (len(rest) - len(stripped))
    return raw, 1


def read_front_matter(raw: str) -> dict[str, Any]:
    """The page's YAML front matter as a dict; empty when absent or unreadable (MkDocs reports that itself)."""
    markdown, first_line = split_front_matter(raw)
    if first_line == 1:
        return {}
    try:
        data = yaml.safe_load("".join(raw.splitlines(keepends=True)[1 : first_line - 1]).rsplit("---", 1)[0])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def first_line_after_front_matter(raw: str, markdown: str) -> int:
    """Line of the file where `markdown` (the file with its front matter removed) starts."""
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n") + 1
    return 1


class Project:
    def __init__(
        self,
        library: Library,
        use_directory_urls: bool = True,
        site_url: str = "",
        glossary: str = "",
        study_pages: str = "all",
    ) -> None:
        self.library = library
        # "all": every reference gets a page; "cited": only those a page cites (for libraries of thousands, where
        # nobody reads pages of references nothing cites; the bibliography still lists every one).
        self.study_pages = study_pages
        self._prescanned: set[str] = set()
        self.glossary = glossary  # text of the abbreviations file; empty when the site has none
        self.use_directory_urls = use_directory_urls
        self.base_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.fragments = Fragments()
        self.extension = CitationExtension(library, fragments=self.fragments)
        self.claims: dict[str, list[Claim]] = {}
        self._parsed: dict[str, tuple[str, ClaimsPage]] = {}  # src_path → (markdown parsed, result)
        self.backlinks: dict[str, list[Backlink]] = defaultdict(list)
        self.cited: set[str] = set()
        self.cited_by_page: dict[str, list[str]] = defaultdict(list)
        self._page_problems: list[Problem] = []
        self.generated_meta: dict[str, dict[str, Any]] = {}  # src_path → meta of a generated page without front matter

    # --- URLs -------------------------------------------------------------------------------------------------
    def site_url(self, src_path: str) -> str:
        stem = src_path[: -len(".md")]
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def study_url(self, key: str) -> str:
        """Site URL of a study's page; empty when the reference has no page of its own."""
        return self.site_url(study_src_path(key)) if key in self.keys_with_pages else ""

    @staticmethod
    def _link(target: str, from_url: str) -> str:
        """Link to a site URL from a page; the way up to the site root is computed once per page."""
        return root_prefix(from_url) + target if target else ""

    def claim_site_url(self, claim: Claim) -> str:
        return f"{self.site_url(f'claims/{claim.category}.md')}#{claim.id}"

    def claim_linker(self, from_url: str) -> Callable[[Claim], str]:
        return lambda claim: root_prefix(from_url) + self.claim_site_url(claim)

    # --- generated pages ----------------------------------------------------------------------------------------
    def note_citations(self, markdown: str) -> None:
        """Before rendering: remember which keys a page cites, to know which study pages to generate."""
        if self.study_pages != "all":
            self._prescanned |= cited_keys(markdown)

    @cached_property
    def keys_with_pages(self) -> frozenset[str]:
        if self.study_pages == "all":
            return frozenset(self.library.entries)
        claimed = {link.key for claim in self.all_claims() for link in claim.evidence}
        wanted = self._prescanned | claimed | set(self.library.compared_pages)
        return frozenset(key for key in wanted if key in self.library)

    def generated_pages(self) -> dict[str, str]:
        """Source of every generated page: one per study, the bibliography, comparison, evidence map, glossary."""
        prepare_references(self.library, self.library.entries)  # the bibliography shows every reference
        pages = {}
        for key in self.library:
            if key in self.keys_with_pages:
                reference = self.library.reference(key)
                src_path = study_src_path(key)
                pages[src_path] = study_page_markdown(reference, self.fragments.hold, self.fragments.hold_late)
                self.generated_meta[src_path] = study_page_meta(reference)
        bibliography_url = self.site_url(BIBLIOGRAPHY_SRC_PATH)
        pages[BIBLIOGRAPHY_SRC_PATH] = bibliography_markdown(
            self.library, lambda key: self._link(self.study_url(key), bibliography_url), self.fragments.hold_late
        )
        claims = self.all_claims()
        pages[COMPARISON_SRC_PATH] = comparison_markdown(
            group_by_category(claims),
            self.library,
            self.claim_linker(self.site_url(COMPARISON_SRC_PATH)),
            self.fragments.hold_late,
        )
        svg = evidence_map_svg(claims, self.library, self.claim_linker(self.site_url(EVIDENCE_MAP_SRC_PATH)))
        pages[EVIDENCE_MAP_SRC_PATH] = evidence_map_markdown(self.fragments.hold_late(svg))
        if self.glossary:
            pages[GLOSSARY_SRC_PATH] = glossary_markdown(parse_glossary(self.glossary))
        return pages

    def downloads(self) -> dict[str, str]:
        """Files for reuse: all claims as JSON and CSV. Per-page BibTeX comes later, from `page_bibtex`."""
        records = [
            claim_record(claim, self.library, self.base_url + self.site_url(f"claims/{claim.category}.md"))
            for claim in self.all_claims()
        ]
        return {
            f"{DOWNLOADS}/claims.json": claims_json(records),
            f"{DOWNLOADS}/claims.csv": claims_csv(records, self.library.compared_pages),
        }

    def page_bibtex(self, src_path: str) -> str:
        """BibTeX of every reference a page cites or weighs as evidence."""
        keys = dict.fromkeys(self.cited_by_page.get(src_path, []))
        return bibtex(self.library.entries[key] for key in keys if key in self.library)

    # --- claims -----------------------------------------------------------------------------------------------
    def add_claims_page(self, page: PageSource) -> ClaimsPage | None:
        """Parse and check a claims page; done for every claims page before any page renders, so that matrices,
        the comparison page and source scorecards can see all claims."""
        category = category_of(page.src_path)
        if category is None:
            return None
        cached = self._parsed.get(page.src_path)
        if cached and cached[0] == page.markdown:
            return cached[1]
        parsed = parse_claims_page(page.markdown, page.display_path, category, self.library, page.first_line)
        if cached:  # MkDocs handed over different text than was read: keep only this parse's problems
            self._page_problems = [p for p in self._page_problems if p not in cached[1].problems]
        self._parsed[page.src_path] = (page.markdown, parsed)
        self._page_problems += parsed.problems
        self.claims[page.src_path] = parsed.claims
        return parsed

    def all_claims(self) -> list[Claim]:
        return [claim for claims in self.claims.values() for claim in claims]

    # --- per page -----------------------------------------------------------------------------------------------
    def prepare(self, page: PageSource, page_url: str) -> str:
        """The Markdown to render: claim blocks become cards, a claims page gets its matrix and JSON-LD, a source
        page (front matter `source: <key>`) its scorecard."""
        self.extension.study_url = lambda key: self._link(self.study_url(key), page_url)
        source_key = str(page.meta.get("source", ""))
        if source_key:
            scorecard = self._scorecard(source_key, page, page_url)
            return page.markdown + "\n\n## Scorecard {#scorecard}\n" + self.fragments.hold(scorecard)
        parsed = self.add_claims_page(page)
        if parsed is None:
            return page.markdown
        lines = page.markdown.splitlines()
        headings = [block.claim.line - page.first_line for block in parsed.blocks] + [len(lines)]
        for index in reversed(range(len(parsed.blocks))):  # from the end, so earlier line numbers stay valid
            block = parsed.blocks[index]
            start, end = block.start - page.first_line, block.end - page.first_line
            # The details (studies, numbers) stay out of the search index, so that a claim is found by its
            # statement, its plain answer and readers' own words rather than drowned in trial vocabulary.
            lines.insert(headings[index + 1], "\n</div>\n")
            card = claim_card(block.claim, self.library, self.extension.study_url)
            details = '<div class="claim-details" markdown="1" data-search-exclude>\n'
            lines[start : end + 1] = [self.fragments.hold(card), details]
            heading = headings[index]
            lines[heading] = f"## {escape_markup(block.claim.title)} {{#{block.claim.id}}}"  # a claim is text
        if parsed.blocks:
            first_claim = parsed.blocks[0].claim.line - page.first_line
            matrix = agreement_matrix(
                parsed.claims, self.library, lambda claim: f"#{claim.id}", "Who says what on this page"
            )
            root = root_prefix(page_url)
            legend = verdict_legend(root + self.site_url("how-to-read.md"))
            lines[first_claim:first_claim] = [self.fragments.hold_late(legend + matrix)]
            category = parsed.claims[0].category
            page_address = self.base_url + page_url
            json_ld = claims_page_json_ld(parsed.claims, self.library, page_address, category_label(category))
            lines.append(self.fragments.hold_late(downloads_html(root + DOWNLOADS + "/", category) + json_ld))
        return "\n".join(lines)

    def _scorecard(self, source_key: str, page: PageSource, page_url: str) -> str:
        if source_key not in self.library.compared_pages:
            hint = did_you_mean(source_key, self.library.compared_pages) or "use a key with compared = {yes}"
            self._page_problems.append(Problem(page.display_path, 1, f"unknown source '{source_key}'", hint))
            return ""
        self.cited.add(source_key)
        return scorecard_html(source_key, self.all_claims(), self.claim_linker(page_url))

    def finish(self, page: PageSource, page_url: str, page_title: str, html: str) -> str:
        """After a page is converted: record its citations and put its ready-made HTML in."""
        self.record(page, page_url, page_title)
        return self.fragments.release(html)

    def record(self, page: PageSource, page_url: str, page_title: str) -> None:
        """After a page is rendered: note what it cites (for backlinks) and where it cites unknown keys."""
        cited_page = self.extension.page
        titles = cited_page.section_titles
        for use in cited_page.uses:
            self.cited.add(use.key)
            self.cited_by_page[page.src_path].append(use.key)
            self.backlinks[use.key].append(Backlink(page_url, page_title, use.section, titles.get(use.section, "")))
        for claim in self.claims.get(page.src_path, []):
            for link in claim.evidence:
                self.cited.add(link.key)
                self.cited_by_page[page.src_path].append(link.key)
                self.backlinks[link.key].append(Backlink(page_url, page_title, claim.id, claim.title, link.direction))
            self.cited.update(source.key for source in claim.sources)
        for key in dict.fromkeys(k for k in cited_page.unknown if k not in self.library.broken_keys):
            lines = source_lines_citing(page.markdown, key) or [0]
            for line in lines:
                number = line + page.first_line - 1 if line else page.first_line
                hint = self.library.suggest(key) or "add it to references.bib"
                self._page_problems.append(Problem(page.display_path, number, f"unknown citation key '{key}'", hint))

    def finalize(self, src_path: str, output: str) -> str:
        """The finished HTML file of a page: late fragments, backlinks and citation tooltips put in."""
        key = study_key(src_path)
        if key is not None:
            root = root_prefix(self.study_url(key))
            html = backlinks_html(self.backlinks.get(key, []), lambda target: root + target)
            output = output.replace(backlinks_placeholder(key), html)
        return self.extension.finish_html(output)

    # --- problems -----------------------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        """Everything found so far, in reading order; unused references are notices, not errors."""
        unused = [
            Problem(
                self.library.path,
                raw.line,
                f"reference '{key}' is not cited by any page",
                "cite it or leave it; this does not fail the build",
                Severity.NOTICE,
            )
            for key, raw in self.library.entries.items()
            if key not in self.cited
        ]
        return sorted_problems([*self.library.problems, *self._page_problems, *unused])

    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems() if problem.is_error]
