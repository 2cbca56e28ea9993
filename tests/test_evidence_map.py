"""evidence_map: the SVG of claims × study designs, counted by direction, and its page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from evidence_engine.claims import Claim, EvidenceLink
from evidence_engine.evidence_map import LABEL_WIDTH, MARK, evidence_map_markdown, evidence_map_svg
from evidence_engine.library.load import parse

from .views_support import CLAIM, PAYLOAD, claim, html, library, only_text

SVG = "{http://www.w3.org/2000/svg}"
CLAIMS = [
    CLAIM,  # a sham trial supports, a review is mixed
    claim(id="pain", title="Pain goes", category="efficacy", evidence=(EvidenceLink("trial2020", "contradicts"),)),
    claim(id="fast", title="Fast recovery", category="efficacy", evidence=()),
]


def svg(claims: list[Claim] = CLAIMS) -> str:
    return evidence_map_svg(claims, library(), lambda c: f"../claims/{c.category}/#{c.id}")


def test_the_map_has_a_text_alternative() -> None:
    """The SVG is a labelled group whose label is its own <title>."""
    root = html(svg()).svg
    assert root["role"] == "group"
    title = root.find("title", id=root["aria-labelledby"])
    assert title.text.startswith("Evidence map: for each claim, how many studies")


def test_one_link_per_claim_to_the_claim() -> None:
    """Every claim is a row linking its section, with its full title as the link's tooltip."""
    links = html(svg()).svg.find_all("a")
    assert [a["href"] for a in links] == [
        "../claims/risks/#cement-leak",
        "../claims/efficacy/#pain",
        "../claims/efficacy/#fast",
    ]
    assert [a.title.text for a in links] == ["Cement leaks", "Pain goes", "Fast recovery"]


def test_one_mark_per_claim_and_design_with_studies() -> None:
    """A cell per (claim, design) that has studies, showing the count and the direction's symbol."""
    marks = [" ".join(t.text.split()) for t in html(svg()).svg.find_all("text", attrs={"text-anchor": "middle"})]
    headings, cells = marks[:2], marks[2:]
    assert headings == ["ShamRCT", "Systematicreview"]  # only the designs some claim weighs, each on two lines
    assert cells == ["1▲", "1◆", "1▼"]  # cement-leak: sham ▲, review ◆; pain: sham ▼; fast: none


def test_categories_head_their_claims() -> None:
    """Claims are grouped under their category's name, in the vocabulary's order."""
    labels = [t.text for t in html(svg()).svg.find_all("text") if t.get("class") in (["map-category"], ["map-claim"])]
    assert labels == ["Risks", "Cement leaks", "Does it help?", "Pain goes", "Fast recovery"]


def test_long_titles_are_shortened_with_the_full_title_kept() -> None:
    """A title over 40 characters is cut after its last whole word that fits, with an ellipsis; the link's <title>
    keeps it whole."""
    long_title = "Cement leaks into the veins and travels to the lungs in many patients"
    link = html(svg([claim(title=long_title)])).svg.a
    assert link.find("text").text == "Cement leaks into the veins and travels…"
    assert link.title.text == long_title


def test_a_column_widens_for_its_fullest_cell() -> None:
    """Four kinds of mark in one cell get a column wide enough for them, so they never run into the next column."""
    directions = ("supports", "contradicts", "mixed", "context")
    bib = "".join(
        f"@article{{t{i}, author={{A, B}}, title={{T}}, journal={{J}}, year={{2020}}, studytype={{rct-sham}}}}\n"
        for i in range(4)
    )
    four = claim(evidence=tuple(EvidenceLink(f"t{i}", d) for i, d in enumerate(directions)))
    drawn = html(evidence_map_svg([four], parse(bib.encode(), "r.bib"), lambda c: "#"))
    (cell,) = [t for t in drawn.select("text[text-anchor=middle]") if t.select("tspan[class^=direction-]")]
    assert len(cell.select("tspan")) == 4
    # The only column is centred half its width (four marks and a margin) right of the claims' labels.
    assert float(cell["x"]) == LABEL_WIDTH + (MARK * 4 + 12) / 2


def test_editor_markup_in_a_title_is_text_and_the_svg_stays_well_formed() -> None:
    """A title with markup is escaped; the SVG still parses as XML."""
    drawn = svg([claim(title=PAYLOAD)])
    assert only_text(html(drawn))
    root = ET.fromstring(drawn)
    assert root.find(f"{SVG}a/{SVG}title").text == PAYLOAD


def test_height_fits_every_row() -> None:
    """Two category rows and three claim rows of 22 px below a 64 px header, plus a margin."""
    assert html(svg()).svg["height"] == str(64 + 5 * 22 + 8)


def test_map_page_holds_the_svg_out_of_search() -> None:
    """The page has its front matter and puts the (held) SVG in a scrolling box search skips."""
    markdown = evidence_map_markdown("<!-- held 0 -->")
    assert markdown.startswith("---\ntitle: Evidence map\n")
    box = BeautifulSoup(markdown, "html.parser").select_one("div.evidence-map-scroll")
    assert box.has_attr("data-search-exclude") and "<!-- held 0 -->" in str(box)
