"""cards: a claim as a card — bottom line, verdict and certainty, the compared pages, the evidence weighed."""

from __future__ import annotations

from dataclasses import replace

from bs4 import BeautifulSoup
from evidence_engine.cards import claim_card
from evidence_engine.claims import Claim

from .views_support import CLAIM, PAYLOAD, claim, html, library, only_text, poisoned_claim


def card(c: Claim = CLAIM) -> BeautifulSoup:
    return html(claim_card(c, library(), lambda key: f"../studies/{key}/"))


def test_editor_markup_comes_out_as_text() -> None:
    """Markup in the bottom line, certainty reason, what a page says, its quote and search words is escaped."""
    page = card(poisoned_claim())
    assert only_text(page)
    assert page.select_one(".claim-bottom-line").text == "In short: " + PAYLOAD
    assert page.select_one(".claim-certainty-reason").text == "Why this certainty (for clinicians): " + PAYLOAD
    assert page.select_one(".claim-certainty-plain").text == (
        "How sure are we? Moderate certainty. The answer is probably right; new research could change it."
    )
    assert page.select_one("q.source-quote").text == PAYLOAD
    assert page.select_one(".claim-search-words > p").text == "Also asked as: " + PAYLOAD


def test_card_carries_the_claim_id_and_verdict() -> None:
    """The card's data attributes name the claim and its verdict (CSS colours the border by verdict)."""
    div = card().select_one("div.claim-card")
    assert (div["data-claim"], div["data-verdict"]) == ("cement-leak", "supported")


def test_verdict_and_certainty_badges_read_without_colour() -> None:
    """Each badge has a symbol and a word."""
    badges = card().select(".claim-badges .badge")
    assert [" ".join(b.text.split()) for b in badges] == ["✔ Supported", "⊕⊕⊕◯ Moderate certainty"]


def test_review_date_is_a_machine_readable_time() -> None:
    """The review date reads as a day and month and carries an ISO datetime."""
    time = card().select_one(".claim-reviewed time")
    assert (time["datetime"], time.text) == ("2026-11-22", "22 November 2026")


def test_one_row_per_compared_page_with_its_stance() -> None:
    """Every compared page has a row, linked to its page, with its stance; an unlisted page is silent."""
    page = card(claim(sources=CLAIM.sources[:1]))
    rows = page.select(".claim-sources tbody tr")
    assert [row.a["href"] for row in rows] == ["../studies/pagea/", "../studies/pageb/"]
    assert [row.select_one(".badge")["class"][-1] for row in rows] == ["stance-agree", "stance-silent"]


def test_what_a_page_says_is_followed_by_its_quote() -> None:
    """A page's position is shown in our words, then in its own quoted words."""
    cell = card().select(".claim-sources tbody tr")[0].select("td")[2]
    assert cell.text == "Says leaks happen. Leaks happen."
    assert cell.select_one("q.source-quote").text == "Leaks happen."


def test_evidence_is_counted_by_study_design_and_direction() -> None:
    """One line per design present, naming how many studies point each way."""
    counts = [li.text for li in card().select("ul.evidence-counts li")]
    assert counts == ["Sham-controlled randomised trial: 1 supports", "Systematic review: 1 mixed"]


def test_each_weighed_study_links_its_page_with_its_direction() -> None:
    """Every evidence link is listed with a link to its study page and a direction badge."""
    items = card().select("ul.evidence-studies li")
    assert [(li.a["href"], li.a.text) for li in items] == [
        ("../studies/trial2020/", "Trial 2020"),
        ("../studies/review2021/", "Review 2021"),
    ]
    assert [li.select_one(".badge")["class"][-1] for li in items] == ["direction-supports", "direction-mixed"]


def test_no_search_words_line_without_search_words() -> None:
    """A claim without readers' words has no empty 'Also asked as' line."""
    assert card(claim(search=())).select_one(".claim-search-words") is None


def test_details_are_kept_out_of_search() -> None:
    """The compared pages and the evidence are marked for Material's search to skip."""
    page = card()
    assert page.select_one("details.claim-sources").has_attr("data-search-exclude")
    assert page.select_one("details.claim-evidence").has_attr("data-search-exclude")
    # The review date: its "2" matched a reader's "2 weeks after", and made a preview of badges and a date.
    assert page.select_one(".claim-reviewed").has_attr("data-search-exclude")


def test_who_says_what_and_the_evidence_are_one_click_away() -> None:
    """Closed on screen, so that a page of claims can be scanned by heading, verdict and "In short"."""
    page = card()
    assert not page.select_one("details.claim-sources").has_attr("open")
    evidence = page.select_one("details.claim-evidence")
    assert not evidence.has_attr("open")
    count = len(evidence.select("ul.evidence-studies li"))
    assert evidence.summary.text == f"Evidence weighed: {count} paper{'s' if count != 1 else ''}"


def test_one_paper_is_not_papers() -> None:
    """A claim that weighs a single study says so in the singular."""
    page = card(replace(CLAIM, evidence=CLAIM.evidence[:1]))
    assert page.select_one("details.claim-evidence summary").text == "Evidence weighed: 1 paper"
