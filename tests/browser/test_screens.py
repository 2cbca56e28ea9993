"""Every screen: nothing clipped or past the edge at 1280 and 390 px, 16 px text in tables and notices, positions
in distinct colours with ≥ 4.5:1 contrast in light and dark mode, and a claims page that prints every column."""

from __future__ import annotations

import re

import pytest
from evidence_engine.evidence_map import LABEL_WIDTH

from .test_reader_journeys import PAGE_TYPES

pytestmark = pytest.mark.browser

# Content that is cut (a box that scrolls sideways because what it holds is wider) or that runs past the article's
# right edge. Material's table wrapper reaches 0.8rem into the page's padding on purpose; a visually hidden header
# row (1 px, clipped) is not shown; inside an SVG only the SVG's own box counts.
OVERFLOWING = """() => {
  const article = document.querySelector("article.md-content__inner");
  const edge = article.getBoundingClientRect().right + 1;
  const name = el => el.tagName.toLowerCase() + [...el.classList].map(c => "." + c).join("");
  const found = [];
  for (const el of article.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    // On a laptop a long code line may scroll inside its block (Material's way); on a phone, where Material draws
    // the block edge to edge, its lines wrap. Either way the block itself stays on the screen.
    if (el.closest("pre") && !el.matches("pre, pre > code")) continue;
    if (el.matches(".highlight, pre, pre > code")) {
      if (el.getBoundingClientRect().right > window.innerWidth + 1) found.push(`${name(el)} runs past the screen`);
      if (el.matches("pre > code") && window.innerWidth < 720 && el.scrollWidth > el.clientWidth + 1)
        found.push(`a code line runs ${el.scrollWidth - el.clientWidth} px on, out of sight`);
      continue;
    }
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || style.position === "absolute") continue;
    const thead = el.closest("thead");
    if (thead && thead.getBoundingClientRect().width <= 1) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const scrolls = /(auto|scroll|hidden)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !["CODE", "PRE"].includes(el.tagName))
      found.push(`${name(el)} cuts ${el.scrollWidth - el.clientWidth} px`);
    else if (!el.matches(".md-typeset__scrollwrap, .md-typeset__table") && box.right > edge)
      found.push(`${name(el)} runs ${Math.round(box.right - edge)} px past the edge`);
  }
  return [...new Set(found)];
}"""

# The smallest font size of any text in tables and notices (admonitions and <details>), in CSS px.
SMALLEST_TABLE_TEXT = """() => {
  const sizes = [];
  const boxes = "article table, article .admonition, article details";
  for (const el of document.querySelectorAll(`${boxes}, ${boxes.replaceAll(",", " *,")} *`)) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!el.getClientRects().length) continue;
    sizes.push([parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes[0] ?? [99, ""];
}"""

# WCAG contrast of each position's and each evidence-map count's colour against the page background, and the
# colour of each position, so that dark mode cannot paint them all alike.
COLOURS = """() => {
  const rgb = text => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = rgb(getComputedStyle(document.body).backgroundColor);
  const positions = {};
  const low = [];
  for (const cell of document.querySelectorAll(".matrix-cell a")) {
    const stance = [...cell.parentElement.classList].find(c => c.startsWith("stance-"));
    const colour = rgb(getComputedStyle(cell).color);
    positions[stance] = colour.join(",");
    const ratio = contrast(colour, background);
    if (ratio < 4.5) low.push(`${stance} ${ratio.toFixed(2)}:1`);
  }
  for (const count of document.querySelectorAll("svg.evidence-map tspan[class^='direction-']")) {
    const ratio = contrast(rgb(getComputedStyle(count).fill), background);
    if (ratio < 4.5) low.push(`map ${count.getAttribute("class")} ${ratio.toFixed(2)}:1`);
  }
  return { positions, low: [...new Set(low)] };
}"""


@pytest.mark.parametrize("name", PAGE_TYPES)
@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_is_clipped_or_runs_past_the_edge(browser, site_url: str, name: str, width: int) -> None:
    """No table, map or card scrolls sideways or reaches past the content's edge, on a laptop or a phone."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
    overflowing = page.evaluate(OVERFLOWING)
    context.close()
    assert overflowing == [], overflowing


# Each claim card's height drawn in full, and the placeholder height a phone gives it while it is off screen.
CARD_HEIGHTS = """() => {
  const cards = [...document.querySelectorAll("div.claim-card")];
  const placeholder = parseFloat(getComputedStyle(cards[0]).containIntrinsicBlockSize.replace("auto", ""));
  const style = document.createElement("style");
  style.textContent = ".md-typeset .claim-card { content-visibility: visible !important; }";
  document.head.append(style);
  return { placeholder, heights: cards.map(card => [card.previousElementSibling.id, card.offsetHeight]) };
}"""


@pytest.mark.parametrize("category", ["efficacy", "risks", "indications", "procedure", "recovery", "contraindications"])
def test_every_claim_card_fits_its_placeholder_on_a_small_phone(browser, site_url: str, category: str) -> None:
    """Off screen, a card is a placeholder; a card taller than it would leave its links where the next claim's
    buttons are, and checkers (Lighthouse) report overlapping targets. Raise the placeholder in evidence.css."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_url + f"claims/{category}/", wait_until="networkidle")
    measured = page.evaluate(CARD_HEIGHTS)
    context.close()
    assert measured["placeholder"] > 0
    too_tall = [(claim, height) for claim, height in measured["heights"] if height > measured["placeholder"]]
    assert too_tall == [], f"placeholder {measured['placeholder']} px: {too_tall}"


