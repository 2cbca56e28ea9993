"""What a study found, as readers see it on its page: each recorded finding in a table (groups, effect with its
confidence interval, where it was read), and for results counted in people an "out of 100" picture of each group,
always with the words and the comparison group beside it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from .findings import ARM_RESULTS, NEITHER, RATIOS, Arm, Finding, StudyFindings, as_recorded
from .forest import forest_plot, forest_svg, unoriented
from .summary import ComparisonSummary, SummaryRow
from .templating import render, render_markdown
from .vocabulary import COMPARISONS, EFFECT_MEASURES, OUTCOMES, Term


@dataclass(frozen=True)
class Row:
    outcome: str
    timepoint: str
    comparison: str
    detail: str  # the scale or what counted as an event
    groups: tuple[str, ...]
    effect: str
    where: str
    read_at: str


@dataclass(frozen=True)
class Picture:
    """One group's share as people out of 100, and the words said beside it."""

    group: str
    out_of_100: int
    exact: str  # what the record gives, e.g. `24 of 61` or `44%`

    @property
    def filled_path(self) -> str:
        return _dots(0, self.out_of_100)

    @property
    def empty_path(self) -> str:
        return _dots(self.out_of_100, 100)


@functools.cache
def _dots(first: int, stop: int) -> str:
    """Figures `first` to `stop - 1` of a 10 × 10 grid as one SVG path of circles (two arcs each): a picture is two
    elements, not 100, which keeps a page of pictures light for a phone to lay out."""
    radius = 3.6
    return "".join(
        f"M{5 + (i % 10) * 10 - radius:g} {5 + (i // 10) * 10}a{radius} {radius} 0 1 0 {2 * radius:g} 0"
        f"a{radius} {radius} 0 1 0 {-2 * radius:g} 0"
        for i in range(first, stop)
    )


@dataclass(frozen=True)
class IconArray:
    title: str  # what was counted, and when
    pictures: tuple[Picture, ...]
    source: str = ""  # the study, where the picture stands away from its study's page


def icon_array_html(array: IconArray) -> Markup:
    return render("icon_array.html", array=array)


def results_html(study: StudyFindings) -> Markup:
    """The study's findings section; empty when nothing is recorded."""
    if not study.findings and not study.facts:
        return Markup("")
    rows = [_row(finding, study.read_at) for finding in study.findings]
    arrays = [array for finding in study.findings if (array := icon_array(finding))]
    return render("results.html", rows=rows, arrays=arrays, facts=study.facts, read_at=study.read_at)


# Fewer events than this in every group are drawn unfairly by rounding to 100 people (1 of 68 and 1 of 63 become 1
# and 2 out of 100, which reads as twice the harm), and out of 1,000 they gain a precision one event does not have
# (15 vs 16): such results are given as the counts themselves.
FEWEST_EVENTS_TO_PICTURE = 5
# Below this share, "out of 100" rounds too coarsely to compare groups: absolute numbers are given out of 1,000.
RARE_SHARE = 0.1


def icon_array(finding: Finding) -> IconArray | None:
    """Two or more groups whose results are shares of people: each drawn as filled figures out of 100. None when a
    group is not counted in people, or when every group had too few events to picture fairly."""
    pictures = [picture for arm in finding.arms if (picture := _picture(arm))]
    if len(pictures) < 2 or len(pictures) != len(finding.arms) or too_few_to_picture(finding):
        return None
    what = finding.definition or OUTCOMES[finding.outcome].label
    return IconArray(f"{what} ({finding.timepoint})", tuple(pictures))


def too_few_to_picture(finding: Finding) -> bool:
    events = [arm.number("events") for arm in finding.arms]
    return all(count is not None and count < FEWEST_EVENTS_TO_PICTURE for count in events)


def _picture(arm: Arm) -> Picture | None:
    share = _share(arm)
    return Picture(arm.group, round(100 * share[0]), share[1]) if share else None


def _share(arm: Arm) -> tuple[float, str] | None:
    """The group's share of people (0 to 1) and what the record gives, e.g. `24 of 61` or `44%`."""
    events, total, percent = arm.number("events"), arm.number("total"), arm.number("percent")
    if events is not None and total:
        return events / total, f"{as_recorded(events)} of {as_recorded(total)}"
    if percent is not None:
        return percent / 100, f"{as_recorded(percent)}%"
    return None


def _row(finding: Finding, read_at: str) -> Row:
    # "Another comparison (see its definition)" guides editors; readers get the definition itself, beside the row.
    comparison = "" if finding.comparison == "other" else _label(COMPARISONS, finding.comparison)
    return Row(
        "Another result" if finding.outcome == "other" else _label(OUTCOMES, finding.outcome),
        finding.timepoint,
        comparison,
        _detail(finding),
        tuple(_group(arm) for arm in finding.arms),
        _effect(finding),
        finding.where,
        finding.read_at or read_at,
    )


