"""The evidence map: an SVG drawn at build time of claims against study designs and directions.

Each cell shows how many studies of that design support (▲), contradict (▼), are mixed (◆) or give context (○) for
the claim: symbols and numbers, so it reads without colour; no external service or script. The layout (what goes
where) is computed here; templates/evidence_map.svg draws it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from .assessment import evidence_counts
from .claims import Claim
from .library.catalog import Library
from .templating import render, render_markdown
from .vocabulary import CATEGORIES, DIRECTIONS, STUDY_TYPES, Term

ROW = 22
LABEL_WIDTH = 272
COLUMN = 68  # with the page's sidebars hidden, a dozen designs fit a 1280 px screen at full size
MARK = 22  # one mark, `3▼ `, about 20 px at the map's 12 px: a column widens for its fullest cell, so marks fit
HEADER = 64
TITLE_LENGTH = 40  # longer claim titles are shortened (the full title is the link's tooltip), to fit LABEL_WIDTH
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


@dataclass(frozen=True)
class Heading:
    x: float
    first: str
    second: str


@dataclass(frozen=True)
class Cell:
    x: float
    marks: list[tuple[str, int]]  # (direction, number of studies), in the vocabulary's order


@dataclass(frozen=True)
class Row:
    """A category's heading (no claim) or a claim's row; `y` is its top."""

    y: int
    label: str
    claim: Claim | None = None
    url: str = ""
    cells: list[Cell] = field(default_factory=list)

    @property
    def striped(self) -> bool:
        return bool((self.y // ROW) % 2)  # every other row shaded, for reading across


def evidence_map_svg(claims: Sequence[Claim], library: Library, claim_url: Callable[[Claim], str]) -> Markup:
    counts = {claim: evidence_counts(claim, library) for claim in claims}
    designs = [d for d in STUDY_TYPES if any(c[(d, x)] for c in counts.values() for x in DIRECTIONS)]
    centres = _column_centres(counts, designs)
    rows = _rows(claims, counts, designs, centres, claim_url)
    width = LABEL_WIDTH + sum(_column_width(counts, d) for d in designs)
    return render(
        "evidence_map.svg",
        width=width,
        height=(rows[-1].y + ROW if rows else HEADER) + 8,
        header=HEADER,
        row_height=ROW,
        legend="   ".join(f"{t.symbol} {t.label.lower()}" for t in DIRECTIONS.values()),
        headings=[Heading(centres[i], *SHORT_DESIGN.get(d, (d, ""))) for i, d in enumerate(designs)],
        rows=rows,
    )


def _rows(
    claims: Sequence[Claim],
    counts: dict[Claim, Counter[tuple[str, str]]],
    designs: Sequence[str],
    centres: Sequence[float],
    claim_url: Callable[[Claim], str],
) -> list[Row]:
    """A heading row per category with claims, then a row per claim, top to bottom."""
    rows = []
    y = HEADER
    for category, term in CATEGORIES.items():
        in_category = [c for c in claims if c.category == category]
        if in_category:
            rows.append(Row(y, term.label))
            y += ROW
        for claim in in_category:
            cells = _cells(counts[claim], designs, centres)
            rows.append(Row(y, _shortened(claim.title), claim, claim_url(claim), cells))
            y += ROW
    return rows


def _cells(counts: Counter[tuple[str, str]], designs: Sequence[str], centres: Sequence[float]) -> list[Cell]:
    cells = []
    for design, centre in zip(designs, centres, strict=True):
        marks = [(direction, counts[(design, direction)]) for direction in DIRECTIONS if counts[(design, direction)]]
        if marks:
            cells.append(Cell(centre, marks))
    return cells


def _column_width(counts: dict[Claim, Counter[tuple[str, str]]], design: str) -> float:
    fullest = max((sum(1 for x in DIRECTIONS if c[(design, x)]) for c in counts.values()), default=0)
    return max(COLUMN, MARK * fullest + 12)


def _column_centres(counts: dict[Claim, Counter[tuple[str, str]]], designs: Sequence[str]) -> list[float]:
    centres, left = [], float(LABEL_WIDTH)
    for design in designs:
        width = _column_width(counts, design)
        centres.append(left + width / 2)
        left += width
    return centres


def _shortened(title: str) -> str:
    """Cut at the last whole word that fits, with an ellipsis."""
    if len(title) <= TITLE_LENGTH:
        return title
    cut = title[: TITLE_LENGTH - 1]
    if title[len(cut)] != " " and " " in cut:  # the cut fell inside a word: leave the word out
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class ListedClaim:
    claim: Claim
    url: str
    designs: list[tuple[Term, list[tuple[str, int]]]]  # designs with studies, each with (direction, number)


@dataclass(frozen=True)
class ListedCategory:
    label: str
    rows: list[ListedClaim]


def evidence_map_list(claims: Sequence[Claim], library: Library, claim_url: Callable[[Claim], str]) -> Markup:
    """The map's counts as a list of claims by category, for phones, where the drawing is too wide to read."""
    categories = []
    for category, term in CATEGORIES.items():
        rows = [
            ListedClaim(claim, claim_url(claim), _listed_designs(evidence_counts(claim, library)))
            for claim in claims
            if claim.category == category
        ]
        if rows:
            categories.append(ListedCategory(term.label, rows))
    return render("evidence_map_list.html", categories=categories)


def _listed_designs(counts: Counter[tuple[str, str]]) -> list[tuple[Term, list[tuple[str, int]]]]:
    listed = []
    for design, term in STUDY_TYPES.items():
        marks = [(direction, counts[(design, direction)]) for direction in DIRECTIONS if counts[(design, direction)]]
        if marks:
            listed.append((term, marks))
    return listed


def evidence_map_markdown(svg_placeholder: str, list_placeholder: str = "") -> str:
    """The map's page; `list_placeholder` holds evidence_map_list's HTML (shown on phones instead of the drawing)."""
    return render_markdown("evidence_map.md", svg=Markup(svg_placeholder), listing=Markup(list_placeholder))
