"""A real `mkdocs build --strict` of the fixture site, read back with an HTML parser."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

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


def test_what_could_not_be_confirmed_reads_as_a_sentence(built_fixture: Path) -> None:
    """Editors write `unconfirmed` as a phrase ("issue number"); the study page's row starts it with a capital."""
    study = soup(built_fixture / "studies" / "buchbinder2009" / "index.html")
    row = next(tr for tr in study.select("tr") if tr.th and tr.th.text == "Not confirmed")
    assert row.td.text == "Issue number"


def test_study_page_backlinks_point_at_each_citing_claim(built_fixture: Path) -> None:
    """kallmes2009 is cited on the home page and by both claims; its page links all three places."""
    page = soup(built_fixture / "studies" / "kallmes2009" / "index.html")
    links = {a["href"] for a in page.select("ul.backlinks a")}
    assert links == {
        "../../",
        "../../claims/risks/",
        "../../claims/risks/#cement-leak",
        "../../claims/risks/#better-than-sham",
    }
    contradicting = page.select_one("a[href='../../claims/risks/#better-than-sham']").parent
    assert "Contradicts" in contradicting.text


@pytest.mark.parametrize("key", ["kallmes2009", "mueller2020"])  # cited in a page body; only in one claim's section
def test_cited_study_page_lists_backlinks_and_no_note(built_fixture: Path, key: str) -> None:
    """A cited study's page has a non-empty backlink list and not the 'no page cites' note."""
    page = soup(built_fixture / "studies" / key / "index.html")
    assert page.select("ul.backlinks > li > a")
    assert page.select(".no-backlinks") == []


def test_uncited_study_page_says_no_page_cites_it(built_fixture: Path) -> None:
    """pageb is only listed under a claim's `sources:`, never cited: its page says so and has no backlink list."""
    page = soup(built_fixture / "studies" / "pageb" / "index.html")
    assert page.select_one("p.no-backlinks").get_text(strip=True) == "No page cites this study yet."
    assert page.select(".backlinks") == []


def test_citation_links_its_reference_which_is_also_its_preview(built_fixture: Path) -> None:
    """Each citation links its entry in the page's reference list (what the preview script shows): the formatted
    reference as on the study page, how well it was checked, and no title attribute repeating it at every citation."""
    for path in ("index.html", "claims/risks/index.html"):
        page = soup(built_fixture / path)
        links = page.select("article a.citation-link")
        assert links, path
        for link in links:
            assert not link.has_attr("title")
            entry = page.select_one(link["href"])
            assert entry is not None and entry.name == "li", (path, link["href"])
            study = soup(built_fixture / "studies" / link["data-cite"] / "index.html")
            assert entry.get_text().startswith(study.select_one("p.study-citation").get_text()), (path, link["href"])
            assert entry.select_one(".badge.status"), (path, link["href"])
    first = soup(built_fixture / "index.html").select_one("article a.citation-link")
    assert first["href"] == "#ref-kallmes2009"


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
    assert headings == ["type-rct-sham", "type-systematic-review", "type-cohort", "type-patient-information"]


def test_build_writes_nothing_into_sources(fixture_site: Path, tmp_path: Path) -> None:
    """docs/, findings/ and references.bib are byte-identical after a build; the only thing added is .cache/."""
    sources = ("docs", "findings")
    top = {p.relative_to(fixture_site).parts[0] for p in fixture_site.rglob("*") if p.is_file()}
    before = [snapshot(fixture_site / name) for name in sources], (fixture_site / "references.bib").read_bytes()
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (
        [snapshot(fixture_site / name) for name in sources],
        (fixture_site / "references.bib").read_bytes(),
    ) == before
    written = {p.relative_to(fixture_site).parts[0] for p in fixture_site.rglob("*") if p.is_file()}
    assert top == {"docs", "findings", "references.bib", "mkdocs.yml"} and written == top | {".cache"}


def test_strict_build_succeeds_without_warnings(fixture_site: Path, tmp_path: Path) -> None:
    """The clean fixture builds under `--strict` with exit code 0 and no WARNING or ERROR line."""
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []


def test_all_mode_gives_uncited_references_a_page(fixture_site: Path, tmp_path: Path) -> None:
    """With `extra.evidence.study_pages: all`, a reference nothing cites has a page saying that no page cites it."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  evidence:\n    study_pages: all\n")
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    page = soup(out / "studies" / "uncited2015" / "index.html")
    assert page.select_one("p.no-backlinks").get_text(strip=True) == "No page cites this study yet."


def test_a_superseded_version_points_at_the_newer_one_and_ranks_below_it(fixture_site: Path, tmp_path: Path) -> None:
    """`supersededby` puts a link to the newer version's page at the top of the old one's, and weighs the old page
    below the others in search."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  evidence:\n    study_pages: all\n")
    bib = fixture_site / "references.bib"
    old = "  verified  = {https://example.org/uncited2015}\n}"
    bib.write_text(bib.read_text().replace(old, old[:-2] + ",\n  supersededby = {kallmes2009}\n}"))
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    notice = soup(out / "studies" / "uncited2015" / "index.html").select_one(".admonition.info")
    assert notice.select_one(".admonition-title").get_text() == "A newer version replaces this one"
    assert notice.select_one("a")["href"] == "../../studies/kallmes2009/"
    assert soup(out / "studies" / "kallmes2009" / "index.html").select_one(".admonition.info") is None
    boosts = {
        doc["location"]: doc.get("boost")
        for doc in json.loads((out / "search" / "search_index.json").read_text())["docs"]
    }
    assert boosts["studies/uncited2015/"] == 0.25 and boosts["studies/kallmes2009/"] == 0.5


