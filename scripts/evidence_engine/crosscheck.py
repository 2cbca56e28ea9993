"""A claim checked against the evidence data: its verdicts by comparison against the summary-of-findings rows they
rest on, and its "out of 100" pictures against the recorded findings they draw."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .claims import Claim, HeldBackVerdicts, SplitVerdict
from .findings import RATIOS, Finding, StudyFindings
from .problems import Problem, did_you_mean, study_inputs
from .results import FEWEST_EVENTS_TO_PICTURE, IconArray, icon_array, too_few_to_picture
from .summary import ComparisonSummary, SummaryRow
from .vocabulary import CERTAINTIES, OUTCOMES

LEVELS = list(CERTAINTIES)  # high first


def verdict_problems(
    claim: Claim | HeldBackVerdicts, summaries: Mapping[str, ComparisonSummary | None]
) -> list[Problem]:
    """A verdict by comparison that names an `outcome` (and perhaps a `timepoint`) must rest on summary rows of that
    comparison and outcome (at that time point), and cannot be surer than the surest of them. A summary file with
    problems of its own (None) is not checked against: its problems are the root cause, already reported."""
    problems = []
    for split in claim.verdicts:
        if not split.outcome or (split.comparison in summaries and summaries[split.comparison] is None):
            continue
        summary = summaries.get(split.comparison)
        rows = [row for row in summary.rows if row.outcome == split.outcome] if summary else []
        timed = [row for row in rows if row.timepoint == split.timepoint] if split.timepoint else rows
        if not timed:
            at = f" at {split.timepoint}" if split.timepoint else ""
            message = f"no summary-of-findings row for {split.outcome}{at} in {split.comparison}"
            times = ", ".join(f"'{row.timepoint}'" for row in rows)
            hint = (
                f"its rows for {split.outcome} are at {times}"
                if rows
                else f"add a row for it to findings/summary/{split.comparison}.yml, or leave out 'outcome'"
            )
            problems.append(Problem(claim.path, split.line, message, hint))
            continue
        rows = timed
        surest = min(rows, key=lambda row: LEVELS.index(row.certainty))
        if LEVELS.index(split.certainty) < LEVELS.index(surest.certainty):
            at = f" at {split.timepoint}" if split.timepoint else ""
            message = (
                f"verdict for {split.comparison} is at {split.certainty} certainty, but its summary rows for "
                f"{split.outcome}{at} are at most {surest.certainty}"
            )
            hint = "the verdict cannot be surer than the evidence it rests on: lower it, or revise the rows"
            problems.append(Problem(claim.path, split.line, message, hint))
        problems += _direction_problems(claim.path, split, rows)
    return problems


def _direction_problems(path: str, split: SplitVerdict, rows: list[SummaryRow]) -> list[Problem]:
    """A verdict at odds with what its rows show. Only the two verdicts that say which way the evidence points are
    checked: "supported" needs a row that clearly shows what the claim says and none that clearly shows the
    opposite; "contradicted" cannot rest on rows that clearly show what the claim says, by at least the minimal
    important difference where the row gives one. Clearly: a 95% CI that leaves out no difference, or else p < 0.05,
    with the group the result favours. Each row speaks through its pooled estimate when it has one that can be
    placed, otherwise through each of its trials."""
    if split.verdict not in ("supported", "contradicted"):
        return []
    readings = [(row, r) for row in rows for finding in _speaking(row) if (r := _read(finding, split.says))]
    where = f"verdict for {split.comparison} is '{split.verdict}', but"
    if split.verdict == "supported":
        against = [(row, r) for row, r in readings if r.clear < 0]
        if against:
            row, reading = against[0]
            message = f"{where} its summary row for {_row_name(row)} clearly shows the opposite ({reading.shown})"
            return [Problem(path, split.line, message, "revise the verdict or the rows")]
        if not any(r.clear > 0 for _, r in readings):
            message = f"{where} none of its summary rows for {split.outcome} clearly shows what the claim says"
            hint = "clearly: a 95% CI that leaves out no difference, or p < 0.05; revise the verdict or add that row"
            return [Problem(path, split.line, message, hint)]
        return []
    for row, reading in readings:
        mid = None if row.mid is None or reading.ratio else row.mid.value
        if reading.clear > 0 and (mid is None or (reading.value is not None and reading.value >= mid)):
            size = "" if mid is None else f", at least the minimal important difference {mid:g}"
            message = f"{where} its summary row for {_row_name(row)} clearly shows what the claim says"
            hint = "revise the verdict (partly true?) or the rows"
            return [Problem(path, split.line, f"{message} ({reading.shown}{size})", hint)]
    return []


@dataclass(frozen=True)
class _Reading:
    """One estimate, read on the side the claim takes."""

    clear: int  # 1: clearly what the claim says; -1: clearly the opposite; 0: no clear difference
    value: float | None  # the estimate, positive on the claim's side (None: only its p-value and side are known)
    ratio: bool
    shown: str  # the estimate as recorded, for the message


def _speaking(row: SummaryRow) -> tuple[Finding, ...]:
    """The estimates a row's answer rests on: its pooled one, when it can be placed; otherwise each trial's."""
    return (row.pooled,) if row.pooled and row.pooled.towards_procedure() else row.findings


def _read(finding: Finding, says: str) -> _Reading | None:
    """The finding on the claim's side, or None when it cannot be told which side it is on or how clear it is."""
    effect = finding.effect
    if effect is None or len(finding.arms) < 2 or effect.within_group:
        return None
    sign = 1 if says == "better" else -1
    ratio = effect.measure in RATIOS
    shown = f"{finding.study}: favours {effect.favours}"
    placed = finding.towards_procedure()
    if placed is not None:
        value, low, high = (sign * x for x in placed)
        low, high = min(low, high), max(low, high)
        assert effect.ci is not None
        shown += f", {effect.value:g}, 95% CI {effect.ci[0]:g} to {effect.ci[1]:g}"
        return _Reading((low > 0) - (high < 0), value, ratio, shown)
    significant = _below_005(effect.p)
    groups = (finding.arms[0].group, finding.arms[1].group)
    if significant is None or effect.favours not in groups:
        return None
    side = sign if effect.favours == groups[0] else -sign
    return _Reading(side if significant else 0, None, ratio, f"{shown}, p {effect.p}")