def _label(terms: Mapping[str, Term], name: str) -> str:
    return terms[name].label if name in terms else name


def _detail(finding: Finding) -> str:
    """What counted as an event, or what was measured and on which scale."""
    if finding.definition:
        return finding.definition
    scale = finding.scale if "scale" in finding.instrument.lower() else f"scale {finding.scale}"  # not "scale, scale"
    return ", ".join(part for part in (finding.instrument, scale if finding.scale else "") if part)


def _group(arm: Arm) -> str:
    """`vertebroplasty: 24 of 61 (39%)`, `sham: mean 4.6 (SD 3.0), n = 63`, as far as the record gives them."""
    parts = []
    events, total, percent = arm.number("events"), arm.number("total"), arm.number("percent")
    if events is not None and total:
        parts.append(f"{as_recorded(events)} of {as_recorded(total)} ({_percent(events / total)})")
    elif percent is not None:
        parts.append(f"{as_recorded(percent)}%")
    for name, label in (("mean", "mean"), ("mean_change", "change"), ("median", "median")):
        value = arm.number(name)
        if value is not None:
            spread = arm.number("sd")
            parts.append(
                f"{label} {as_recorded(value)}" + (f" (SD {as_recorded(spread)})" if spread is not None else "")
            )
    n = arm.number("n")
    if n is not None and not (events is not None and total):
        parts.append(f"n\u00a0=\u00a0{as_recorded(n)}")  # kept on one line
    return f"{arm.group}: {', '.join(parts)}" if parts else arm.group


def _percent(share: float) -> str:
    """A share as a percentage: whole above 10%, one decimal below it, where whole numbers mislead (1 of 68 and
    1 of 63 are 1.5% and 1.6%, not 1% and 2%)."""
    return f"{round(100 * share)}%" if share >= RARE_SHARE or share == 0 else f"{100 * share:.1f}%"


def _effect(finding: Finding | None) -> str:
    effect = finding.effect if finding else None
    if finding is None or effect is None:
        return ""
    parts = []
    if effect.value is not None:
        measure = EFFECT_MEASURES[effect.measure].label if effect.measure in EFFECT_MEASURES else "Effect"
        if effect.within_group:
            # A change within one group is not a difference between groups: name the group, not the measure.
            changed = next((a.group for a in finding.arms if a.number("mean_change") == effect.value), None)
            measure = f"Change within the {changed} group" if changed else "Change within one group"
        elif effect.compares:
            # Which way round a ratio or difference runs decides whether 9.84 is harm or benefit: say it.
            first, second = effect.compares
            measure += f" ({first} vs {second})" if effect.measure in RATIOS else f" ({first} minus {second})"
        # A risk difference above 1 is in percentage points (23, not 0.23): say so, or it reads as a count.
        points = " percentage points" if effect.measure == "risk difference" and abs(effect.value) > 1 else ""
        parts.append(f"{measure} {as_recorded(effect.value)}{points}")
    if effect.ci:
        parts.append(f"95% CI {as_recorded(effect.ci[0])} to {as_recorded(effect.ci[1])}")
    if effect.computed:
        parts.append("computed by this site from the counts")
    if isinstance(effect.p, str):
        parts.append(f"p {effect.p}" if effect.p[:1] in "<>≤≥" else f"p = {effect.p}")
    elif isinstance(effect.p, int | float):
        parts.append(f"p = {as_recorded(effect.p)}")
    if effect.favours and not effect.within_group:
        # Studies subtract either way round: the sign alone does not tell a reader which group did better.
        parts.append("no difference" if effect.favours == NEITHER else f"favours {effect.favours}")
        if effect.value is None and not any(set(arm.values) & ARM_RESULTS for arm in finding.arms):
            parts.append("size not recorded")  # only the direction could be read: say so rather than show nothing
    text = "; ".join(parts)
    return f"{text} (not a comparison between groups)" if effect.within_group and text else text


# The comparisons in the order readers need them: the blinded test of the cement itself first.
COMPARISON_ORDER = (
    "vp-vs-sham", "vp-vs-usual-care", "kp-vs-usual-care", "kp-vs-vp", "vp-or-kp-vs-usual-care", "vp-vs-vp",
    "kp-vs-kp", "vp-single-arm", "kp-single-arm", "vp-or-kp-single-arm",
)  # fmt: skip
COMPARISON_NOTES = {
    "vp-vs-sham": "Blinded trials: patients did not know whether they had cement. They answer whether the cement "
    "itself helps.",
    "vp-vs-usual-care": "Open-label trials: patients knew what they had. They compare the procedure with usual "
    "care, expectation included.",
    "kp-vs-usual-care": "Open-label trials: kyphoplasty has never been tested against a sham procedure.",
    "kp-vs-vp": "The two procedures against each other.",
    "vp-single-arm": "No comparison group: these series cannot tell the procedure's effect from natural healing.",
    "kp-single-arm": "No comparison group: these series cannot tell the procedure's effect from natural healing.",
}


