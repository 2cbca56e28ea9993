"""A real `mkdocs build --strict` of the fixture site, read back with an HTML parser."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_mkdocs, snapshot, soup


def test_every_reference_has_a_study_page(built_fixture: Path) -> None:
    """Each entry in references.bib gets studies/<key>/, with its formatted citation."""
    for key in ("kallmes2009", "buchbinder2009", "mueller2020", "pagea", "pageb"):
        page = soup(built_fixture / "studies" / key / "index.html")
        assert page.select_one("p.study-citation").text.strip()


def test_claim_page_numbers_citations_in_order_of_first_use(built_fixture: Path) -> None:
    """On the risks page the review is [1], then the two trials [2] and [3], reused later."""
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    numbers = [(a["data-cite"], a.text) for a in page.select("article a.citation-link")]
    assert numbers == [
        ("mueller2020", "1"),
        ("kallmes2009", "2"),
        ("buchbinder2009", "3"),
        ("buchbinder2009", "3"),
        ("kallmes2009", "2"),
    ]


def test_reference_list_links_study_pages_doi_and_pubmed(built_fixture: Path) -> None:
    """Each listed reference links its study page, its DOI and its PubMed record when known."""
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    kallmes = page.select_one("li#ref-kallmes2009")
    assert kallmes.select_one("a[href='../../studies/kallmes2009/']")
    assert kallmes.select_one("a[href='https://doi.org/10.1056/NEJMoa0900563']")
    buchbinder = page.select_one("li#ref-buchbinder2009")
    assert buchbinder.select_one("a[href='https://pubmed.ncbi.nlm.nih.gov/19657121/']")
    assert [li["id"] for li in page.select("section.reference-list li")] == [
        "ref-mueller2020",
        "ref-kallmes2009",
        "ref-buchbinder2009",
    ]


def test_unconfirmed_reference_is_visibly_marked(built_fixture: Path) -> None:
    """An unverified entry carries a warning on its study page and in reference lists."""
    study = soup(built_fixture / "studies" / "mueller2020" / "index.html")
    assert "Unconfirmed" in study.select_one(".admonition.warning").text
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    assert "Unconfirmed" in page.select_one("li#ref-mueller2020 .status-unverified").text


def test_study_page_backlinks_point_at_each_citing_claim(built_fixture: Path) -> None:
    """kallmes2009 is cited on the home page and by both claims; its page links all three places."""
    page = soup(built_fixture / "studies" / "kallmes2009" / "index.html")
    links = {a["href"] for a in page.select("ul.backlinks a")}
    assert links == {"../../", "../../claims/risks/", "../../claims/risks/#cement-leak", "../../claims/risks/#better-than-sham"}
    contradicting = page.select_one("a[href='../../claims/risks/#better-than-sham']").parent
    assert "Contradicts" in contradicting.text


def test_uncited_study_page_says_so(built_fixture: Path) -> None:
    """pageb is only a compared page: no citation from a body, so the list says no page cites it."""
    page = soup(built_fixture / "studies" / "pageb" / "index.html")
    assert page.select_one(".backlinks, .no-backlinks") is not None


def test_hover_preview_is_the_formatted_reference(built_fixture: Path) -> None:
    """A citation's title (shown by Material's tooltips) is the AMA reference in plain text."""
    page = soup(built_fixture / "index.html")
    link = page.select_one("a.citation-link")
    assert link["title"].startswith("Kallmes DF, Comstock BA, et al. A randomized trial of vertebroplasty")
    assert "content.tooltips" in (built_fixture / "index.html").read_text()


def test_code_and_email_are_untouched_in_the_built_page(built_fixture: Path) -> None:
    """Code spans, code blocks, e-mail addresses and link URLs keep their @ text."""
    page = soup(built_fixture / "index.html")
    article = page.select_one("article")
    assert article.select_one("p code").text == "[@kallmes2009]"
    assert "[@buchbinder2009]" in article.select_one("pre").text
    assert "help@example.org" in article.text
    assert article.select_one("a[href='https://example.org/@kallmes2009']")


def test_claim_card_shows_verdict_certainty_sources_and_evidence(built_fixture: Path) -> None:
    """The claim block becomes a card with the verdict, GRADE symbols and word, and the five-page table."""
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    card = page.select_one("h2#better-than-sham ~ .claim-card")
    assert card["data-verdict"] == "contradicted"
    assert "Contradicted" in card.select_one(".verdict").text
    assert card.select_one(".certainty").text.strip() == "⊕⊕⊕◯ Moderate certainty"
    rows = [[td.text.strip() for td in tr.select("td")][:2] for tr in card.select(".claim-sources tbody tr")]
    assert rows == [["Page A Health", "– Silent"], ["Page B Clinic", "● Agrees"]]  # unlisted means silent
    assert {a.text for a in card.select(".evidence-studies a")} == {"Kallmes 2009", "Buchbinder 2009"}


def test_bibliography_groups_references_by_study_type(built_fixture: Path) -> None:
    """The bibliography has one section per study design present."""
    page = soup(built_fixture / "bibliography" / "index.html")
    headings = [h.get("id") for h in page.select("article h2")]
    assert headings == ["type-rct-sham", "type-systematic-review", "type-patient-information"]


def test_build_writes_nothing_into_sources(fixture_site: Path, tmp_path: Path) -> None:
    """docs/ and references.bib are byte-identical after a build."""
    before = snapshot(fixture_site)
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert snapshot(fixture_site) == before


def test_strict_build_prints_no_unexpected_warnings(fixture_site: Path, tmp_path: Path) -> None:
    """The clean fixture builds with no WARNING lines at all."""
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    assert "WARNING" not in result.stderr
