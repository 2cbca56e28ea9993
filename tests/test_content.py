"""The real content: readable claims, plain openings, quotes that are really in the pages they are attributed to, one
claim per id."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
import textstat
from evidence_engine.citations import CITATION
from evidence_engine.claims import Claim, ClaimBlock, ClaimsPage, category_of, parse_claims_page
from evidence_engine.library.load import load
from evidence_engine.numbers import sentences
from evidence_engine.pages import PageSource, split_front_matter

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT.parent / "shared" / "seeds"  # the five compared pages, outside the repository
SEED_FILES = {
    "verywellhealthnd": "000_",
    "medicinemadesimplend": "001_",
    "baptisthealthnd": "002_",
    "coloradoclinicnd": "003_",
    "radiologypracticend": "004_",
}


STUDIES_LABEL = "**What the studies show.**"


def real_claims_pages() -> list[tuple[str, str, ClaimsPage]]:
    """Each claims page as (path under docs/, its whole text, its parsed claims)."""
    library = load([(PROJECT / "references.bib", "references.bib")])
    pages = []
    for path in sorted((PROJECT / "docs" / "claims").glob("*.md")):
        src = path.relative_to(PROJECT / "docs").as_posix()
        text = path.read_text()
        markdown, first_line, _, _ = split_front_matter(text)
        category = category_of(src)
        assert category is not None
        page = parse_claims_page(markdown, f"docs/{src}", category, library, first_line)
        assert page.problems == []
        pages.append((src, text, page))
    return pages


def real_claims() -> list[Claim]:
    return [claim for _, _, page in real_claims_pages() for claim in page.claims]


def studies_show_sentences(src: str, text: str, block: ClaimBlock) -> list[str]:
    """The sentences of the claim's "What the studies show" paragraph, label removed; none if it has no such
    paragraph before the next heading. Split by the number check's own splitter, so both read the same sentences."""
    lines = text.split("\n")
    start = block.end  # `end` is the 1-based line of the closing `///`: the 0-based index of the line after it
    while start < len(lines) and not lines[start].startswith(("#", STUDIES_LABEL)):
        start += 1
    if start == len(lines) or not lines[start].startswith(STUDIES_LABEL):
        return []
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    paragraph = "\n".join(lines[start:end]).removeprefix(STUDIES_LABEL)
    return [sentence.text for sentence in sentences(PageSource(src, f"docs/{src}", paragraph))]


def studies_show_by_claim() -> dict[str, list[str]]:
    return {
        block.claim.id: studies_show_sentences(src, text, block)
        for src, text, page in real_claims_pages()
        for block in page.blocks
    }


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


def is_plain(sentence: str) -> bool:
    """Grade 8 or below, with no figure and no citation: an uncited figure would escape the number check, and figures
    and citations belong to the sentences after it."""
    return textstat.flesch_kincaid_grade(sentence) <= 8 and not re.search(r"\d|" + CITATION, sentence)


def test_what_the_studies_show_opens_with_a_plain_sentence() -> None:
    """Each claim's evidence opens with one sentence a patient can read: grade 8 or below, no figures, no citations."""
    openings = {claim_id: found[0] if found else "" for claim_id, found in studies_show_by_claim().items()}
    not_plain = {
        claim_id: (textstat.flesch_kincaid_grade(opening), opening)
        for claim_id, opening in openings.items()
        if not (opening and is_plain(opening))
    }
    assert not_plain == {}


def test_the_plain_sentence_is_followed_by_the_details() -> None:
    """The plain sentence leads into the details for clinicians, in the same paragraph: it never stands alone."""
    alone = [claim_id for claim_id, found in studies_show_by_claim().items() if len(found) < 2]
    assert alone == []


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


def test_methods_page_counts_match_the_reference_list() -> None:
    """The reference counts the methods page states are those of references.bib, status by status."""
    text = " ".join((PROJECT / "docs" / "methods.md").read_text().split())
    library = load([(PROJECT / "references.bib", "references.bib")])
    statuses = [library.reference(key).status for key in library]
    stated = re.search(r"holds (\d+) entries: (\d+) verified, (\d+) partly verified and (\d+) unconfirmed", text)
    assert stated, "the methods page no longer states the reference counts"
    assert tuple(map(int, stated.groups())) == (
        len(statuses),
        statuses.count("verified"),
        statuses.count("partial"),
        statuses.count("unverified"),
    )