# How a forest plot names its two sides: the procedure, then what it was compared with.
COMPARISON_SIDES = {
    "vp-vs-sham": ("vertebroplasty", "sham procedure"),
    "kp-vs-sham": ("kyphoplasty", "sham procedure"),
    "vp-vs-usual-care": ("vertebroplasty", "usual care"),
    "kp-vs-usual-care": ("kyphoplasty", "usual care"),
    "kp-vs-vp": ("kyphoplasty", "vertebroplasty"),
    "vp-or-kp-vs-usual-care": ("the procedure", "usual care"),
}


@dataclass(frozen=True)
class StudyResult:
    study: str  # the study's name, e.g. `Clark 2016 · VAPOUR trial`
    link: str
    timepoint: str
    detail: str  # the scale, or what counted as an event
    groups: tuple[str, ...]
    absolute: str  # `44 vs 21 out of 100` (or out of 1,000 for rare events), for results counted in people
    effect: str


@dataclass(frozen=True)
class OutcomeResults:
    outcome: str
    results: tuple[StudyResult, ...]


@dataclass(frozen=True)
class ComparisonResults:
    name: str
    label: str
    note: str
    outcomes: tuple[OutcomeResults, ...]


def results_by_comparison(
    studies: Mapping[str, StudyFindings], name_of: Callable[[str], str], link_of: Callable[[str], str]
) -> list[ComparisonResults]:
    """Every recorded result, grouped by comparison and outcome; within an outcome, by study and time."""
    grouped: dict[str, dict[str, list[StudyResult]]] = {}
    for key in sorted(studies, key=name_of):
        for finding in studies[key].findings:
            groups = tuple(_group(arm) for arm in finding.arms)
            result = StudyResult(
                name_of(key), link_of(key), finding.timepoint, _detail(finding), groups, _absolute(finding),
                _effect(finding),
            )  # fmt: skip
            grouped.setdefault(finding.comparison, {}).setdefault(finding.outcome, []).append(result)
    return [
        ComparisonResults(
            name,
            COMPARISONS[name].label,
            COMPARISON_NOTES.get(name, ""),
            tuple(
                OutcomeResults(OUTCOMES[outcome].label, tuple(grouped[name][outcome]))
                for outcome in OUTCOMES
                if outcome in grouped[name]
            ),
        )
        for name in COMPARISON_ORDER
        if name in grouped
    ]


def _absolute(finding: Finding) -> str:
    """`44 vs 21 out of 100`, or out of 1,000 where a group's share is under 10% (`24 vs 51 out of 1,000`), as
    summary-of-findings tables give rare events; `1 of 68 vs 1 of 63` where every group had only a few events; empty
    unless every group is counted in people. Only counts go out of 1,000: a share recorded as a whole percentage
    (8%) would gain a precision it does not have (80)."""
    shares = [share for arm in finding.arms if (share := _share(arm))]
    if len(shares) < 2 or len(shares) != len(finding.arms):
        return ""
    counted = all(arm.number("events") is not None and arm.number("total") for arm in finding.arms)
    if counted and all((arm.number("events") or 0) < FEWEST_EVENTS_TO_PICTURE for arm in finding.arms):
        return " vs ".join(f"{arm.number('events'):g} of {arm.number('total'):g}" for arm in finding.arms)
    per = 1000 if counted and any(value < RARE_SHARE for value, _ in shares) else 100
    return " vs ".join(str(round(per * value)) for value, _ in shares) + f" out of {per:,}"


def _means(finding: Finding) -> str:
    """`mean kyphoplasty 9.1 vs usual care 18.0 (0–24 scale)`: each group's own score where every group gives one,
    so that a reader can compare the groups even where the record's only difference is a change within one."""
    means = [(arm.group, mean) for arm in finding.arms if (mean := arm.number("mean")) is not None]
    if len(means) < 2 or len(means) != len(finding.arms):
        return ""
    scale = f" ({finding.scale.replace('-', '–')} scale)" if re.fullmatch(r"\d+-\d+", finding.scale) else ""
    return "mean " + " vs ".join(f"{group} {as_recorded(mean)}" for group, mean in means) + scale