def test_cited_mode_skips_pages_of_uncited_references(fixture_site: Path, tmp_path: Path) -> None:
    """`extra.evidence.study_pages: cited` builds pages only for cited references; the bibliography still lists all."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  evidence:\n    study_pages: cited\n")
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "studies" / "uncited2015").exists()
    assert (out / "studies" / "kallmes2009" / "index.html").exists()
    bibliography = soup(out / "bibliography" / "index.html")
    uncited = next(li for li in bibliography.select("ul.bibliography li") if "no page cites" in li.text)
    assert uncited.select("a") == []


def test_downloads_hold_claims_and_each_pages_references(built_fixture: Path) -> None:
    """claims.json and claims.csv list every claim; risks.bib holds exactly what the risks page cites."""
    claims = json.loads((built_fixture / "downloads" / "claims.json").read_text())["claims"]
    assert [c["id"] for c in claims] == ["cement-leak", "better-than-sham"]
    assert claims[1]["sources"] == {"pagea": "silent", "pageb": "agree"}
    with (built_fixture / "downloads" / "claims.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [r["verdict"] for r in rows] == ["supported", "contradicted"]
    page_bib = (built_fixture / "downloads" / "risks.bib").read_text()
    assert sorted(line.split("{")[1].rstrip(",") for line in page_bib.splitlines() if line.startswith("@")) == [
        "buchbinder2009",
        "kallmes2009",
        "mueller2020",
    ]
    assert (built_fixture / "downloads" / "references.bib").read_bytes().startswith(b"% A tiny library")


def test_json_ld_matches_the_visible_claims(built_fixture: Path) -> None:
    """The claims page carries MedicalWebPage + ClaimReview whose names and verdicts are the visible ones."""
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == "2026-11-22"
    reviews = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in data["hasPart"]}
    headings = [
        h2 for h2 in page.select("article h2[id]") if h2["id"] != "references" and h2.find_next(class_="claim-card")
    ]
    # A heading quotes the claim and names its verdict, the same as the card below it.
    shown = [re.fullmatch(r"“(.+)” — (.+)", h2.text.strip().rstrip("¶").strip()).groups() for h2 in headings]
    assert [verdict for _, verdict in shown] == [
        h2.find_next(class_="verdict").text.split(" ", 1)[1] for h2 in headings
    ]
    assert reviews == dict(shown)
    study = soup(built_fixture / "studies" / "kallmes2009" / "index.html")
    article = json.loads(study.select_one('script[type="application/ld+json"]').string)
    assert article["@type"] == "ScholarlyArticle" and article["sameAs"] == "https://doi.org/10.1056/NEJMoa0900563"


def test_claims_page_links_its_downloads_and_the_legend(built_fixture: Path) -> None:
    """The download links on a claims page point at files the build wrote; the legend links How to read."""
    page_dir = built_fixture / "claims" / "risks"
    page = soup(page_dir / "index.html")
    targets = [a["href"] for a in page.select("p.downloads a")]
    assert targets and all((page_dir / target).resolve().is_file() for target in targets)
    assert page.select_one(".legend-line a")["href"] == "../../how-to-read/"


def test_search_index_holds_the_text_around_citations_but_not_their_markup(built_fixture: Path) -> None:
    """Citations are added after the search plugin reads a page: the sentence is indexed, the numbers are not."""
    index = json.loads((built_fixture / "search" / "search_index.json").read_text())
    home = " ".join(doc["text"] for doc in index["docs"] if doc["location"].split("#")[0] == "")
    page = soup(built_fixture / "index.html")
    before_citation = page.select_one("article a.citation-link").find_parent("p").get_text().split("[")[0].strip()
    assert before_citation and before_citation in home
    assert "[1]" not in home and "evidence-late" not in home


def test_search_shows_the_answer_when_a_readers_words_match(built_fixture: Path) -> None:
    """Material shows a result's matching paragraphs: the claim's "Also asked as" words join its "In short" answer in
    the index, so a query in those words shows the answer (the page itself is unchanged)."""
    docs = json.loads((built_fixture / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    (claim,) = [doc for doc in docs if "glue leaking" in doc["text"]]
    first = re.match(r"<p>(.*?)</p>", claim["text"])
    assert first and first[1].startswith("In short: ")
    assert first[1].endswith("(Also asked as: glue leaking; cement leak)")
    assert "<p>Also asked as" not in claim["text"]
    assert "Other ways people ask this" not in claim["text"]  # the toggle's label is not a search word
    page = soup(built_fixture / "claims" / "risks" / "index.html")
    words = page.select_one("details.claim-search-words")
    assert words.select_one("summary").text == "Other ways people ask this"
    assert words.select_one("p").text == "Also asked as: glue leaking; cement leak"
