"""One build of the site: the library, every page's claims and citations, the backlink graph and the problems.

The MkDocs glue and the `check` command both drive this class page by page, so they find the same problems.
A new Project is made per build; the parsed library is reused while `references.bib` is unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

from markupsafe import Markup, escape

from . import cache
from .cards import claim_card
from .citations import CitationExtension, cited_keys, source_lines_citing, source_lines_containing
from .claims import Claim, ClaimsPage
from .corrections import Correction, claim_problems, corrections_markdown, last_changed
from .crosscheck import claim_pictures, verdict_problems
from .downloads import (
    bibtex,
    claim_record,
    claims_csv,
    claims_json,
    downloads_html,
    finding_records,
    findings_csv,
    findings_json,
)
from .evidence_map import evidence_map_list, evidence_map_markdown, evidence_map_svg
from .findings import StudyFindings
from .formatting import prepare_references
from .fragments import Fragments
from .glossary import glossary_markdown, parse_glossary
from .graph import CitationGraph
from .library.catalog import Library
from .library.model import Reference
from .matrix import agreement_matrix, comparison_markdown, group_by_category, verdict_legend
from .numbers import check_claim_numbers, check_numbers, key_finding_problems
from .pages import PageSource
from .problems import LIBRARY, Problem, Severity, did_you_mean, entry_input, sorted_problems
from .registry import ClaimRegistry
from .render import root_prefix
from .results import icon_array_html, results_by_comparison, results_html, results_page_markdown, summary_table_html
from .scorecards import scorecard_html
from .structured_data import claims_page_json_ld
from .studies import (
    StudyPieces,
    backlinks_html,
    bibliography_markdown,
    study_key,
    study_name,
    study_page_markdown,
    study_page_meta,
    study_pieces,
    study_src_path,
)
from .summary import ComparisonSummary
from .vocabulary import CATEGORIES, VERDICTS

BIBLIOGRAPHY_SRC_PATH = "bibliography.md"
COMPARISON_SRC_PATH = "comparison.md"
EVIDENCE_MAP_SRC_PATH = "evidence-map.md"
RESULTS_SRC_PATH = "results.md"
GLOSSARY_SRC_PATH = "glossary.md"
CORRECTIONS_SRC_PATH = "corrections.md"
GLOSSARY_SNIPPET = "_snippets/glossary.md"  # relative to docs/
DOWNLOADS = "downloads"


def _as_notice(problem: Problem) -> Problem:
    return dataclasses.replace(problem, severity=Severity.NOTICE)


def category_label(category: str) -> str:
    term = CATEGORIES.get(category)
    return term.label if term else category


def claim_heading(claim: Claim) -> str:
    """A claim's heading says it is a claim and gives its verdict, so that a reader skimming headings, the table of
    contents or search results never takes a contradicted claim for a fact. Escaped: a claim is text."""
    return f"“{escape(claim.title)}” — {VERDICTS[claim.verdict].label}"


class Project:
    def __init__(
        self,
        library: Library,
        use_directory_urls: bool = True,
        site_url: str = "",
        glossary: str = "",
        study_pages: str = "all",
        page_url: Callable[[str], str] | None = None,
        findings: Mapping[str, StudyFindings] | None = None,
        summaries: Mapping[str, ComparisonSummary | None] | None = None,
        corrections: tuple[Correction, ...] = (),
        corrections_path: str = "corrections.yml",
    ) -> None:
        self.library = library
        # "all": every reference gets a page; "cited": only those a page cites (for libraries of thousands, where
        # nobody reads pages of references nothing cites; the bibliography still lists every one).
        self.study_pages = study_pages
        self._prescanned: set[str] = set()
        self.glossary = glossary  # text of the abbreviations file; empty when the site has none
        self.use_directory_urls = use_directory_urls
        self._page_url = page_url  # MkDocs' own URL of a page, where the glue supplies it
        self._urls: dict[str, str] = {}
        self.base_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.fragments = Fragments()
        self.extension = CitationExtension(library, fragments=self.fragments)
        self.registry = ClaimRegistry(library)
        self.findings = findings or {}
        self.summaries = summaries or {}  # comparison → its summary-of-findings table (None: the file has problems)
        self.corrections = corrections
        self.corrections_path = corrections_path  # as problems name it
        self.last_changed = last_changed(corrections)  # claim id → date of its latest correction
        self._number_problems: dict[str, list[Problem]] = {}  # src_path → numbers its sentences get wrong
        self._numbers_checked: dict[str, str] = {}  # src_path → the text whose numbers were checked
        self.graph = CitationGraph()
        self._page_problems: list[Problem] = []
        self.generated_meta: dict[str, dict[str, Any]] = {}  # src_path → meta of a generated page without front matter

    # --- URLs -------------------------------------------------------------------------------------------------
    def site_url(self, src_path: str) -> str:
        if self._page_url is not None:
            # MkDocs makes a File to tell a URL (~70 µs): once per page, not once per link to it.
            url = self._urls.get(src_path)
            if url is None:
                url = self._urls[src_path] = self._page_url(src_path)
            return url
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
                pieces = self._study_pieces(reference)
                backlinks = self.fragments.reserve(f"backlinks {key}")
                newer = self._newer_version(reference, src_path)
                pages[src_path] = study_page_markdown(
                    pieces, self.fragments.hold, self.fragments.hold_late, backlinks, newer
                )
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
        listing = evidence_map_list(claims, self.library, self.claim_linker(self.site_url(EVIDENCE_MAP_SRC_PATH)))
        pages[EVIDENCE_MAP_SRC_PATH] = evidence_map_markdown(
            self.fragments.hold_late(svg), self.fragments.hold_late(listing)
        )
        results_url = self.site_url(RESULTS_SRC_PATH)
        name_of = lambda key: study_name(self.library.reference(key))  # noqa: E731
        link_of = lambda key: self._link(self.study_url(key), results_url)  # noqa: E731
        comparisons = results_by_comparison(self.findings, name_of, link_of)
        tables = {
            name: summary_table_html(summary, name_of, link_of) for name, summary in self.summaries.items() if summary
        }
        pages[RESULTS_SRC_PATH] = results_page_markdown(comparisons, self.fragments.hold_late, tables)
        if self.glossary:
            pages[GLOSSARY_SRC_PATH] = glossary_markdown(parse_glossary(self.glossary))
        by_id = {claim.id: claim for claim in claims}
        self._page_problems += claim_problems(self.corrections, by_id, self.corrections_path)
        link = self.claim_linker(self.site_url(CORRECTIONS_SRC_PATH))
        pages[CORRECTIONS_SRC_PATH] = corrections_markdown(
            self.corrections,
            lambda claim_id: (by_id[claim_id].title, link(by_id[claim_id])) if claim_id in by_id else None,
        )
        return pages

    def _newer_version(self, reference: Reference, src_path: str) -> tuple[str, str] | None:
        """Name and link of the entry that supersedes this one (load.py reports a key that is not in the library)."""
        newer = reference.get("supersededby")
        if not newer or newer not in self.library:
            return None
        return study_name(self.library.reference(newer)), self._link(self.study_url(newer), self.site_url(src_path))

    def _study_pieces(self, reference: Reference) -> StudyPieces:
        """A study page's HTML, rendered once and then kept between builds (cache.py)."""
        findings = self.findings.get(reference.key)
        render = lambda: study_pieces(reference, results_html(findings) if findings else "")  # noqa: E731
        return StudyPieces(*cache.study_page(reference.fingerprint, findings, render))

    def downloads(self) -> dict[str, str]:
        """Files for reuse: all claims and all findings as JSON and CSV. Per-page BibTeX comes later, from
        `page_bibtex`."""
        records = [
            claim_record(claim, self.library, self.base_url + self.site_url(f"claims/{claim.category}.md"))
            for claim in self.all_claims()
        ]
        findings = finding_records(self.findings)
        return {
            f"{DOWNLOADS}/claims.json": claims_json(records),
            f"{DOWNLOADS}/claims.csv": claims_csv(records, self.library.compared_pages),
            f"{DOWNLOADS}/findings.json": findings_json(findings),
            f"{DOWNLOADS}/findings.csv": findings_csv(findings),
        }

    def page_bibtex(self, src_path: str) -> str:
        """BibTeX of every reference a page cites or weighs as evidence."""
        return bibtex(self.library.entries[key] for key in self.graph.keys_of_page(src_path) if key in self.library)

    # --- claims -----------------------------------------------------------------------------------------------
    def add_claims_page(self, page: PageSource) -> ClaimsPage | None:
        """Parse and check a claims page, its numbers against the findings; done for every claims page before any
        page renders."""
        parsed = self.registry.add_page(page)
        if parsed is not None:
            self.check_page_numbers(page, parsed)
        return parsed

    def check_page_numbers(self, page: PageSource, claims: ClaimsPage | None = None) -> None:
        """The numbers of a page's citing sentences (and of its claims' own fields) against the cited studies'
        findings, on every page an editor writes: a handout's "12 of 48" is the same promise as a claim's. Called
        in on_files and again when a claims page renders: checked once per text."""
        if self._numbers_checked.get(page.src_path) == page.markdown:
            return
        problems = check_numbers(page, self.findings, self._study_names)
        if claims is not None:
            problems += check_claim_numbers(page, claims, self.findings, self._study_names)
        self._number_problems[page.src_path] = problems
        self._numbers_checked[page.src_path] = page.markdown

    @cached_property
    def _study_names(self) -> dict[str, str]:
        """What readers call each study with findings: its trial's name where it has one (INVEST), else its key."""
        return {key: self.library.entries[key].get("trial") or key for key in self.findings if key in self.library}

    def all_claims(self) -> list[Claim]:
        return self.registry.all()

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
            lines.insert(headings[index + 1], "\n</details>\n")
            changed = self.last_changed.get(block.claim.id, "")
            corrections_url = root_prefix(page_url) + self.site_url(CORRECTIONS_SRC_PATH) + f"#{block.claim.id}"
            arrays, found = claim_pictures(
                block.claim, self.findings, lambda key: study_name(self.library.reference(key))
            )
            self._page_problems += [*found, *verdict_problems(block.claim, self.summaries)]
            pictures = Markup("").join(icon_array_html(array) for array in arrays)
            card = claim_card(block.claim, self.library, self.extension.study_url, changed, corrections_url, pictures)
            # Closed, so that a long page can be scanned claim by claim (heading, verdict, "In short"); printing
            # opens every one (evidence.css, accessibility.js).
            details = (
                '<details class="claim-details" markdown="1" data-search-exclude>\n'
                "<summary>The studies in detail, and where the pages disagree</summary>\n"
            )
            lines[start : end + 1] = [self.fragments.hold(card), details]
            heading = headings[index]
            lines[heading] = f"## {claim_heading(block.claim)} {{#{block.claim.id}}}"
        if parsed.blocks:
            first_claim = parsed.blocks[0].claim.line - page.first_line
            matrix = agreement_matrix(
                parsed.claims,
                self.library,
                lambda claim: f"#{claim.id}",
                "The claims on this page: our verdicts, and who says what",
            )
            root = root_prefix(page_url)
            legend = verdict_legend(root + self.site_url("how-to-read.md"))
            # On a phone the page's matrix shrinks to its claims and verdicts, a list to scan (evidence.css).
            overview = Markup('<div class="page-overview">') + legend + matrix + Markup("</div>")
            lines[first_claim:first_claim] = [self.fragments.hold_late(overview)]
            category = parsed.claims[0].category
            page_address = self.base_url + page_url
            json_ld = claims_page_json_ld(parsed.claims, self.library, page_address, category_label(category))
            lines.append(self.fragments.hold_late(downloads_html(root + DOWNLOADS + "/", category) + json_ld))
        return "\n".join(lines)

    def _scorecard(self, source_key: str, page: PageSource, page_url: str) -> str:
        if source_key not in self.library.compared_pages:
            hint = did_you_mean(source_key, self.library.compared_pages) or "use a key with compared = {yes}"
            follows = (LIBRARY, entry_input(source_key))  # a missing library or a broken entry is the cause
            self._page_problems.append(
                Problem(page.display_path, 1, f"unknown source '{source_key}'", hint, follows=follows)
            )
            return ""
        self.graph.mark_used(source_key)
        return scorecard_html(source_key, self.all_claims(), self.claim_linker(page_url))

    def finish(self, page: PageSource, page_url: str, page_title: str, html: str) -> str:
        """After a page is converted: record its citations and put its ready-made HTML in."""
        self.record(page, page_url, page_title)
        return self.fragments.release(html)

    def record(self, page: PageSource, page_url: str, page_title: str) -> None:
        """After a page is rendered: note what it cites (for backlinks) and where it cites unknown keys."""
        cited_page = self.extension.page
        self.graph.add_citations(page.src_path, page_url, page_title, cited_page.uses, cited_page.section_titles)
        self.graph.add_claims(page.src_path, page_url, page_title, self.registry.on_page(page.src_path))
        for text in dict.fromkeys(cited_page.unreadable):
            for line in source_lines_containing(page.markdown, text) or [0]:
                number = line + page.first_line - 1 if line else page.first_line
                hint = "write it as [@key] or [@key, p. 5]; put a comma after the key before other text"
                self._page_problems.append(Problem(page.display_path, number, f"not read as a citation: {text}", hint))
        for key in dict.fromkeys(cited_page.unknown):
            for line in source_lines_citing(page.markdown, key) or [0]:
                number = line + page.first_line - 1 if line else page.first_line
                self._page_problems.append(self.library.unknown_key(page.display_path, number, key))

    def finalize(self, src_path: str, output: str) -> str:
        """The finished HTML file of a page: late fragments, backlinks and reference lists put in."""
        key = study_key(src_path)
        if key is not None:
            root = root_prefix(self.study_url(key))
            html = backlinks_html(self.graph.backlinks.get(key, []), lambda target: root + target)
            self.fragments.fill(f"backlinks {key}", html)
        return self.extension.finish_html(output)

    # --- problems -----------------------------------------------------------------------------------------------
    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Problems found outside the engine's own steps (reading a page, the site's settings)."""
        self._page_problems += problems

    def problems(self) -> list[Problem]:
        """Everything found so far, in reading order. A reference no page uses is a notice, and so are the problems
        of its entry (a 5,000-entry export must not fail for fields of studies nobody cites); duplicate keys and
        unreadable entries stay errors, since they can hide an entry that is cited."""
        library = self.library
        unused = {key for key in library.entries if not self.graph.is_used(key)}
        notices = [
            Problem(
                library.entries[key].path or library.path,
                library.entries[key].line,
                f"reference '{key}' is not cited by any page",
                "cite it or leave it; this does not fail the build",
                Severity.NOTICE,
            )
            for key in unused
        ]
        numbers = [problem for problems in self._number_problems.values() for problem in problems]
        held_back = [p for held in self.registry.held_back() for p in verdict_problems(held, self.summaries)]
        numbers += key_finding_problems(library, self.findings)
        found = [*library.problems, *self.registry.problems(), *held_back, *numbers, *self._page_problems]
        return sorted_problems([*(_as_notice(p) if p.entry in unused else p for p in found), *notices])
