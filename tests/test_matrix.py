"""matrix: agreement matrices (claims × compared pages), the legends and the comparison page."""

from __future__ import annotations

from bs4 import BeautifulSoup
from evidence_engine.claims import Claim, SourceStance
from evidence_engine.matrix import agreement_matrix, comparison_markdown, stance_legend, verdict_legend

from .views_support import CLAIM, PAYLOAD, claim, html, library, only_text

CLAIMS = [
    CLAIM,
    claim(id="no-pain", title="Pain goes", verdict="contradicted", sources=(SourceStance("pageb", "qualify", "x"),)),
]


def matrix(claims: list[Claim] = CLAIMS, caption: str = "Who says what") -> BeautifulSoup:
    return html(agreement_matrix(claims, library(), lambda c: f"#{c.id}", caption))


def test_one_row_per_claim_and_one_column_per_compared_page() -> None:
    """The header names the claim column and each compared page; each claim has its own row."""
    page = matrix()
    assert [th.text for th in page.select("thead th")] == ["Claim and verdict", "Page A", "Page B"]
    rows = page.select("tbody tr")
    assert [row.th.a.text for row in rows] == ["Cement leaks", "Pain goes"]
    assert all(len(row.select("td")) == 2 for row in rows)


def test_each_cell_shows_the_stance_symbol_and_word() -> None:
    """A cell reads without colour: symbol and word, with the stance's class for colour."""
    first, second = matrix().select("tbody tr")
    cells = [(td["class"][-1], " ".join(td.text.split())) for td in first.select("td") + second.select("td")]
    assert cells == [
        ("stance-agree", "● Agrees"),
        ("stance-contradict", "✘ Contradicts"),
        ("stance-silent", "– Silent"),
        ("stance-qualify", "◐ Qualifies"),
    ]


def test_each_cell_links_the_claim_and_says_whose_stance_it_is() -> None:
    """A cell's link goes to the claim, and its label names the page, the stance and the claim for screen readers."""
    link = matrix().select("tbody tr")[0].select("td a")[1]
    assert (link["href"], link["aria-label"]) == ("#cement-leak", "Page B contradicts: Cement leaks")


def test_verdict_and_certainty_sit_under_the_claim() -> None:
    """The row header carries the verdict badge and the certainty symbol and words."""
    header = matrix().select("tbody tr")[1].th
    assert header.select_one(".badge")["class"][-1] == "verdict-contradicted"
    assert header.select_one(".matrix-certainty").text == "⊕⊕⊕◯ Moderate certainty"


def test_editor_markup_in_a_title_or_caption_is_text() -> None:
    """A claim title with markup is escaped in the row header and inside the cells' aria-label."""
    page = matrix([claim(title=PAYLOAD)], caption=PAYLOAD)
    assert only_text(page)
    assert page.caption.text == PAYLOAD
    assert page.select_one("tbody th a").text == PAYLOAD
    assert page.select_one("td a")["aria-label"] == f"Page A agrees: {PAYLOAD}"


def test_verdict_legend_names_every_verdict_and_links_the_explanation() -> None:
    """A badge for every verdict, the certainty levels, and a link to how to read a claim."""
    page = html(verdict_legend("../how-to-read/"))
    assert [badge.text.split(maxsplit=1)[1] for badge in page.select(".badge")] == [
        "Supported",
        "Expert advice",
        "Partly true",
        "Misleading",
        "Unproven",
        "Contradicted",
    ]
    assert "⊕⊕⊕⊕ high · ⊕⊕⊕◯ moderate · ⊕⊕◯◯ low · ⊕◯◯◯ very low." in page.text
    assert page.a["href"] == "../how-to-read/"


def test_stance_legend_explains_every_stance() -> None:
    """One item per stance, each with its badge and description."""
    items = html(stance_legend()).select("ul.legend li")
    assert [li.select_one(".badge").text.split()[-1] for li in items] == [
        "Agrees",
        "Qualifies",
        "Contradicts",
        "Silent",
    ]


def test_comparison_page_has_one_section_and_matrix_per_category_with_claims() -> None:
    """Only categories with claims get a heading (with the category's id) and a held matrix."""
    held: list[str] = []

    def hold(fragment: str) -> str:
        held.append(fragment)
        return f"\n\n<!-- held {len(held) - 1} -->\n\n"

    markdown = comparison_markdown({"risks": CLAIMS, "efficacy": []}, library(), lambda c: f"x#{c.id}", hold)
    assert markdown.startswith("---\ntitle: Who says what\n---\n")
    assert "(2 in all)" in markdown
    assert "## Risks {#risks}" in markdown and "{#efficacy}" not in markdown
    assert "<!-- held 1 -->" in markdown  # the legend is held first, then the one matrix
    assert len(html(held[1]).select("tbody tr")) == 2
