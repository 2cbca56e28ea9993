"""Readers in a real browser: search in their own words, hover citations, follow the matrix, no errors, no trackers."""

from __future__ import annotations

import re

import pytest

from ..conftest import PROJECT

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "claims page": "claims/risks/",
    "study page": "studies/kallmes2009/",
    "study page with out-of-100 pictures": "studies/clark2016/",
    "results by comparison": "results/",
    "bibliography": "bibliography/",
    "comparison": "comparison/",
    "evidence map": "evidence-map/",
    "source page": "sources/coloradoclinicnd/",
    "glossary": "glossary/",
    "claims page with verdicts by comparison and pictures": "claims/efficacy/",
    "corrections": "corrections/",
    "options side by side": "options/",
    "editors' guide": "editors/recording-findings/",
    "editors' problem messages": "editors/problems/",
}

# What a patient or clinician types → where the first claim or study result must land.
QUERIES = [
    ("glue leaking", "claims/risks/#cement-leakage"),
    ("is it worth it", "claims/efficacy/#pain-relief"),
    ("how long off work", "claims/recovery/#back-to-normal-activity"),
    ("can I have it at 85", "claims/indications/#adults-rarely-children"),
    ("bone scan instead of MRI", r"claims/(procedure/#imaging-before|indications/#imaging-confirms-fracture)"),
    ("cement in lungs", "claims/risks/#cement-in-lungs"),
    ("blood thinners", "claims/contraindications/#bleeding-disorders-blood-thinners"),
    ("INVEST", "studies/(kallmes2009|comstock2013)/"),  # the trial's 1-month and 1-year papers
    ("VERTOS IV", "studies/(firanescu2018|vertosivprotocol2011)/"),  # its results and its protocol
    ("FREE trial", "studies/wardlaw2009/"),
    ("paralysis", "claims/risks/#nerve-spinal-cord-injury"),
    ("put to sleep", "claims/procedure/#sedation-or-general-anaesthesia"),
    ("87%", "claims/efficacy/#success-rates-87-92"),
    ("VAPOUR", "studies/clark2016/"),
    ("Buchbinder 2009", "studies/buchbinder2009/"),
    ("10.1056/NEJMoa0900563", "studies/kallmes2009/"),
    ("will my back get straighter", "claims/efficacy/#height-and-alignment"),
    ("is it safe", "claims/risks/#safe-low-risk"),
    ("what if I do nothing", "claims/efficacy/#untreated-fractures"),
    ("KAVIAR", "studies/dohm2014/"),
    ("KAST", "studies/kast2014/"),
    ("CAFE", "studies/berenson2011/"),
    ("does it heal faster than surgery", "claims/efficacy/#faster-healing-than-surgery"),
]

# `*[PMMA]: Polymethylmethacrylate, …` lines, appended to every page as abbreviations.
GLOSSARY = dict(
    re.findall(r"^\*\[([^\]]+)\]:\s*(.+?)\s*$", (PROJECT / "docs/_snippets/glossary.md").read_text(), re.MULTILINE)
)


