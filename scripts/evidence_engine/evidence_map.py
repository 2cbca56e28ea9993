"""The evidence map: an SVG drawn at build time of claims against study designs and directions.

Each cell shows how many studies of that design support (▲), contradict (▼), are mixed (◆) or give context (○) for
the claim: symbols and numbers, so it reads without colour; no external service or script.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from .cards import evidence_counts
from .claims import Claim
from .references import Library
from .vocabulary import CATEGORIES, DIRECTIONS, STUDY_TYPES

ROW = 22
LABEL_WIDTH = 320
COLUMN = 72  # with the page's sidebars hidden, a dozen designs fit a 1280 px screen at full size
HEADER = 64
COLOURS = {"supports": "#00704f", "contradicts": "#a83f00", "mixed": "#8a5a00", "context": "#0072b2"}
SHORT_DESIGN = {  # column headings on two lines, so that a dozen fit side by side
    "rct-sham": ("Sham", "RCT"),
    "rct": ("RCT, no", "sham"),
    "meta-analysis": ("Meta-", "analysis"),
    "systematic-review": ("Systematic", "review"),
    "cohort": ("Cohort", ""),
    "registry": ("Registry", ""),
    "case-series": ("Case", "series"),
    "guideline": ("Guideline", ""),
    "narrative-review": ("Narrative", "review"),
    "rct-protocol": ("Trial", "protocol"),
    "editorial": ("Editorial", ""),
    "patient-information": ("Patient", "page"),
}


def evidence_map_svg(claims: Sequence[Claim], library: Library, claim_url: Callable[[Claim], str]) -> str:
    counts = {claim: evidence_counts(claim, library) for claim in claims}
    designs = [d for d in STUDY_TYPES if any(c[(d, x)] for c in counts.values() for x in DIRECTIONS)]
    rows: list[str] = []
    y = HEADER
    for category, term in CATEGORIES.items():
        in_category = [c for c in claims if c.category == category]
        if not in_category:
            continue
        rows.append(f'<text class="map-category" x="4" y="{y + 15}" font-weight="700">{escape(term.label)}</text>')
        y += ROW
        for claim in in_category:
            rows.append(_claim_row(claim, counts[claim], designs, y, claim_url(claim)))
            y += ROW
    width = LABEL_WIDTH + COLUMN * len(designs)
    headers = "".join(_design_heading(SHORT_DESIGN.get(d, (d, "")), LABEL_WIDTH + COLUMN * i + COLUMN / 2)
                      for i, d in enumerate(designs))
    legend = "   ".join(f"{t.symbol} {t.label.lower()}" for t in DIRECTIONS.values())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="evidence-map" viewBox="0 0 {width} {y + 8}" '
        f'width="{width}" height="{y + 8}" role="group" aria-labelledby="evidence-map-title" font-size="12" '
        'font-family="system-ui, sans-serif" fill="currentColor">'
        '<title id="evidence-map-title">Evidence map: for each claim, how many studies of each design support '
        "or contradict it</title>"
        f'<text x="4" y="18" font-size="12">Number of studies per design: {escape(legend)}</text>'
        f"{headers}{''.join(rows)}</svg>"
    )


def _design_heading(lines: tuple[str, str], x: float) -> str:
    first, second = (escape(line) for line in lines)
    text = f'<tspan x="{x}" y="{HEADER - 24 if second else HEADER - 10}">{first}</tspan>'
    if second:
        text += f'<tspan x="{x}" y="{HEADER - 10}">{second}</tspan>'
    return f'<text text-anchor="middle" font-weight="700" font-size="11">{text}</text>'


def _claim_row(claim: Claim, counts: dict, designs: Sequence[str], y: int, url: str) -> str:
    title = claim.title if len(claim.title) <= 49 else claim.title[:47].rstrip() + "…"
    cells = []
    for i, design in enumerate(designs):
        marks = [
            (direction, counts[(design, direction)]) for direction in DIRECTIONS if counts[(design, direction)]
        ]
        text = "".join(
            f'<tspan fill="{COLOURS[d]}">{n}{DIRECTIONS[d].symbol} </tspan>' for d, n in marks
        )
        if text:
            x = LABEL_WIDTH + COLUMN * i + COLUMN / 2
            cells.append(f'<text x="{x}" y="{y + 15}" text-anchor="middle" font-weight="700">{text}</text>')
    stripe = ""
    if (y // ROW) % 2:  # every other row shaded, for reading across
        stripe = f'<rect x="0" y="{y}" width="100%" height="{ROW}" fill="#808080" fill-opacity="0.12"/>'
    return (
        f'{stripe}<a href="{escape(url)}"><title>{escape(claim.title)}</title>'
        f'<text x="12" y="{y + 15}" class="map-claim">{escape(title)}</text></a>{"".join(cells)}'
    )


def evidence_map_markdown(svg_placeholder: str) -> str:
    return (
        "---\ntitle: Evidence map\nhide:\n  - navigation\n  - toc\n---\n\n# Evidence map\n\n"
        "Each row is a claim; each column a kind of study. A cell counts the studies of that kind that support (▲), "
        "contradict (▼), give mixed results for (◆) or give background to (○) the claim. Sham-controlled trials "
        "are the strongest test of whether the procedure itself relieves pain. Select a claim to read it.\n\n"
        '<div class="evidence-map-scroll" data-search-exclude markdown="0">\n'
        f"{svg_placeholder}\n</div>\n"
    )
