"""formatting: AMA references through citeproc-py, safely escaped."""

from __future__ import annotations

from evidence_engine.formatting import csl_item, format_reference
from evidence_engine.library.load import parse

TRIAL = b"""@article{kallmes2009,
  author = {Kallmes, David F. and Comstock, Bryan A.}, title = {A randomized trial of vertebroplasty},
  journal = {New England Journal of Medicine}, year = {2009}, volume = {361}, number = {6}, pages = {569--579},
  doi = {10.1056/NEJMoa0900563}, studytype = {rct-sham}, status = {verified}}
"""


def reference(data: bytes, key: str):
    return parse(data, "r.bib").reference(key)


def test_journal_article_in_ama_style() -> None:
    """Authors as 'Family Initials', italic journal, year;volume(issue):pages, doi."""
    formatted = format_reference(reference(TRIAL, "kallmes2009"))
    assert formatted.text == (
        "Kallmes DF, Comstock BA. A randomized trial of vertebroplasty. New England Journal of Medicine. "
        "2009;361(6):569-579. doi:10.1056/NEJMoa0900563"
    )
    assert "<i>New England Journal of Medicine</i>" in formatted.html


def test_organization_is_the_author_of_a_web_page() -> None:
    """An @online entry without people is credited to its organization."""
    data = (
        b"@online{p, organization = {Baptist Health}, title = {Kyphoplasty},"
        b" studytype={patient-information}, status={partial}}"
    )
    assert format_reference(reference(data, "p")).text.startswith("Baptist Health. Kyphoplasty.")


def test_markup_in_fields_is_escaped() -> None:
    """HTML in a title or name arrives as text, never as markup."""
    data = TRIAL.replace(b"A randomized trial of vertebroplasty", b"<script>alert(1)</script>")
    formatted = format_reference(reference(data, "kallmes2009"))
    assert "<script>" not in formatted.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in formatted.html


def test_csl_item_maps_bibtex_fields() -> None:
    """BibTeX's number and pages become CSL's issue and page."""
    item = csl_item(reference(TRIAL, "kallmes2009"))
    assert (item["type"], item["issue"], item["page"], item["issued"]) == (
        "article-journal",
        "6",
        "569-579",
        {"date-parts": [[2009]]},
    )


def test_each_reference_is_formatted_once() -> None:
    """The same entry content returns the cached result."""
    first = format_reference(reference(TRIAL, "kallmes2009"))
    assert format_reference(reference(TRIAL, "kallmes2009")) is first