def search(page, site_url: str, query: str) -> list[str]:
    """The result links Material shows for the whole query (never for a part of it typed so far)."""
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material shows "Initializing search" until its index has loaded; a query typed before that is lost.
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent ?? 'Initializing')"
    )
    search_box = page.locator("input.md-search__input")
    search_box.fill(query)  # the whole query at once: no search is ever run on a part of it
    search_box.press("End")  # Material searches on keyup, which fill() does not send
    # Before the query the meta line reads "Type to start searching"; a count means this query's results are in.
    page.wait_for_function(
        """query => document.querySelector('input.md-search__input').value === query
            && /matching document/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        arg=query,
        timeout=10_000,
    )
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def is_claim_or_study(target: str) -> bool:
    """A claim section (`claims/<page>/#<id>`) or a study page (`studies/<key>/`)."""
    return (target.startswith("claims/") and "#" in target) or target.startswith("studies/")


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_lands_on_the_right_claim_or_study(page, site_url: str, query: str, expected: str) -> None:
    """The first result that is a claim section or a study page is the one the reader needs."""
    links = search(page, site_url, query)
    targets = [re.sub(r"\?h=[^#]*", "", link).removeprefix(site_url) for link in links]
    relevant = [target for target in targets if is_claim_or_study(target)]
    assert relevant, targets
    assert re.fullmatch(expected, relevant[0]), (query, relevant[:3])


def _expected_preview(page, key: str) -> str:
    """A citation's preview is its reference-list entry without the links ("Study page · DOI · PubMed") and without
    the way back to the sections that cite it ("Cited under: …"), which every entry on a claims page has."""
    entry = page.locator(f"li#ref-{key}")
    text = entry.inner_text()
    for part in (".reference-cited-under", ".reference-links"):
        text = text.removesuffix(entry.locator(part).inner_text()).rstrip()
    assert "Cited under" not in text, text
    return text


def _open_first_claim_details(page):
    details = page.locator("details.claim-details").first  # a claim's studies are one click away
    details.locator("summary").click()
    citation = details.locator("a.citation-link").first
    citation.wait_for(state="visible")
    return citation


def test_hovering_a_citation_previews_the_reference(page, site_url: str) -> None:
    """Hovering a citation shows its formatted reference (authors, title, year), how well it was checked, and its
    key finding where one is written; moving away hides it."""
    page.goto(site_url + "claims/efficacy/")
    citation = _open_first_claim_details(page)
    citation.hover()
    preview = page.locator("#evidence-preview")
    preview.wait_for(state="visible")
    shown = preview.inner_text().strip()
    assert shown == _expected_preview(page, citation.get_attribute("data-cite"))
    assert re.search(r"(Verified|Partly verified|Unconfirmed)", shown)
    year = re.search(r"\b(19|20)\d\d\b", shown)
    assert year and len(shown.split(". ")) >= 3, shown  # authors. title. journal. year
    assert "Key finding:" in shown  # the first study cited on the efficacy page has one written
    page.mouse.move(1, 1)
    preview.wait_for(state="hidden")


def test_tapping_a_citation_shows_its_preview_before_following_it(browser, site_url: str) -> None:
    """On a touch screen the first tap shows the preview and stays on the page; a second tap goes to the reference.
    A small phone (390 × 667) has the whole preview on screen, scrolling inside it when it is long."""
    context = browser.new_context(viewport={"width": 390, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "claims/efficacy/")
    details = page.locator("details.claim-details").first
    details.locator("summary").tap()
    citation = details.locator("a.citation-link").first
    citation.scroll_into_view_if_needed()
    citation.tap()
    preview = page.locator("#evidence-preview")
    preview.wait_for(state="visible")
    assert "#" not in page.url
    assert preview.inner_text().strip() == _expected_preview(page, citation.get_attribute("data-cite"))
    box, screen = preview.bounding_box(), page.viewport_size
    assert box and screen and box["x"] >= 0 and box["x"] + box["width"] <= screen["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], (box, screen)
    citation.tap()
    page.wait_for_url("**#ref-*")
    context.close()


def test_glossary_term_shows_its_definition_on_hover(page, site_url: str) -> None:
    """Hovering a glossary term such as PMMA shows its definition from docs/_snippets/glossary.md."""
    page.goto(site_url + "claims/procedure/")
    term = page.locator("abbr:visible").first  # some are inside a claim's closed details
    word = term.inner_text().strip()
    term.hover()
    preview = page.locator("#evidence-preview")
    preview.wait_for(state="visible")
    assert preview.inner_text().strip() == GLOSSARY[word]


def test_glossary_terms_are_reached_by_keyboard(page, site_url: str) -> None:
    """Tabbing reaches a glossary term, which shows its definition; Escape hides it. The first term was hovered with
    the mouse before (which moves its definition out of its title): it is still the first one Tab reaches."""
    page.goto(site_url + "claims/procedure/")
    preview = page.locator("#evidence-preview")
    first = page.locator("abbr:visible").first
    hovered = first.inner_text().strip()
    first.hover()
    preview.wait_for(state="visible")
    page.mouse.move(1, 1)
    preview.wait_for(state="hidden")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    word = page.evaluate("document.activeElement.textContent").strip()
    assert word == hovered, (word, hovered)
    preview.wait_for(state="visible")
    assert preview.inner_text().strip() == GLOSSARY[word]
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")


def test_matrix_cell_leads_to_its_claim(page, site_url: str) -> None:
    """On the comparison page, a cell opens the claim on its own page, scrolled to its heading."""
    page.goto(site_url + "comparison/")
    cell = page.locator(".agreement-matrix td.matrix-cell a").first
    href = cell.get_attribute("href")
    cell.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)
    assert page.locator(f"h2#{anchor}").is_visible()


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_console_errors_and_no_third_party_requests(page, site_url: str, name: str) -> None:
    """Every page type loads without console errors and fetches nothing from another host."""
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
    assert errors == []
    assert hosts == {site_url.split("/")[2]}


def test_a_claims_details_are_one_click_away_and_printed(page, site_url: str) -> None:
    """On screen a claim shows its card and keeps the studies closed; opening shows them; print shows them all."""
    page.goto(site_url + "claims/efficacy/")
    details = page.locator("details.claim-details")
    assert details.count() >= 10
    first = details.first
    assert not first.locator("p").first.is_visible()
    first.locator("summary").click()
    first.locator("p").first.wait_for(state="visible")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert details.evaluate_all("all => all.every(d => d.open)")
