"""Property-based tests: arbitrary text into the BibTeX loader, the citation parser and the claims parser never
raises — it only yields references and problems."""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_engine.citations import CitationExtension, parse_citation
from evidence_engine.claims import parse_claims_page
from evidence_engine.formatting import format_reference
from evidence_engine.references import parse

BIB_ALPHABET = st.sampled_from(list('@{}(),="%\\#~$&^_ \n\tabcXYZ019-.:;') + ["@article{", "author", "title", "and"])
bib_texts = st.lists(BIB_ALPHABET, max_size=300).map("".join)
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

LIBRARY = parse(
    b"@article{a2020, author={A, B}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified}}\n"
    b"@online{page, organization={P}, title={T}, compared={yes}, studytype={patient-information}, status={partial}}",
    "r.bib",
)


@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    """Any bytes give a library and problems, every problem with a line >= 0."""
    library = parse(data, "x.bib")
    assert all(problem.line >= 0 and problem.path == "x.bib" for problem in library.problems)


@given(bib_texts)
def test_loader_and_formatter_never_raise_on_bibtex_like_text(text: str) -> None:
    """BibTeX-shaped noise loads; every entry that loads can be decoded and formatted."""
    library = parse(text.encode(), "x.bib")
    for key in library:
        format_reference(library.reference(key))


FIELD_VALUE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).filter(
    lambda v: v.count("{") == v.count("}") and "}" not in v.split("{")[0]
)


@given(FIELD_VALUE, FIELD_VALUE)
def test_any_field_value_decodes_and_formats(title: str, author: str) -> None:
    """Arbitrary (brace-balanced) text in fields is decoded and formatted, never raised on."""
    data = f"@article{{k, author={{{author}}}, title={{{title}}}, journal={{J}}, year={{2000}}}}".encode()
    library = parse(data, "x.bib")
    for key in library:
        formatted = format_reference(library.reference(key))
        assert "<script" not in formatted.html.lower()


@given(st.text(max_size=200))
def test_citation_parser_never_raises(body: str) -> None:
    """Any bracket body is either citation items or not a citation."""
    items = parse_citation(body)
    assert items is None or all(item.key for item in items)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[]@;,`- \nabk2019p.()*#<>&")), max_size=200))
def test_markdown_with_citations_never_raises(text: str) -> None:
    """Any Markdown renders; unknown keys are recorded, not raised."""
    extension = CitationExtension(LIBRARY)
    markdown.markdown(text, extensions=["attr_list", extension])


CLAIM_PIECES = st.sampled_from(
    [*"#/ {}:-abc_012'\"[]@", "\n", "## T {#t}\n", "/// claim\n", "///\n", "verdict: ", "sources:\n  page:\n",
     "evidence:\n  a2020: ", "    stance: ", "reviewed: 2026-01-01\n", "```\n"]
)


@given(st.lists(CLAIM_PIECES, max_size=80).map("".join))
def test_claims_parser_never_raises(text: str) -> None:
    """Any page text yields claims and problems, never an exception."""
    page = parse_claims_page(text, "docs/claims/risks.md", "risks", LIBRARY)
    assert all(problem.line >= 1 for problem in page.problems)
