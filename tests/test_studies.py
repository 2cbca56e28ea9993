"""studies: a page per study (citation, facts, backlinks) and the bibliography."""

from __future__ import annotations

from bs4 import BeautifulSoup
from evidence_engine.library.load import parse
from evidence_engine.studies import (
    Backlink,
    backlinks_html,
    bibliography_markdown,
    study_page_markdown,
    study_page_meta,
    study_pieces,
)

from .views_support import PAYLOAD, html, library, only_text

BIB_PAYLOAD = PAYLOAD.replace(" & ", " ")  # `&` is LaTeX's column separator: decoding drops it
POISONED = (
    b"@article{bad2020, author={Bad, Al}, title={" + BIB_PAYLOAD.encode() + b"}, journal={J}, year={2020},"
    b" studytype={rct}, status={unverified}, verified={javascript:alert(1)}, note={" + BIB_PAYLOAD.encode() + b"},"
    b" seedcitation={" + BIB_PAYLOAD.encode() + b"}, numbersfrom={https://example.org/n; see table 2}}"
)


def held_pieces(key: str, bib: bytes | None = None) -> tuple[str, list[str], list[str]]:
    """A study page's Markdown, and the fragments it held for after conversion (early) and for the file (late)."""
    early: list[str] = []
    late: list[str] = []
    reference = (parse(bib, "r.bib") if bib else library()).reference(key)

    def hold(fragment: str) -> str:
        early.append(fragment)
        return f"\n\n<!-- early {len(early) - 1} -->\n\n"

    def hold_late(fragment: str) -> str:
        late.append(fragment)
        return f"\n\n<!-- late {len(late) - 1} -->\n\n"

    markdown = study_page_markdown(study_pieces(reference), hold, hold_late, backlinks=f"<!-- backlinks of {key} -->")
    return markdown, early, late


def test_backlinks_list_every_citing_page_and_claim() -> None:
    """Pages are sorted by title; each lists the claims citing the study, with the evidence direction."""
    backlinks = [
        Backlink("claims/risks/", "Risks", "cement-leak", "Cement leaks", "supports"),
        Backlink("claims/risks/", "Risks", "cement-leak", "Cement leaks"),  # cited again in the text: one entry
        Backlink("", "Home"),
    ]
    page = html(backlinks_html(backlinks, lambda url: "../../" + url))
    pages = page.select("ul.backlinks > li")
    assert [li.a.text for li in pages] == ["Home", "Risks"]
    claims = pages[1].select("ul li")
    assert [(li.a["href"], li.a.text) for li in claims] == [("../../claims/risks/#cement-leak", "Cement leaks")]
    assert claims[0].select_one(".badge")["class"][-1] == "direction-supports"


def test_a_study_nothing_cites_says_so() -> None:
    """No backlinks: a sentence instead of an empty list."""
    assert html(backlinks_html([], str)).select_one("p.no-backlinks").text == "No page cites this study yet."


def test_editor_markup_in_backlink_titles_is_text() -> None:
    """A page or claim title with markup is escaped in the backlinks."""
    page = html(backlinks_html([Backlink("p/", PAYLOAD, "x", PAYLOAD)], str))
    assert only_text(page)
    assert [a.text for a in page.select("a")] == [PAYLOAD, PAYLOAD]


def test_study_page_leaves_a_placeholder_for_its_backlinks() -> None:
    """The Markdown ends with the 'cited by' heading and the placeholder the backlinks later fill."""
    markdown, _, _ = held_pieces("trial2020")
    assert markdown.rstrip().endswith("## Claims that cite this study {#cited-by}\n\n<!-- backlinks of trial2020 -->")


def test_searchable_part_names_the_study_and_its_finding() -> None:
    """Search sees the name, title, formatted citation and key finding (held early), not the JSON-LD and facts."""
    _, early, late = held_pieces("trial2020")
    page = html(early[0])
    assert page.h1.text == "Trial 2020" and page.select_one(".study-title").text == "A sham trial"
    assert page.select_one(".study-citation").text.startswith("Trial A. A sham trial.")
    assert page.select_one(".study-finding").text == "Key finding: No difference from sham."
    assert page.select_one(".admonition") is None  # verified: no warning
    assert html(late[0]).script["type"] == "application/ld+json" and html(late[1]).table


def test_a_reference_not_verified_carries_a_warning() -> None:
    """A partly verified reference's page warns with the status's label and description."""
    _, early, _ = held_pieces("review2021")
    assert html(early[0]).select_one(".admonition.warning .admonition-title").text == "Partly verified reference"


def test_facts_table_lists_type_status_where_and_links() -> None:
    """The facts: study type, verification badge, where verified (linked), what is unconfirmed, outbound links."""
    _, _, late = held_pieces("trial2020")
    rows = {tr.th.text: tr.td for tr in html(late[1]).select("table.study-facts tr")}
    assert list(rows) == ["Study type", "How we checked this", "Links"]
    assert rows["Study type"].text == "Sham-controlled randomised trial"
    assert rows["How we checked this"].a["href"] == "https://example.org/t"
    assert "public record at example.org." in rows["How we checked this"].text
    assert [a["href"] for a in rows["Links"].select("a")] == [
        "https://doi.org/10.1056/x",
        "https://pubmed.ncbi.nlm.nih.gov/123/",
    ]


