"""A claim checked against the evidence data: its verdicts by comparison against the summary-of-findings rows they
rest on, and its "out of 100" pictures against the recorded findings they draw."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .claims import Claim
from .findings import StudyFindings
from .problems import Problem, did_you_mean
from .results import FEWEST_EVENTS_TO_PICTURE, IconArray, icon_array, too_few_to_picture
from .summary import ComparisonSummary
from .vocabulary import CERTAINTIES

LEVELS = list(CERTAINTIES)  # high first


def verdict_problems(claim: Claim, summaries: Mapping[str, ComparisonSummary | None]) -> list[Problem]:
    """A verdict by comparison that names an `outcome` must rest on summary rows of that comparison and outcome, and
    cannot be surer than the surest of them. A summary file with problems of its own (None) is not checked against:
    its problems are the root cause, already reported."""
    problems = []
    for split in claim.verdicts:
        if not split.outcome or (split.comparison in summaries and summaries[split.comparison] is None):
            continue
        summary = summaries.get(split.comparison)
        rows = [row for row in summary.rows if row.outcome == split.outcome] if summary else []
        if not rows:
            hint = f"add a row for it to findings/summary/{split.comparison}.yml, or leave out 'outcome'"
            message = f"no summary-of-findings row for {split.outcome} in {split.comparison}"
            problems.append(Problem(claim.path, split.line, message, hint))
            continue
        surest = min(rows, key=lambda row: LEVELS.index(row.certainty))
        if LEVELS.index(split.certainty) < LEVELS.index(surest.certainty):
            message = (
                f"verdict for {split.comparison} is at {split.certainty} certainty, but its summary rows for "
                f"{split.outcome} are at most {surest.certainty}"
            )
            hint = "the verdict cannot be surer than the evidence it rests on: lower it, or revise the rows"
            problems.append(Problem(claim.path, split.line, message, hint))
    return problems


def claim_pictures(
    claim: Claim, studies: Mapping[str, StudyFindings], name_of: Callable[[str], str]
) -> tuple[list[IconArray], list[Problem]]:
    """The claim's "out of 100" pictures, each from exactly one recorded finding counted in people, named by study."""
    arrays, problems = [], []
    for ref in claim.pictures:
        study = studies.get(ref.study)
        if study is None:
            hint = did_you_mean(ref.study, studies) or "record its findings first"
            problems.append(Problem(claim.path, ref.line, f"no findings recorded for '{ref.study}'", hint))
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
            problems.append(Problem(claim.path, ref.line, message, hint))
            continue
        arrays.append(IconArray(ref.caption or array.title, array.pictures, name_of(study.study)))
    return arrays, problems