def results_page_markdown(
    comparisons: list[ComparisonResults],
    hold_late: Callable[[str], str],
    summaries: Mapping[str, Markup] | None = None,
) -> str:
    """The "what the trials found" page: a heading per comparison, its summary of findings (where one is written)
    and its tables, held for the finished file."""
    summaries = summaries or {}
    sections = [
        (
            comparison,
            Markup(hold_late(summaries[comparison.name])) if comparison.name in summaries else "",
            Markup(hold_late(render("results_tables.html", comparison=comparison))),
        )
        for comparison in comparisons
    ]
    return render_markdown("results_page.md", sections=sections)


@dataclass(frozen=True)
class SummaryStudy:
    name: str
    link: str
    participants: str  # `131`, or empty when the record gives no numbers per group
    effect: str
    absolute: str


@dataclass(frozen=True)
class SummaryView:
    """One row of a summary-of-findings table, as readers see it."""

    anchor: str
    outcome: str
    timepoint: str
    studies: tuple[SummaryStudy, ...]
    participants: int
    pooled: SummaryStudy | None  # the published pooled estimate and its review; participants: `5 studies, 541 …`
    mid: str
    certainty: str
    rated_down: tuple[tuple[str, str], ...]
    plain: str
    plot: Markup
    plot_note: str  # why a row of two or more trials has no plot


def summary_table_html(
    summary: ComparisonSummary, name_of: Callable[[str], str], link_of: Callable[[str], str]
) -> Markup:
    """The comparison's summary of findings: a row per outcome, then a forest plot per row with two or more trials."""
    views = [_summary_view(summary.comparison, row, name_of, link_of) for row in summary.rows]
    return render("summary_table.html", summary=summary, rows=views)


def _summary_view(
    comparison: str, row: SummaryRow, name_of: Callable[[str], str], link_of: Callable[[str], str]
) -> SummaryView:
    names = [
        name_of(f.study) + (f" ({which})" if which else "") for f, which in zip(row.findings, row.which, strict=True)
    ]
    studies = tuple(
        SummaryStudy(name, link_of(f.study), _participants(f), _effect(f), _absolute(f) or _means(f))
        for name, f in zip(names, row.findings, strict=True)
    )
    pooled = None
    if row.pooled is not None:
        size = ", ".join(
            f"{as_recorded(value)} {what}"
            for what in ("studies", "participants")
            if isinstance(value := row.pooled.pooled.get(what), int | float)
        )
        study = row.pooled.study
        pooled = SummaryStudy(name_of(study), link_of(study), size, _effect(row.pooled), _absolute(row.pooled))
    mid = f"{as_recorded(row.mid.value)} ({row.mid.what}; {name_of(row.mid.study)})" if row.mid else ""
    if not mid and any(f.scale for f in row.findings):  # a score, with no verified size that matters to patients
        mid = "none recorded for this scale (we found no verified source)"
    title = f"{OUTCOMES[row.outcome].label}, {row.timepoint}"
    plot = forest_plot(
        title,
        COMPARISON_SIDES.get(comparison, ("the procedure", "its comparison")),
        tuple(zip(names, row.findings, strict=True)),
        (name_of(row.pooled.study), row.pooled) if row.pooled else None,
        row.mid.value if row.mid else None,
    )
    return SummaryView(
        row.anchor, OUTCOMES[row.outcome].label, row.timepoint, studies,
        sum(int(p) for s in studies if (p := s.participants)), pooled, mid, row.certainty, row.rated_down, row.plain,
        forest_svg(plot) if plot else Markup(""), _plot_note(plot, tuple(zip(names, row.findings, strict=True))),
    )  # fmt: skip


def _plot_note(plot: object, findings: tuple[tuple[str, Finding], ...]) -> str:
    if plot is not None or len(findings) < 2:
        return ""
    if len({finding.study for _, finding in findings}) < 2:
        return "No forest plot: these results are different analyses of one study, not separate studies."
    missing = unoriented(findings)
    if missing:
        return (
            "No forest plot: the records we could read do not show which group the result of "
            + " and ".join(missing)
            + " favours, so it could not be drawn on the correct side of the line of no difference."
        )
    without = [name for name, f in findings if not (f.effect and f.effect.value is not None and f.effect.ci)]
    if without:
        return (
            "No forest plot: the records we could read give no estimate with its 95% CI for "
            + " and ".join(without)
            + "."
        )
    return "No forest plot: the studies give their results as different measures, and a plot needs one scale."


def _participants(finding: Finding) -> str:
    """People analysed in the finding's groups, when every group gives its number."""
    counts = [arm.number("n") if arm.number("n") is not None else arm.number("total") for arm in finding.arms]
    return str(int(sum(c for c in counts if c is not None))) if counts and None not in counts else ""