def test_a_claim_jumped_to_on_a_phone_is_not_under_the_back_to_top_button(browser, site_url: str) -> None:
    """Drawing the cards above a claim one has jumped to moves the page up, which Material takes for scrolling up and
    answers with its "Back to top" button: the claim's title must rest below where that button shows."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "claims/risks/", wait_until="networkidle")
    page.locator('article a[href="#sedation-risks"]').first.click()
    # The title rests at its scroll margin once the cards above it are drawn and the page has settled.
    page.wait_for_function(
        """() => { const h = document.getElementById("sedation-risks");
            return Math.abs(h.getBoundingClientRect().top - parseFloat(getComputedStyle(h).scrollMarginTop)) < 2; }"""
    )
    boxes = page.evaluate(
        """() => { const button = document.querySelector(".md-top"); button.hidden = false;
            return [button.getBoundingClientRect().bottom,
                    document.getElementById("sedation-risks").getBoundingClientRect().top]; }"""
    )
    context.close()
    button_bottom, title_top = boxes
    assert title_top >= button_bottom, f"title at {title_top} px, under the button ending at {button_bottom} px"


@pytest.mark.parametrize("path", ["claims/risks/", "comparison/", "sources/coloradoclinicnd/", "questions/"])
@pytest.mark.parametrize("width", [1280, 390])
def test_table_and_notice_text_is_at_least_16px(browser, site_url: str, path: str, width: int) -> None:
    """Older readers: every text in a table or a notice is at least 16 px."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    size, text = page.evaluate(SMALLEST_TABLE_TEXT)
    context.close()
    assert size >= 16, f"{size} px: {text!r}"


# Each forest plot's text as drawn: its size in CSS px (font size times the figure's scale), the lines that overlap
# another line, the lines a drawn line (the line of no effect, an interval, the axis) runs through, and the lines
# that run outside the figure.
FOREST_TEXT = """() => [...document.querySelectorAll("figure.forest-plot svg")].map(svg => {
  const frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width;
  const lines = [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect(),
    parseFloat(getComputedStyle(t).fontSize) * scale]);
  // Glyphs fill about the middle 70 % of a line's box; boxes may touch where ascenders meet descenders' room.
  const ink = box => [box.top + box.height * 0.15, box.bottom - box.height * 0.15];
  const overlapping = [];
  lines.forEach(([a, boxA], i) => lines.slice(i + 1).forEach(([b, boxB]) => {
    const [topA, bottomA] = ink(boxA), [topB, bottomB] = ink(boxB);
    if (boxA.left < boxB.right && boxB.left < boxA.right && topA < bottomB && topB < bottomA)
      overlapping.push(`${a} / ${b}`);
  }));
  const drawn = [...svg.querySelectorAll("line")].filter(l => getComputedStyle(l).display !== "none")
    .map(l => l.getBoundingClientRect());
  const crossed = lines.filter(([, box]) => drawn.some(l => {
    const [top, bottom] = ink(box);
    return l.left <= box.right && box.left <= l.right && l.top <= bottom && top <= l.bottom;
  })).map(([text]) => text);
  return {
    smallest: Math.min(...lines.map(([, , size]) => size)),
    overlapping,
    crossed,
    outside: lines.filter(([, box]) => box.left < frame.left - 1 || box.right > frame.right + 1).map(([text]) => text),
  };
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_forest_plot_text_is_readable_on_a_phone_and_never_overlaps(browser, site_url: str, width: int) -> None:
    """A plot scales to its column: on a phone its labels and marks must still be drawn at 16 px or more, their
    lines apart, no drawn line through them, and nothing cut at the figure's edge."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + "results/", wait_until="networkidle")
    plots = page.evaluate(FOREST_TEXT)
    context.close()
    assert plots, "the results page has no forest plot to look at"
    for plot in plots:
        assert plot["smallest"] >= 16, plot
        assert plot["overlapping"] == [] and plot["crossed"] == [] and plot["outside"] == [], plot


