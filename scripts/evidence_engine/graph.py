"""Who cites what, where: every study's backlinks, the keys each page cites, and which references no page uses.

Collected page by page while the site renders, read once every page is known (study pages' backlinks, per-page
BibTeX downloads, the notices about unused references) — the order Material's tags plugin follows for its graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from .citations import CitationUse
from .claims import Claim
from .studies import Backlink


class CitationGraph:
    def __init__(self) -> None:
        self.backlinks: dict[str, list[Backlink]] = defaultdict(list)
        self._by_page: dict[str, list[str]] = defaultdict(list)
        self._used: set[str] = set()

    def add_citations(
        self, src_path: str, page_url: str, page_title: str, uses: Iterable[CitationUse], titles: Mapping[str, str]
    ) -> None:
        """The in-text citations of one rendered page, each with the section (claim) it sits in."""
        for use in uses:
            self._add(src_path, use.key)
            self.backlinks[use.key].append(Backlink(page_url, page_title, use.section, titles.get(use.section, "")))

    def add_claims(self, src_path: str, page_url: str, page_title: str, claims: Iterable[Claim]) -> None:
        """The studies each claim weighs as evidence, and the pages it compares."""
        for claim in claims:
            for link in claim.evidence:
                self._add(src_path, link.key)
                self.backlinks[link.key].append(Backlink(page_url, page_title, claim.id, claim.title, link.direction))
            self._used.update(source.key for source in claim.sources)

    def mark_used(self, key: str) -> None:
        """A reference used other than by citation (a compared page shown on its own scorecard page)."""
        self._used.add(key)

    def keys_of_page(self, src_path: str) -> list[str]:
        """Every key a page cites or weighs, in order of first use, once each."""
        return list(dict.fromkeys(self._by_page.get(src_path, [])))

    def is_used(self, key: str) -> bool:
        return key in self._used

    def _add(self, src_path: str, key: str) -> None:
        self._used.add(key)
        self._by_page[src_path].append(key)
