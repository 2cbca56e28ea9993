"""render: relative URLs and safe outbound links."""

from __future__ import annotations

import pytest

from evidence_engine.references import parse
from evidence_engine.render import outbound_links, root_prefix


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
    data = b'@online{x, title={T}, url={javascript:alert(1)}, studytype={patient-information}, status={partial}}'
    library = parse(data, "r.bib")
    assert outbound_links(library.reference("x")) == []
    assert "URL must start with http:// or https://" in str(library.problems[0])


def test_doi_and_pubmed_links() -> None:
    """A DOI links to doi.org and a PMID to PubMed."""
    data = b"@article{x, author={A, B}, title={T}, journal={J}, year={2000}, doi={10.1000/a<b}, pmid={123},"
    data += b" studytype={rct}, status={verified}}"
    links = outbound_links(parse(data, "r.bib").reference("x"))
    assert links[0] == '<a href="https://doi.org/10.1000/a%3Cb" rel="noopener">DOI</a>'
    assert links[1] == '<a href="https://pubmed.ncbi.nlm.nih.gov/123/" rel="noopener">PubMed</a>'
