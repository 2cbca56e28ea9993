"""render: relative URLs, safe outbound links, badges and a page's reference list items."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from evidence_engine.library.load import parse
from evidence_engine.render import badge, outbound_targets, reference_items, root_prefix
from evidence_engine.templating import macro
from evidence_engine.vocabulary import STANCES, Term

BIB = b"""@article{x, author={A, B}, title={T}, journal={J}, year={2000}, doi={10.1000/a<b}, pmid={123},
  studytype={rct}, status={verified}}
@article{y, author={C, D}, title={U}, journal={J}, year={2001}, studytype={rct}, status={unverified}}
"""


def html(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


@pytest.mark.parametrize(
    ("page_url", "target", "expected"),
    [
        ("claims/risks/", "studies/k/", "../../studies/k/"),
        ("", "studies/k/", "studies/k/"),
        ("studies/k/", "claims/risks/#x", "../../claims/risks/#x"),
        ("studies/k/", "", "../../"),
        ("claims/risks.html", "studies/k.html", "../studies/k.html"),
        ("index.html", "studies/k.html", "studies/k.html"),  # the home page without directory URLs
    ],
)
def test_root_prefix(page_url: str, target: str, expected: str) -> None:
    """Links between generated and written pages work from any depth, with either URL style."""
    assert root_prefix(page_url) + target == expected


def test_javascript_url_is_never_linked() -> None:
    """A url field that is not http(s) produces no link at all."""
    data = b"@online{x, title={T}, url={javascript:alert(1)}, studytype={patient-information}, status={partial}}"
    library = parse(data, "r.bib")
    assert outbound_targets(library.reference("x")) == []
    assert "URL must start with http:// or https://" in str(library.problems[0])


def test_doi_and_pubmed_links() -> None:
    """A DOI links to doi.org (quoted) and a PMID to PubMed, each opened without the opener."""
    targets = outbound_targets(parse(BIB, "r.bib").reference("x"))
    links = html(macro("_macros.html", "outbound_links")(targets)).select("a")
    assert [(a["href"], a.text, a["rel"]) for a in links] == [
        ("https://doi.org/10.1000/a%3Cb", "DOI", ["noopener"]),
        ("https://pubmed.ncbi.nlm.nih.gov/123/", "PubMed", ["noopener"]),
    ]


def test_badge_reads_without_colour() -> None:
    """A badge carries its kind and name as classes, a symbol hidden from screen readers, a word and a tooltip."""
    span = html(badge("stance", STANCES["agree"])).span
    assert span["class"] == ["badge", "stance", "stance-agree"]
    assert span["title"] == "The page makes this claim."
    assert span.select_one(".badge-symbol")["aria-hidden"] == "true"
    assert " ".join(span.text.split()) == "● Agrees"


def test_badge_escapes_its_words() -> None:
    """A term's words are text, even in the title attribute."""
    span = html(badge("kind", Term("n", '<i>"label"</i>', "", '"quoted" <b>'))).span
    assert span.find("i") is None and span.text == '<i>"label"</i>'
    assert span["title"] == '"quoted" <b>'


def test_reference_items_follow_citation_order_with_links() -> None:
    """Items come in citation order, each with how well it was checked, its study page and outbound links."""
    items = reference_items(parse(BIB, "r.bib"), {"y": 1, "x": 2}, lambda key: f"studies/{key}/")
    assert [(key, number) for key, number, _ in items] == [("y", 1), ("x", 2)]
    unverified, verified = (html(inner) for _, _, inner in items)
    assert unverified.select_one(".badge")["class"][-1] == "status-unverified"
    assert verified.select_one(".badge")["class"][-1] == "status-verified"
    assert [a.text for a in verified.select(".reference-links a")] == ["Study page", "DOI", "PubMed"]
    assert " · ".join(a.text for a in verified.select(".reference-links a")) in verified.text


def test_reference_item_without_a_study_page_has_only_outbound_links() -> None:
    """With study pages only for cited references, an item may have no study page link."""
    ((_, _, inner),) = reference_items(parse(BIB, "r.bib"), {"x": 1}, lambda key: "")
    assert [a.text for a in html(inner).select(".reference-links a")] == ["DOI", "PubMed"]


def test_citation_template_links_known_keys_and_marks_unknown_ones() -> None:
    """A known key is a numbered link to its reference; an unknown one shows as `?key`; text escaped."""
    parts = [("see <i>", "x", 1, "p. 4"), ("", "nokey", None, "")]
    span = html(macro("citation.html", "citation")(parts)).select_one("span.citation")
    link = span.select_one("a.citation-link")
    assert (link["href"], link["data-cite"], link.text) == ("#ref-x", "x", "1")
    assert span.select_one(".citation-unknown").text == "?nokey"
    assert span.find("i") is None and span.text == "[see <i> 1, p. 4; ?nokey]"
