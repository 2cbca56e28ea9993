"""scorecards: what one compared page claims, how each claim holds up, and counts by verdict."""

from __future__ import annotations

from bs4 import BeautifulSoup
from evidence_engine.claims import Claim, SourceStance
from evidence_engine.scorecards import scorecard_html

from .views_support import PAYLOAD, claim, html, only_text

CLAIMS = [
    claim(id="a", title="A", verdict="supported", sources=(SourceStance("pagea", "agree", "says A"),)),
    claim(id="b", title="B", verdict="supported", sources=(SourceStance("pagea", "qualify", "says B"),)),
    claim(id="c", title="C", verdict="contradicted", sources=(SourceStance("pagea", "agree", "says C"),)),
    claim(id="d", title="D", verdict="mixed", sources=(SourceStance("pagea", "contradict", "denies D"),)),
    claim(id="e", title="E", verdict="mixed", sources=(SourceStance("pageb", "agree", "other page"),)),
]


def scorecard(claims: list[Claim] = CLAIMS) -> BeautifulSoup:
    return html(scorecard_html("pagea", claims, lambda c: f"../claims/risks/#{c.id}"))


def test_summary_counts_positions_and_claims_made() -> None:
    """4 of 5 claims addressed (one page is silent on E); 3 made (agree or qualify; D is contradicted by the page)."""
    text = " ".join(scorecard().select_one(".scorecard p").text.split())
    assert text.startswith("This page takes a position on 4 of the 5 claims on this site. Of the 3 it makes")


def test_verdicts_of_the_claims_made_are_counted() -> None:
    """Two supported and one contradicted; a verdict with no claims is not listed."""
    items = scorecard().select("ul.scorecard-counts li")
    counts = [(li.select_one(".badge")["class"][-1], li.text.split()[-1]) for li in items]
    assert counts == [("verdict-supported", "2"), ("verdict-contradicted", "1")]


def test_one_row_per_claim_the_page_addresses() -> None:
    """Silent claims get no row; each row links the claim and shows the page's stance and our verdict."""
    rows = scorecard().select(".source-claims tbody tr")
    assert [row.th.a["href"] for row in rows] == [f"../claims/risks/#{x}" for x in "abcd"]
    assert rows[3].select("td")[0].select_one(".badge")["class"][-1] == "stance-contradict"
    assert rows[3].select("td")[2].select_one(".badge")["class"][-1] == "verdict-mixed"


def test_editor_markup_in_title_says_and_quote_is_text() -> None:
    """A claim's title and what the page says (and quotes) are escaped."""
    poisoned = claim(title=PAYLOAD, sources=(SourceStance("pagea", "agree", PAYLOAD, PAYLOAD),))
    page = scorecard([poisoned])
    assert only_text(page)
    row = page.select_one(".source-claims tbody tr")
    assert row.th.text == PAYLOAD
    assert row.select("td")[1].text == f"{PAYLOAD} {PAYLOAD}"
