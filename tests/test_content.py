"""The real content: readable claims, quotes that are really in the pages they are attributed to, one claim per id."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
import textstat
from evidence_engine.claims import category_of, parse_claims_page
from evidence_engine.library.load import load
from evidence_engine.pages import split_front_matter

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT.parent / "shared" / "seeds"  # the five compared pages, outside the repository
SEED_FILES = {
    "verywellhealthnd": "000_",
    "medicinemadesimplend": "001_",
    "baptisthealthnd": "002_",
    "coloradoclinicnd": "003_",
    "radiologypracticend": "004_",
}


def real_claims():
    library = load([(PROJECT / "references.bib", "references.bib")])
    claims = []
    for path in sorted((PROJECT / "docs" / "claims").glob("*.md")):
        src = path.relative_to(PROJECT / "docs").as_posix()
        markdown, first_line, _, _ = split_front_matter(path.read_text())
        page = parse_claims_page(markdown, f"docs/{src}", category_of(src), library, first_line)
        assert page.problems == []
        claims += page.claims
    return claims


def test_every_category_has_claims() -> None:
    """All six categories are covered."""
    assert {claim.category for claim in real_claims()} == {
        "indications",
        "contraindications",
        "procedure",
        "risks",
        "efficacy",
        "recovery",
    }


def test_claim_statements_read_at_grade_eight_or_below() -> None:
    """Median Flesch–Kincaid grade of the claims and their plain answers is at most 8 (seed pages: 9.9–11.8)."""
    grades = [textstat.flesch_kincaid_grade(text) for c in real_claims() for text in (c.title, c.bottom_line)]
    assert statistics.median(grades) <= 8, statistics.median(grades)


def test_claim_ids_are_unique_across_the_site() -> None:
    """An anchor names one claim, site-wide."""
    ids = [claim.id for claim in real_claims()]
    assert len(ids) == len(set(ids))


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed pages live outside the repository")
def test_every_quote_is_in_the_page_it_is_attributed_to() -> None:
    """A quote attributed to a page appears in that page, word for word."""
    pages = {key: normalise(next(SEEDS.glob(prefix + "*")).read_text()) for key, prefix in SEED_FILES.items()}
    misquoted = [
        (claim.id, source.key, source.quote)
        for claim in real_claims()
        for source in claim.sources
        if source.quote and normalise(source.quote.strip('"')) not in pages[source.key]
    ]
    assert misquoted == []


def test_methods_page_counts_match_the_claims_pages() -> None:
    """The per-topic claim counts the methods page states are the numbers of claims on the claims pages."""
    text = (PROJECT / "docs" / "methods.md").read_text()
    stated = {m[1]: int(m[2]) for m in re.finditer(r"\(claims/(\w+)\.md\) \| (\d+) \|", text)}
    counted: dict[str, int] = {}
    for claim in real_claims():
        counted[claim.category] = counted.get(claim.category, 0) + 1
    assert stated == counted
    assert f"**{sum(counted.values())} claims**" in text
