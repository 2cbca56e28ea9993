"""citations: the pandoc citation syntax as a Python-Markdown extension."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from evidence_engine.citations import CitationExtension, CitationItem, parse_citation, source_lines_citing
from evidence_engine.library.load import parse

BIB = b"""@article{alpha2001, author={Alpha, A}, title={First}, journal={J}, year={2001},
  studytype={rct}, status={verified}}
@article{beta2002, author={Beta, B}, title={Second}, journal={J}, year={2002}, studytype={rct}, status={partial},
  finding={Pain eased about as much after a fake procedure.}}
"""


def render(text: str) -> tuple[BeautifulSoup, CitationExtension]:
    extension = CitationExtension(parse(BIB, "refs.bib"), study_url=lambda key: f"studies/{key}/")
    html = markdown.markdown(text, extensions=["attr_list", "pymdownx.superfences", extension])
    return BeautifulSoup(extension.finish_html(html), "html.parser"), extension


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@alpha2001", [CitationItem("alpha2001")]),
        ("@alpha2001; @beta2002", [CitationItem("alpha2001"), CitationItem("beta2002")]),
        ("@alpha2001, p. 4", [CitationItem("alpha2001", locator="p. 4")]),
        ("see @alpha2001", [CitationItem("alpha2001", prefix="see")]),
        ("mail me at a@b.org", None),
        ("just text", None),
    ],
)
def test_parse_citation_forms(body: str, expected: list[CitationItem] | None) -> None:
    """Pandoc's citation forms parse into items; anything else is not a citation."""
    assert parse_citation(body) == expected


def test_numbers_follow_first_use_and_repeat_for_the_same_key() -> None:
    """Keys are numbered in order of first citation; citing again reuses the number."""
    page, _ = render("A [@beta2002]. B [@alpha2001; @beta2002]. C [@beta2002].")
    assert [a.text for a in page.select("a.citation-link")] == ["1", "2", "1", "1"]


def test_citation_links_to_its_entry_in_the_reference_list() -> None:
    """The number links to the page's list, whose entry (the formatted reference) is also what its preview shows."""
    page, _ = render("Claim [@alpha2001].")
    link = page.select_one("a.citation-link")
    assert link["href"] == "#ref-alpha2001" and not link.has_attr("title")

    item = page.select_one("section.reference-list li#ref-alpha2001")
    assert item is not None and item.text.startswith("Alpha A. First.")
    assert item.select_one(".reference-finding") is None  # no key finding written for this study
    assert item.select_one("a[href='studies/alpha2001/']").text == "Study page"


def test_an_entry_gives_the_key_finding_and_how_well_it_was_checked() -> None:
    page, _ = render("Claim [@beta2002].")
    item = page.select_one("li#ref-beta2002")
    assert item.text.startswith("Beta B. Second.")
    assert item.select_one(".badge.status").get_text(" ", strip=True) == "◐ Partly verified"
    finding = item.select_one(".reference-finding").get_text(" ", strip=True)
    assert finding == "Key finding: Pain eased about as much after a fake procedure."


def test_an_entry_links_back_to_each_section_that_cites_it() -> None:
    """Back from the list to the sections citing the entry: in page order, once each."""
    page, _ = render(
        "Intro [@alpha2001].\n\n## Pain relief {#pain}\n\nA [@beta2002]. B [@beta2002; @alpha2001].\n\n"
        "## Recovery {#recovery}\n\nC [@beta2002]."
    )
    beta = page.select_one("li#ref-beta2002 .reference-cited-under")
    assert beta.get_text() == "Cited under: Pain relief · Recovery"
    assert [a["href"] for a in beta.select("a")] == ["#pain", "#recovery"]
    # Cited before the first section too: only the section is linked, as the page top needs no way back.
    assert [a["href"] for a in page.select("li#ref-alpha2001 .reference-cited-under a")] == ["#pain"]


def test_an_entry_cited_outside_any_section_has_no_way_back_line() -> None:
    page, _ = render("Claim [@alpha2001].")
    assert page.select_one("li#ref-alpha2001 .reference-cited-under") is None


def test_reference_list_is_excluded_from_search() -> None:
    """Material skips elements marked data-search-exclude, so lists repeated on pages are not indexed."""
    page, _ = render("Claim [@alpha2001].")
    assert page.select_one("section.reference-list").has_attr("data-search-exclude")


def test_prefix_and_locator_are_printed() -> None:
    """`[see @key, p. 4]` keeps its prefix and locator around the number."""
    page, _ = render("Claim [see @alpha2001, p. 4].")
    assert page.select_one(".citation").text == "[see 1, p. 4]"


def test_code_spans_blocks_emails_and_links_are_untouched() -> None:
    """Only real citations are rewritten."""
    text = "`[@alpha2001]` and a@b.org and [link @x](https://e.org)\n\n```\n[@beta2002]\n```\n"
    page, extension = render(text)
    assert page.select(".citation") == []
    assert page.select_one("p code").text == "[@alpha2001]"
    assert "[@beta2002]" in page.select_one("pre").text
    assert page.select_one("a[href='https://e.org']").text == "link @x"
    assert extension.page.numbers == {}


def test_a_citation_in_an_editors_comment_is_left_alone() -> None:
    """`<!-- TODO [@alpah2001] -->` inside a paragraph is a note to editors: not rendered, not reported, kept as
    written; the citation before it still works."""
    text = "Claim [@alpha2001]. <!-- TODO recheck [@alpah2001] --> More text [@beta2002]."
    page, extension = render(text)
    assert [a.text for a in page.select("a.citation-link")] == ["1", "2"]
    assert extension.page.unknown == []
    assert "<!-- TODO recheck [@alpah2001] -->" in str(page)


def test_unknown_key_is_marked_and_recorded() -> None:
    """An unknown key is shown visibly and recorded for the problem report."""
    page, extension = render("Claim [@alpah2001].")
    assert page.select_one(".citation-unknown").text == "?alpah2001"
    assert extension.page.unknown == ["alpah2001"]


def test_section_of_each_citation_is_recorded_for_backlinks() -> None:
    """Citations under `## Claim {#id}` are attributed to that id."""
    _, extension = render("Intro [@alpha2001].\n\n## A claim {#my-claim}\n\nText [@beta2002].")
    assert [(u.key, u.section) for u in extension.page.uses] == [("alpha2001", ""), ("beta2002", "my-claim")]


def test_source_lines_citing_skips_fenced_code() -> None:
    """Problem lines point at real citations, not at examples in code blocks."""
    text = "line one [@x]\n```\n[@x]\n```\nline five `[@x]` and [@x]"
    assert source_lines_citing(text, "x") == [1, 5]