def test_editor_markup_on_a_study_page_is_text_and_no_javascript_link() -> None:
    """Title, finding and seed citation are escaped; a javascript: address is never a link; plain text is not linked."""
    _, early, late = held_pieces("bad2020", POISONED)
    searchable, facts = html(early[0]), html(late[1])
    assert only_text(searchable) and only_text(facts)
    assert searchable.select_one(".study-title").text == BIB_PAYLOAD
    assert searchable.select_one(".study-finding").text.endswith(BIB_PAYLOAD)
    rows = {tr.th.text: tr.td for tr in facts.select("tr")}
    checked = rows["How we checked this"]
    assert checked.a is None and "javascript:" not in str(checked.a)
    assert rows["As cited by the patient page"].text == BIB_PAYLOAD
    assert [a["href"] for a in rows["Numbers checked at"].select("a")] == ["https://example.org/n"]
    assert "see table 2" in rows["Numbers checked at"].text


def test_page_title_meta_is_escaped_for_mkdocs() -> None:
    """MkDocs prints a page's title unescaped into <title>: the meta title carries it escaped."""
    meta = study_page_meta(parse(POISONED.replace(b"author={Bad, Al}", b"author={<i>}"), "r.bib").reference("bad2020"))
    assert "<" not in meta["title"] and BeautifulSoup(meta["title"], "html.parser").text == "<i> 2020"


def test_bibliography_groups_references_by_design_with_study_page_links() -> None:
    """One heading per design present, in the vocabulary's order, each with a held list linking study pages."""
    held: list[str] = []

    def hold(fragment: str) -> str:
        held.append(fragment)
        return f"\n\n<!-- held {len(held) - 1} -->\n\n"

    markdown = bibliography_markdown(library(), lambda key: f"../studies/{key}/", hold)
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Sham-controlled randomised trial (1) {#type-rct-sham}",
        "## Systematic review (1) {#type-systematic-review}",
        "## Patient-information page (2) {#type-patient-information}",
    ]
    pages = html(held[2]).select("ul.bibliography li")
    assert [li.select_one("a:last-child")["href"] for li in pages] == ["../studies/pagea/", "../studies/pageb/"]
    assert all(li.select_one(".badge")["class"][-1] == "status-partial" for li in pages)


def test_bibliography_gives_a_key_finding_where_one_is_written() -> None:
    """A reader scanning the bibliography sees what each study found, not only its title."""
    bib = (
        b"@article{said2020, author={Said, A}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified},"
        b" finding={In 131 people, the procedure did about as well as a fake one.}}"
        b"@article{silent2021, author={Silent, B}, title={U}, journal={J}, year={2021}, studytype={rct},"
        b" status={verified}}"
    )
    held: list[str] = []

    def hold(fragment: str) -> str:
        held.append(fragment)
        return f"<!-- held {len(held) - 1} -->"

    bibliography_markdown(parse(bib, "r.bib"), lambda key: f"../studies/{key}/", hold)
    said, silent = html(held[0]).select("ul.bibliography li")
    assert said.select_one(".reference-finding").get_text(" ", strip=True) == (
        "Key finding: In 131 people, the procedure did about as well as a fake one."
    )
    assert said.select_one("a")["href"] == "../studies/said2020/"
    assert (
        silent.select_one(".reference-finding") is None and silent.select_one("a")["href"] == "../studies/silent2021/"
    )


def test_a_study_with_findings_gets_their_section_held_for_the_file() -> None:
    """The findings section (ready-made HTML) comes under its own heading, held late like the facts."""
    late: list[str] = []

    def hold_late(fragment: str) -> str:
        late.append(fragment)
        return f"<!-- late {len(late) - 1} -->"

    pieces = study_pieces(library().reference("trial2020"), '<section class="study-results"></section>')
    markdown = study_page_markdown(pieces, hold_late=hold_late)
    assert "## What the study found {#findings}\n\n<!-- late 2 -->" in markdown
    assert late[2] == '<section class="study-results"></section>'
    assert "What the study found" not in study_page_markdown(study_pieces(library().reference("trial2020")))


def test_readers_get_the_plain_finding_and_editors_keep_their_notes() -> None:
    """With `finding` written, the page shows it as the key finding; the checking notes move into a closed section."""
    bib = (
        b"@article{plain2020, author={Plain, A}, title={T}, journal={J}, year={2020}, studytype={rct},"
        b" status={verified}, verified={https://pubmed.ncbi.nlm.nih.gov/1/},"
        b" note={131 pts; seen in a stored copy on the second check},"
        b" finding={In 131 people, the procedure did about as well as a fake one.}}"
    )
    _, early, late = held_pieces("plain2020", bib)
    assert html(early[0]).select_one(".study-finding").text == (
        "Key finding: In 131 people, the procedure did about as well as a fake one."
    )
    facts = html(late[1])
    assert facts.select_one("details.study-notes").text == (
        "Our checking notes (for editors)131 pts; seen in a stored copy on the second check"
    )
    assert "public record at pubmed.ncbi.nlm.nih.gov." in facts.select_one("table.study-facts").text


def test_without_a_plain_finding_readers_get_the_note_up_to_its_checking_part() -> None:
    """Until `finding` is written the note stands in for it, but "Checking: …" (addresses, search counts) stays with
    the editors."""
    bib = (
        b"@online{page2020, title={T}, year={2020}, studytype={patient-information}, status={partial},"
        b" unconfirmed={its date}, note={Lists infection as a risk. Checking: two searches on 2 Dec found no copy.}}"
    )
    _, early, _ = held_pieces("page2020", bib)
    assert html(early[0]).select_one(".study-finding").text == "Key finding: Lists infection as a risk."
