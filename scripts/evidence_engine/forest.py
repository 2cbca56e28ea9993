"""Forest plots of a summary row, drawn at build time as SVG (no script, no external service).

Each trial's estimate and confidence interval on one scale, with the line of no effect, the minimal important
difference as a band around it, and the published pooled estimate as a diamond. Studies subtract their groups
either way round, so every estimate is turned to one orientation using the group it `favours` (as recorded):
right of the line favours the procedure, left favours its comparator. Ratios are drawn on a log scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .findings import RATIOS, Finding, as_recorded
from .templating import render

WIDTH, LEFT, RIGHT = 520, 20, 500  # the plot spans LEFT..RIGHT of a WIDTH-wide view box
# One study is three lines: its name, its estimate, then its interval. They are spaced for text of 24 view-box units
# (on a 390 px phone the figure is drawn about 360 px wide, so 24 units are about 16 px); wider screens use smaller
# units in the same spacing.
NAME_ABOVE, ESTIMATE_ABOVE = 40, 14  # baselines of the name and the estimate above the interval
ROW, INTERVAL = 74, 64  # height of one study, and where its interval is drawn within it
TOP, AXIS = 4, 40  # space above the first study; the axis and its labels below the last


@dataclass(frozen=True)
class Interval:
    name: str  # the study, e.g. `INVEST, 1 month`: a line of its own, so that long names fit a phone
    estimate: str  # as printed, e.g. `0.7 (−0.3 to 1.7)`
    x: float
    low: float
    high: float
    y: float
    pooled: bool = False
    computed: bool = False  # by this site from the counts: marked, and said under the plot

    @property
    def name_y(self) -> float:
        return self.y - NAME_ABOVE

    @property
    def estimate_y(self) -> float:
        return self.y - ESTIMATE_ABOVE

    @property
    def described(self) -> str:
        """The interval in words, for the text alternative."""
        return f"{self.name}: {self.estimate}" + (", computed by this site" if self.computed else "")


@dataclass(frozen=True)
class ForestPlot:
    title: str
    description: str  # the text alternative: every estimate, in words
    height: float
    zero: float
    band: tuple[float, float] | None  # the minimal important difference either side of no effect
    ticks: tuple[tuple[float, str], ...]
    intervals: tuple[Interval, ...]
    favours_left: str
    favours_right: str
    ratio: bool = False  # drawn on a log scale, marked ×2 (and a larger ×N) either side of 1
    left_edge: float = LEFT
    right_edge: float = RIGHT
    width: float = WIDTH

    @property
    def axis_y(self) -> float:
        return self.height - AXIS + 6  # just below the last study, its labels under it

    @property
    def zero_segments(self) -> tuple[tuple[float, float], ...]:
        """The line of no effect, from each interval down to the next study's name: it is left out behind the names
        and estimates, which on a phone run across it and would be cut by it."""
        lows = [i.y + ROW - NAME_ABOVE - 22 for i in self.intervals[:-1]] + [self.axis_y]
        return tuple((i.y - ESTIMATE_ABOVE + 6, low) for i, low in zip(self.intervals, lows, strict=True))

    @property
    def computed(self) -> bool:
        return any(i.computed for i in self.intervals)

    @property
    def slug(self) -> str:
        """The title as an id: letters and digits only (`new-vertebral-fractures-about-1-year`)."""
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")


def forest_plot(
    title: str,
    sides: tuple[str, str],
    findings: tuple[tuple[str, Finding], ...],
    pooled: tuple[str, Finding] | None,
    mid: float | None,
) -> ForestPlot | None:
    """A plot of the (name, finding) pairs that can be oriented and share one measure; None for fewer than two
    studies (several analyses of one study are its table's rows, not a forest).
    `sides` names the procedure and its comparator, as readers know them."""
    oriented = [(name, f, xs) for name, f in findings if (xs := f.towards_procedure())]
    measure = _measure(oriented[0][1]) if oriented else ""
    plotted = [(name, f, xs) for name, f, xs in oriented if _measure(f) == measure]
    if len({f.study for _, f, _ in plotted}) < 2:  # analyses of one study are not a forest of studies
        return None
    ratio = measure in RATIOS
    pooled_oriented = pooled[1].towards_procedure() if pooled and _measure(pooled[1]) == measure else None
    reach = max(max(abs(v) for v in (x, low, high)) for _, _, (x, low, high) in plotted)
    if pooled_oriented:
        reach = max(reach, *map(abs, pooled_oriented))
    if mid and not ratio:
        reach = max(reach, mid)
    reach = _nice(reach * 1.1)

    def at(value: float) -> float:
        return round(LEFT + (value + reach) / (2 * reach) * (RIGHT - LEFT), 1)

    intervals = []
    for index, (name, finding, (x, low, high)) in enumerate(plotted):
        computed = bool(finding.effect and finding.effect.computed)
        y = TOP + ROW * index + INTERVAL
        intervals.append(Interval(name, _printed(finding), at(x), at(low), at(high), y, computed=computed))
    if pooled and pooled_oriented:
        x, low, high = pooled_oriented
        y = TOP + ROW * len(plotted) + INTERVAL
        intervals.append(Interval(f"{pooled[0]} (pooled)", _printed(pooled[1]), at(x), at(low), at(high), y, True))
    procedure, comparator = sides
    ticks = _ticks(reach, ratio, at)
    description = "; ".join(interval.described for interval in intervals)
    band = (at(-mid), at(mid)) if mid and not ratio else None
    height = TOP + ROW * len(intervals) + AXIS
    return ForestPlot(
        title, description, height, at(0.0), band, ticks, tuple(intervals),
        f"favours {comparator}", f"favours {procedure}", ratio,
    )  # fmt: skip


def forest_svg(plot: ForestPlot) -> Markup:
    return render("forest.svg", plot=plot)


def unoriented(findings: tuple[tuple[str, Finding], ...]) -> list[str]:
    """The names of findings that have an estimate but cannot be placed, because nobody recorded which group it
    favours (the record did not show it)."""
    return [name for name, f in findings if f.effect and f.effect.value is not None and not f.towards_procedure()]


def _measure(finding: Finding) -> str:
    """The measure, with the scale of a difference in scores: 0.7 points on 0-10 and 7 % of a scale share no axis."""
    if not finding.effect:
        return ""
    measure = finding.effect.measure
    return f"{measure} ({finding.scale})" if finding.scale and measure not in RATIOS else measure


def _printed(finding: Finding) -> str:
    effect = finding.effect
    assert effect is not None and effect.value is not None and effect.ci is not None
    return f"{as_recorded(effect.value)} ({as_recorded(effect.ci[0])} to {as_recorded(effect.ci[1])})"


def _nice(value: float) -> float:
    """The next round number up: 1, 2, 2.5, 5 × a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value))


def _ticks(reach: float, ratio: bool, at: Callable[[float], float]) -> tuple[tuple[float, str], ...]:
    """Distances from no effect, the same either side (the caption says which side favours whom). A ratio turned
    round reads the same way: `×2` either side of 1 is twice the odds (or risk) in that side's favour."""
    if ratio:
        within = [k for k in (2, 5, 10, 20, 50, 100) if math.log(k) <= reach]
        times = sorted({within[0], within[-1]}) if within else []
        marks = [(at(side * math.log(k)), f"×{k}") for k in times for side in (-1, 1)]
        return tuple(sorted([(at(0.0), "1"), *marks]))
    return tuple((at(v), as_recorded(abs(round(v, 2)) + 0.0)) for v in (-reach, -reach / 2, 0.0, reach / 2, reach))
