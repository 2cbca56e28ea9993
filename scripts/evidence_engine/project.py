"""One build of the site: the library, every page's claims and citations, the backlink graph and the problems.

The MkDocs glue and the `check` command both drive this class page by page, so they find the same problems.
A new Project is made per build; the parsed library is reused while `references.bib` is unchanged.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .cards import claim_card
from .citations import CitationExtension, source_lines_citing
from .claims import Claim, category_of, parse_claims_page
from .problems import Problem, Severity, sorted_problems
from .references import Library, load, parse
from .render import relative_url
from .studies import (
    Backlink,
    backlinks_html,
    backlinks_placeholder,
    bibliography_markdown,
    study_page_markdown,
    study_src_path,
)

BIBLIOGRAPHY_SRC_PATH = "bibliography.md"

_LIBRARY_CACHE: dict[tuple[str, str], Library] = {}


def load_library(bib_path: Path, display_path: str) -> Library:
    """The parsed library, re-parsed only when the file's bytes change (e.g. between `mkdocs serve` rebuilds)."""
    if not bib_path.is_file():
        return load(bib_path, display_path)
    data = bib_path.read_bytes()
    cache_key = (display_path, hashlib.sha256(data).hexdigest())
    if cache_key not in _LIBRARY_CACHE:
        _LIBRARY_CACHE.clear()
        _LIBRARY_CACHE[cache_key] = parse(data, display_path)
    return _LIBRARY_CACHE[cache_key]


@dataclass(frozen=True)
class PageSource:
    """A page's Markdown as MkDocs hands it over, and where it sits in its file (front matter is stripped)."""

    src_path: str  # relative to docs_dir, e.g. `claims/risks.md`
    display_path: str  # as printed in problems, e.g. `docs/claims/risks.md`
    markdown: str
    first_line: int = 1


def first_line_after_front_matter(raw: str, markdown: str) -> int:
    """Line of the file where `markdown` (the file with its front matter removed) starts."""
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n") + 1
    return 1


class Project:
    def __init__(self, library: Library, use_directory_urls: bool = True) -> None:
        self.library = library
        self.use_directory_urls = use_directory_urls
        self.extension = CitationExtension(library)
        self.claims: dict[str, list[Claim]] = {}
        self.backlinks: dict[str, list[Backlink]] = defaultdict(list)
        self.cited: set[str] = set()
        self._page_problems: list[Problem] = []

    # --- URLs -------------------------------------------------------------------------------------------------
    def site_url(self, src_path: str) -> str:
        stem = src_path[: -len(".md")]
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def study_url(self, key: str) -> str:
        return self.site_url(study_src_path(key))

    # --- generated pages ----------------------------------------------------------------------------------------
    def generated_pages(self) -> dict[str, str]:
        """Source of every generated page: one per study, and the bibliography."""
        pages = {study_src_path(key): study_page_markdown(self.library.reference(key)) for key in self.library}
        bibliography_url = self.site_url(BIBLIOGRAPHY_SRC_PATH)
        pages[BIBLIOGRAPHY_SRC_PATH] = bibliography_markdown(
            self.library, lambda key: relative_url(self.study_url(key), bibliography_url)
        )
        return pages

    # --- per page -----------------------------------------------------------------------------------------------
    def prepare(self, page: PageSource, page_url: str) -> str:
        """Check a page's claims and replace each claim block with its card; returns the Markdown to render."""
        self.extension.study_url = lambda key: relative_url(self.study_url(key), page_url)
        category = category_of(page.src_path)
        if category is None:
            return page.markdown
        parsed = parse_claims_page(page.markdown, page.display_path, category, self.library, page.first_line)
        self._page_problems += parsed.problems
        self.claims[page.src_path] = parsed.claims
        lines = page.markdown.splitlines()
        for block in reversed(parsed.blocks):  # from the end, so earlier line numbers stay valid
            start, end = block.start - page.first_line, block.end - page.first_line
            card = claim_card(block.claim, self.library, self.extension.study_url)
            lines[start : end + 1] = ["", card, ""]
        return "\n".join(lines)

    def record(self, page: PageSource, page_url: str, page_title: str) -> None:
        """After a page is rendered: note what it cites (for backlinks) and where it cites unknown keys."""
        cited_page = self.extension.page
        titles = cited_page.section_titles
        for use in cited_page.uses:
            self.cited.add(use.key)
            self.backlinks[use.key].append(Backlink(page_url, page_title, use.section, titles.get(use.section, "")))
        for claim in self.claims.get(page.src_path, []):
            for link in claim.evidence:
                self.cited.add(link.key)
                self.backlinks[link.key].append(Backlink(page_url, page_title, claim.id, claim.title, link.direction))
            self.cited.update(source.key for source in claim.sources)
        for key in dict.fromkeys(k for k in cited_page.unknown if k not in self.library.broken_keys):
            lines = source_lines_citing(page.markdown, key) or [0]
            for line in lines:
                number = line + page.first_line - 1 if line else page.first_line
                hint = self.library.suggest(key) or "add it to references.bib"
                self._page_problems.append(Problem(page.display_path, number, f"unknown citation key '{key}'", hint))

    def fill_backlinks(self, key: str, study_html: str) -> str:
        study_url = self.study_url(key)
        html = backlinks_html(self.backlinks.get(key, []), lambda target: relative_url(target, study_url))
        return study_html.replace(backlinks_placeholder(key), html)

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
