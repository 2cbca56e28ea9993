"""Every claim of the site, by page: parsed once each, before any page renders, because matrices, the comparison
page, the evidence map and source scorecards need all of them. A claim id names one claim across the site."""

from __future__ import annotations

from .claims import Claim, ClaimsPage, HeldBackVerdicts, category_of, parse_claims_page
from .library.catalog import Library
from .pages import PageSource
from .problems import Problem


class ClaimRegistry:
    def __init__(self, library: Library) -> None:
        self.library = library
        self._parsed: dict[str, tuple[str, ClaimsPage]] = {}  # src_path → (markdown parsed, result)
        self._first_use: dict[str, tuple[str, int]] = {}  # claim id → (path, line) where first defined
        self._id_problems: dict[str, list[Problem]] = {}

    def add_page(self, page: PageSource) -> ClaimsPage | None:
        """Parse and check a claims page (None for other pages); the same text is parsed only once."""
        category = category_of(page.src_path)
        if category is None:
            return None
        cached = self._parsed.get(page.src_path)
        if cached and cached[0] == page.markdown:
            return cached[1]
        parsed = parse_claims_page(page.markdown, page.display_path, category, self.library, page.first_line)
        self._parsed[page.src_path] = (page.markdown, parsed)
        self._id_problems[page.src_path] = self._claim_id_problems(parsed.claims)
        return parsed

    def _claim_id_problems(self, claims: list[Claim]) -> list[Problem]:
        """Links, claims.json and JSON-LD rely on a claim id being unique across pages."""
        problems = []
        for claim in claims:
            first = self._first_use.setdefault(claim.id, (claim.path, claim.line))
            if first[0] != claim.path:
                hint = f"first used at {first[0]}:{first[1]}; give this claim another id"
                problems.append(Problem(claim.path, claim.line, f"claim id '{claim.id}' is used on two pages", hint))
        return problems

    @property
    def pages(self) -> list[str]:
        return list(self._parsed)

    def on_page(self, src_path: str) -> list[Claim]:
        parsed = self._parsed.get(src_path)
        return parsed[1].claims if parsed else []

    def all(self) -> list[Claim]:
        return [claim for _, parsed in self._parsed.values() for claim in parsed.claims]

    def held_back(self) -> list[HeldBackVerdicts]:
        """The verdicts by comparison of claims kept off the site by their problems."""
        return [held for _, parsed in self._parsed.values() for held in parsed.held_back]

    def problems(self) -> list[Problem]:
        return [
            problem
            for src_path, (_, parsed) in self._parsed.items()
            for problem in [*parsed.problems, *self._id_problems[src_path]]
        ]