def _below_005(p: object) -> bool | None:
    """Whether a recorded p-value (0.035, "<0.001", "0.19") is below 0.05; None when it cannot be read."""
    text = str(p).strip().replace(" ", "") if p is not None else ""
    match = re.fullmatch(r"(<|=)?(0?\.\d+|\d(?:\.\d+)?(?:e-\d+)?)", text)
    if not match:
        return None
    value = float(match.group(2))
    return value <= 0.05 if match.group(1) == "<" else value < 0.05


def _row_name(row: SummaryRow) -> str:
    return f"{OUTCOMES[row.outcome].label.lower()} at {row.timepoint}"


def claim_pictures(
    claim: Claim, studies: Mapping[str, StudyFindings], name_of: Callable[[str], str]
) -> tuple[list[IconArray], list[Problem]]:
    """The claim's "out of 100" pictures, each from exactly one recorded finding counted in people, named by study."""
    arrays, problems = [], []
    for ref in claim.pictures:
        study = studies.get(ref.study)
        if study is None:
            hint = did_you_mean(ref.study, studies) or "record its findings first"
            message = f"no findings recorded for '{ref.study}'"
            problems.append(Problem(claim.path, ref.line, message, hint, follows=study_inputs(ref.study)))
            continue
        matches = [
            f
            for f in study.findings
            if (f.comparison, f.outcome, f.timepoint) == (ref.comparison, ref.outcome, ref.timepoint)
            and ref.which.lower() in f"{f.definition} {f.instrument}".lower()
        ]
        array = icon_array(matches[0]) if len(matches) == 1 else None
        if array is None:
            what = f"{ref.study}: {ref.outcome} at '{ref.timepoint}' ({ref.comparison})"
            if len(matches) == 1 and too_few_to_picture(matches[0]):
                message = f"{what} has fewer than {FEWEST_EVENTS_TO_PICTURE} events in every group"
                hint = "too few to draw out of 100 without rounding misleading; give the counts in words"
            elif len(matches) == 1:
                message, hint = f"{what} is not counted in people in every group", "pictures need events or percent"
            elif matches:
                message, hint = f"{what} matches {len(matches)} findings", "add 'which:' with words of the one meant"
            else:
                message, hint = (
                    f"{what} is not a recorded finding",
                    "use the comparison, outcome and timepoint as recorded",
                )
            problems.append(Problem(claim.path, ref.line, message, hint, follows=study_inputs(ref.study)))
            continue
        arrays.append(IconArray(ref.caption or array.title, array.pictures, name_of(study.study)))
    return arrays, problems
