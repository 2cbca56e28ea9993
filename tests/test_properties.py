"""Property-based tests: arbitrary text into the BibTeX loader, the citation parser and the claims parser never raises,
and what comes out keeps its promises — problems point at a real line of the input, say what is wrong without a
traceback, and the same input always gives the same result."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from evidence_engine.citations import CitationExtension, parse_citation
from evidence_engine.claims import CLAIM_ID, parse_claims_page
from evidence_engine.formatting import format_reference
from evidence_engine.library.load import parse
from evidence_engine.problems import Problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Per test, not a profile loaded for the whole run: other tests keep Hypothesis's defaults.
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BIB_ALPHABET = st.sampled_from(list('@{}(),="%\\#~$&^_ \n\tabcXYZ019-.:;') + ["@article{", "author", "title", "and"])
bib_texts = st.lists(BIB_ALPHABET, max_size=300).map("".join)

LIBRARY = parse(
    b"@article{a2020, author={A, B}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified}}\n"
    b"@online{page, organization={P}, title={T}, compared={yes}, studytype={patient-information}, status={partial}}",
    "r.bib",
)


def assert_well_formed(problems: list[Problem], path: str, line_count: int, first_line: int) -> None:
    """Each problem names the file, a line in it (or 0 for the whole file when allowed) and a plain message."""
    for problem in problems:
        assert problem.path == path, problem
        assert first_line <= problem.line <= max(line_count, 1), (problem, line_count)
        assert problem.message.strip(), problem
        assert "Traceback" not in str(problem) and 'File "' not in str(problem), problem
        assert str(problem).startswith(f"{path}:" if problem.line else f"{path}: "), problem


@FUZZ
@given(st.binary(max_size=400))
def test_loader_problems_point_into_any_bytes(data: bytes) -> None:
    """Any bytes load; each problem names x.bib, a line from 0 to the file's last, and a message without traceback."""
    library = parse(data, "x.bib")
    assert_well_formed(library.problems, "x.bib", data.count(b"\n") + 1, first_line=0)


@FUZZ
@given(st.binary(max_size=400))
def test_loader_is_deterministic(data: bytes) -> None:
    """Loading the same bytes twice gives the same keys and the same problems."""
    first, second = parse(data, "x.bib"), parse(data, "x.bib")
    assert list(first) == list(second)
    assert first.problems == second.problems


@FUZZ
@given(bib_texts)
def test_every_loaded_entry_formats_to_text(text: str) -> None:
    """BibTeX-shaped noise loads; every entry that loads formats to non-empty text and HTML, problems well-formed."""
    library = parse(text.encode(), "x.bib")
    assert_well_formed(library.problems, "x.bib", text.count("\n") + 1, first_line=0)
    for key in library:
        formatted = format_reference(library.reference(key))
        assert formatted.text.strip() and formatted.html.strip(), key


FIELD_VALUE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).filter(
    lambda v: v.count("{") == v.count("}") and "}" not in v.split("{")[0]
)


@FUZZ
@given(FIELD_VALUE, FIELD_VALUE)
def test_any_field_value_formats_without_markup(title: str, author: str) -> None:
    """Arbitrary (brace-balanced) text in fields is decoded and formatted; no tag from the .bib reaches the HTML."""
    data = f"@article{{k, author={{{author}}}, title={{{title}}}, journal={{J}}, year={{2000}}}}".encode()
    library = parse(data, "x.bib")
    for key in library:
        formatted = format_reference(library.reference(key))
        assert "<script" not in formatted.html.lower()
        tags = {tag.name for tag in BeautifulSoup(formatted.html, "html.parser").find_all(True)}
        assert tags <= {"i", "b", "span", "a", "sup", "sub"}, tags


@FUZZ
@given(st.text(max_size=200))
def test_citation_parser_finds_only_keys_written_in_the_body(body: str) -> None:
    """Any bracket body is either not a citation or items whose keys are each written after an @ in the body."""
    items = parse_citation(body)
    assert items == parse_citation(body)
    assert items is None or all(item.key and "@" + item.key in body for item in items)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("[]@;,`- \nabk2019p.()*#<>&")), max_size=200))
def test_rendered_citations_link_only_known_references(text: str) -> None:
    """Any Markdown renders; each citation link names a library key and carries its formatted reference."""
    extension = CitationExtension(LIBRARY)
    converter = markdown.Markdown(extensions=["attr_list", extension])
    html = extension.finish_html(converter.convert(text))
    for link in BeautifulSoup(html, "html.parser").select("a.citation-link"):
        assert link["data-cite"] in LIBRARY, link
        assert link["title"] == format_reference(LIBRARY.reference(link["data-cite"])).text
    assert all(key not in LIBRARY for key in extension.page.unknown)


CLAIM_PIECES = st.sampled_from(
    [
        *"#/ {}:-abc_012'\"[]@",
        "\n",
        "## T {#t}\n",
        "/// claim\n",
        "///\n",
        "verdict: ",
        "sources:\n  page:\n",
        "evidence:\n  a2020: ",
        "    stance: ",
        "reviewed: 2026-01-01\n",
        "```\n",
    ]
)
claim_pages = st.lists(CLAIM_PIECES, max_size=80).map("".join)


@FUZZ
@given(claim_pages)
def test_claims_parser_problems_point_into_the_page(text: str) -> None:
    """Any page text yields claims and problems; each problem names the page and a line from 1 to its last."""
    page = parse_claims_page(text, "docs/claims/risks.md", "risks", LIBRARY)
    assert_well_formed(page.problems, "docs/claims/risks.md", len(text.splitlines()), first_line=1)


@FUZZ
@given(claim_pages)
def test_claims_parser_yields_well_formed_claims(text: str) -> None:
    """Every claim that parses has a valid, unique id and a heading line inside the page."""
    claims = parse_claims_page(text, "docs/claims/risks.md", "risks", LIBRARY).claims
    assert all(CLAIM_ID.match(claim.id) and 1 <= claim.line <= len(text.splitlines()) for claim in claims)
    assert len({claim.id for claim in claims}) == len(claims)


@FUZZ
@given(claim_pages)
def test_claims_parser_is_deterministic(text: str) -> None:
    """Parsing the same page twice gives the same claims and the same problems."""
    first = parse_claims_page(text, "docs/claims/risks.md", "risks", LIBRARY)
    second = parse_claims_page(text, "docs/claims/risks.md", "risks", LIBRARY)
    assert (first.claims, first.problems) == (second.claims, second.problems)