@pytest.mark.parametrize("path", ["comparison/", "evidence-map/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_positions_and_map_counts_have_distinct_colours_and_contrast(
    browser, site_url: str, path: str, scheme: str
) -> None:
    """Agrees, qualifies, contradicts and silent differ in colour, and they and the map's counts reach 4.5:1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    found = page.evaluate(COLOURS)
    context.close()
    assert found["low"] == [], found["low"]
    if path == "comparison/":
        assert len(found["positions"]) >= 4
        assert len(set(found["positions"].values())) == len(found["positions"]), found["positions"]


def test_a_printed_claims_page_keeps_every_column_and_leaves_the_site_out(browser, site_url: str) -> None:
    """Printed (A4, dark mode on screen), tables fit the page, headings stay with what follows, no navigation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "claims/efficacy/", wait_until="networkidle")
    page.emulate_media(media="print")
    # The printable width of A4 with 14 mm margins, in CSS px (96 per inch).
    page.set_viewport_size({"width": round((210 - 28) / 25.4 * 96), "height": 1100})
    assert page.evaluate(OVERFLOWING) == []
    assert page.eval_on_selector("h2", "h => getComputedStyle(h).breakAfter") == "avoid"
    references = page.eval_on_selector(".reference-list-title", "h => getComputedStyle(h).breakAfter")
    assert references == "avoid"  # "References" never alone at a page's foot
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-search', '.claim-search-words',
                  'p.downloads']
            .filter(s => document.querySelector(s) && document.querySelector(s).getClientRects().length)"""
    )
    assert hidden == []
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background  # black on white on paper
    pdf = page.pdf(format="A4")
    context.close()
    assert pdf.startswith(b"%PDF")


def test_a_printed_summary_row_may_run_on_rather_than_leave_a_page_half_blank(browser, site_url: str) -> None:
    """On paper a summary-of-findings row may break across pages (its header repeats) and its text is the print size
    of the other tables; kept whole, each long row pushed the next page's worth of space before it blank."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "results/", wait_until="networkidle")
    row = "table.summary-table tbody tr"
    on_screen = page.eval_on_selector(row, "r => getComputedStyle(r.closest('table')).fontSize")
    page.emulate_media(media="print")
    printed = page.eval_on_selector(
        row, "r => [getComputedStyle(r).breakInside, getComputedStyle(r.closest('table')).fontSize]"
    )
    context.close()
    assert printed[0] == "auto"
    assert float(printed[1].removesuffix("px")) < float(on_screen.removesuffix("px")), (printed, on_screen)


def test_the_options_handout_prints_on_one_page(browser, site_url: str) -> None:
    """ "Your options side by side" is a one-page A4 handout, printed from dark mode too, with every column, and says
    on paper (only) where it came from and which version it is."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "options/", wait_until="networkidle")
    source = page.locator(".print-source")
    assert source.is_hidden()  # on screen the address bar says it
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    headers = page.locator(".options-grid thead th").all_inner_texts()
    printed_source = source.inner_text() if source.is_visible() else ""
    context.close()
    assert headers == ["Your question", "Vertebroplasty", "Kyphoplasty", "No procedure"]
    assert re.fullmatch(r"Printed from .+, \S+/options/ \(version of \d{1,2} \w+ \d{4}\)\. .+", printed_source)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_a_claims_page_on_a_phone_opens_with_its_claims_to_scan(browser, site_url: str) -> None:
    """At 390 px the page's table shrinks to its claims and verdicts (one link per claim, no page columns); each
    claim's own who-says-what and evidence are one click away."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "claims/efficacy/")
    overview = page.locator(".page-overview .agreement-matrix")
    claims = page.locator("h2[id]").count()
    assert overview.locator("th[scope=row] a:visible").count() == claims > 5
    assert overview.locator("td.matrix-cell:visible").count() == 0
    assert page.locator("details.claim-sources[open], details.claim-evidence[open]").count() == 0
    context.close()


# Each evidence-map count as drawn against its column, and each claim's label against the labels' width. The columns
# follow one another from the end of the labels (`labels` view-box units), each centred on its heading, so their
# edges follow from the headings' centres.
MAP_MARKS = """(labels) => {
  const svg = document.querySelector("svg.evidence-map");
  const frame = svg.getBoundingClientRect(), scale = frame.width / svg.viewBox.baseVal.width;
  const centres = [...svg.querySelectorAll("text[font-weight='700'] > tspan:first-child")]
    .map(t => frame.left + parseFloat(t.getAttribute("x")) * scale).filter((x, i, all) => all.indexOf(x) === i);
  const edges = [frame.left + labels * scale];
  for (const centre of centres) edges.push(2 * centre - edges[edges.length - 1]);
  const spills = [];
  for (const label of svg.querySelectorAll("text.map-claim")) {
    if (label.getBoundingClientRect().right > edges[0]) spills.push(label.textContent.trim());
  }
  let counted = 0;
  for (const text of svg.querySelectorAll("text")) {
    if (!text.querySelector("tspan[class^='direction-']")) continue;
    counted += 1;
    const box = text.getBoundingClientRect(), centre = (box.left + box.right) / 2;
    const i = edges.findIndex((edge, j) => j > 0 && centre < edge) - 1;
    if (i < 0 || box.left < edges[i] || box.right > edges[i + 1]) spills.push(text.textContent.trim());
  }
  return {counted, spills};
}"""


def test_evidence_map_counts_stay_in_their_columns(browser, site_url: str) -> None:
    """At 1280 px the map is drawn at full size; each count stays inside its column, each label left of them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "evidence-map/", wait_until="networkidle")
    found = page.evaluate(MAP_MARKS, LABEL_WIDTH)
    context.close()
    assert found["counted"] > 10 and found["spills"] == [], found
