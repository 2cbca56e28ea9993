"""Summary of findings: one table per comparison (`findings/summary/<comparison>.yml`), GRADE style.

Each row names an outcome and the recorded findings it rests on (study and time point); the engine looks them up,
so the effects, confidence intervals, participants and "out of 100" numbers in the table are the recorded ones.
The editor adds what only judgement gives: the certainty with the reasons it was rated down, the minimal important
difference (a fact recorded from the source that defines it), and one plain sentence whose verb follows the
certainty. Every problem is reported at its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .findings import Fact, FileProblems, Finding, Located, StudyFindings, read_located
from .numbers import Checked, numbers_not_given
from .problems import Problem, did_you_mean, study_inputs
from .vocabulary import CERTAINTIES, COMPARISONS, OUTCOMES

SUMMARY_FOLDER = "summary"  # inside the findings folder: findings/summary/<comparison>.yml
FILE_FIELDS = ("comparison", "question", "population", "rows")
ROW_FIELDS = ("outcome", "timepoint", "studies", "pooled", "mid", "certainty", "rated_down", "plain", "note")
REF_FIELDS = ("study", "timepoint", "which")  # `which`: words of the definition or instrument, when several match
MID_FIELDS = ("value", "study")
# GRADE's reasons for rating the certainty of a body of evidence down.
DOMAINS = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
# The verb of the plain sentence follows the certainty (GRADE's informative statements).
CERTAINTY_WORDS = {"moderate": "probably", "low": "may", "very-low": "very uncertain"}
PLAIN_WHERE = " in the plain sentence"


@dataclass(frozen=True)
class Mid:
    value: float
    what: str
    study: str


@dataclass(frozen=True)
class SummaryRow:
    outcome: str
    timepoint: str
    findings: tuple[Finding, ...]
    which: tuple[str, ...]  # per finding, the words that tell it from the study's other findings ("" if none)
    pooled: Finding | None
    mid: Mid | None
    certainty: str
    rated_down: tuple[tuple[str, str], ...]  # (domain label, reason)
    plain: str
    line: int

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.outcome} {self.timepoint}".lower()).strip("-")


@dataclass(frozen=True)
class ComparisonSummary:
    comparison: str
    question: str
    population: str
    rows: tuple[SummaryRow, ...]
    path: str


def load_summaries(
    folder: Path, display: str, studies: Mapping[str, StudyFindings]
) -> tuple[dict[str, ComparisonSummary | None], list[Problem]]:
    """Every `<folder>/*.yml`, checked against the recorded findings. A file with problems is left out as None
    (under its file name), so that verdicts resting on it are not reported a second time as missing rows."""
    summaries: dict[str, ComparisonSummary | None] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return summaries, problems
    for path in sorted(folder.glob("*.yml")):
        shown = f"{display}/{path.name}"
        data, found = read_located(path, shown, "summary of findings")
        if data is not None:
            summary, found = _Reader(shown, studies).summary(data, path.stem)
            if summary and not found:
                summaries[summary.comparison] = summary
        if found:
            summaries.setdefault(path.stem, None)
        problems += found
    return summaries, problems


class _Reader(FileProblems):
    """A summary file's checks, against the recorded findings."""

    def __init__(self, path: str, studies: Mapping[str, StudyFindings]) -> None:
        super().__init__(path)
        self.studies = studies

    def summary(self, data: Located, stem: str) -> tuple[ComparisonSummary | None, list[Problem]]:
        self.fields(data, FILE_FIELDS, "summary")
        comparison = str(data.get("comparison") or "")
        if comparison not in COMPARISONS:
            hint = did_you_mean(comparison, COMPARISONS) or "one of " + ", ".join(COMPARISONS)
            self.report(data, "comparison", f"unknown comparison '{comparison}'", hint)
        elif comparison != stem:
            self.report(
                data, "comparison", f"the summary of '{comparison}' is in {stem}.yml", f"name it {comparison}.yml"
            )
        rows = data.get("rows")
        if not isinstance(rows, list) or not all(isinstance(row, Located) for row in rows):
            self.report(data, "rows", "'rows' must be a list of 'field: value' items", "see Recording findings")
            rows = []
        read = tuple(row for item in rows if (row := self.row(item, comparison)))
        summary = ComparisonSummary(
            comparison, str(data.get("question") or ""), str(data.get("population") or ""), read, self.path
        )
        return summary, self.problems

    def row(self, item: Located, comparison: str) -> SummaryRow | None:
        self.fields(item, ROW_FIELDS, "row")
        before = len(self.problems)
        outcome = str(item.get("outcome") or "")
        if outcome not in OUTCOMES:
            hint = did_you_mean(outcome, OUTCOMES) or "one of " + ", ".join(OUTCOMES)
            self.report(item, "outcome", f"unknown outcome '{outcome}'", hint)
        listed = self._refs(item, "studies")
        refs = [(ref, found) for ref in listed if (found := self.finding(ref, comparison, outcome))]
        findings = tuple(found for _, found in refs)
        which = tuple(str(ref.get("which") or "") for ref, _ in refs)
        if not findings and "studies" in item:
            listed = item["studies"] if isinstance(item["studies"], list) else []
            keys = [str(ref.get("study") or "") for ref in listed if isinstance(ref, Located)]
            follows = tuple(name for key in keys for name in study_inputs(key))  # its studies' problems come first
            hint = "list {study: key, timepoint: …}"
            self.report(item, "studies", "a row needs at least one study", hint, follows=follows)
        pooled = None
        if isinstance(item.get("pooled"), Located):
            pooled = self.finding(item["pooled"], comparison, outcome)
        certainty = str(item.get("certainty") or "")
        if certainty not in CERTAINTIES:
            hint = did_you_mean(certainty, CERTAINTIES) or "one of " + ", ".join(CERTAINTIES)
            self.report(item, "certainty", f"unknown certainty '{certainty}'", hint)
        rated_down = self._rated_down(item, certainty)
        plain = str(item.get("plain") or "").strip()
        word = CERTAINTY_WORDS.get(certainty)
        if not plain:
            self.report(item, "plain", "a row needs its plain-language sentence", "add plain: …")
        elif word and word not in plain.lower():
            hint = f"GRADE's wording at {CERTAINTIES[certainty].label.lower()}: '{word}'"
            self.report(item, "plain", f"the plain sentence does not say '{word}'", hint)
        mid = self._mid(item)
        if len(refs) == len(listed):  # else a study's finding is missing, reported above: its numbers can wait
            self._check_numbers(item, findings, pooled, mid)
        if len(self.problems) > before:
            return None
        return SummaryRow(
            outcome,
            str(item.get("timepoint") or ""),
            findings,
            which,
            pooled,
            mid,
            certainty,
            rated_down,
            plain,
            item.line,
        )

    def finding(self, ref: Located, comparison: str, outcome: str) -> Finding | None:
        """The one recorded finding of `study` for this comparison, outcome and time point."""
        self.fields(ref, REF_FIELDS, "study reference")
        key, timepoint = str(ref.get("study") or ""), str(ref.get("timepoint") or "")
        which = str(ref.get("which") or "").lower()
        study = self.studies.get(key)
        follows = study_inputs(key)  # a broken entry or findings file of the study is the cause, when there is one
        if study is None:
            hint = did_you_mean(key, self.studies) or "record its findings in findings/<key>.yml first"
            self.report(ref, "study", f"no findings recorded for '{key}'", hint, follows=follows)
            return None
        matches = [
            f
            for f in study.findings
            if (f.comparison, f.outcome, f.timepoint) == (comparison, outcome, timepoint)
            and which in f"{f.definition} {f.instrument}".lower()
        ]
        if len(matches) == 1:
            return matches[0]
        times = sorted({f.timepoint for f in study.findings if (f.comparison, f.outcome) == (comparison, outcome)})
        if not matches:
            hint = (
                "recorded time points: " + ", ".join(times)
                if times
                else f"record it in findings/{key}.yml, or leave {key} out of this row"
            )
            message = f"{key} has no {outcome} finding at '{timepoint}' for {comparison}"
            self.report(ref, "study", message, hint, follows=follows)
        else:
            hint = "add 'which:' with words of the one meant (from its definition or instrument)"
            message = f"{key} has {len(matches)} {outcome} findings at '{timepoint}'"
            self.report(ref, "study", message, hint, follows=follows)
        return None

    def _check_numbers(
        self, item: Located, findings: tuple[Finding, ...], pooled: Finding | None, mid: Mid | None
    ) -> None:
        """The numbers of the plain sentence (which may round as patients do) and of the reasons rated down must come
        from the row's studies, as a claims page's numbers must come from the studies it cites."""
        studies = [*findings, *([pooled] if pooled else [])]
        keys = list(dict.fromkeys([f.study for f in studies] + ([mid.study] if mid else [])))
        texts = [Checked(str(item.get("plain") or ""), item.key_lines.get("plain", item.line), PLAIN_WHERE, plain=True)]
        reasons = item.get("rated_down")
        if isinstance(reasons, Located):
            texts += [
                Checked(
                    str(reason),
                    reasons.key_lines.get(str(name), reasons.line),
                    f" in the reason rated down for {DOMAINS[name].lower()}",
                )
                for name, reason in reasons.items()
                if name in DOMAINS
            ]
        self.problems += numbers_not_given(self.path, texts, keys, self.studies, {})

    def _refs(self, item: Located, name: str) -> list[Located]:
        value = item.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, Located) for v in value):
            self.report(item, name, f"'{name}' must be a list of {{study: …, timepoint: …}}", "see Recording findings")
            return []
        return value

    def _rated_down(self, item: Located, certainty: str) -> tuple[tuple[str, str], ...]:
        reasons = item.get("rated_down")
        if reasons is None:
            if certainty in CERTAINTIES and certainty != "high":
                self.report(
                    item, "certainty", f"certainty '{certainty}' without a reason rated down", "add rated_down:"
                )
            return ()
        if not isinstance(reasons, Located):
            self.report(item, "rated_down", "'rated_down' must map GRADE domains to reasons", "e.g. imprecision: …")
            return ()
        for name in reasons:
            if name not in DOMAINS:
                hint = did_you_mean(str(name), DOMAINS) or "one of " + ", ".join(DOMAINS)
                self.report(reasons, str(name), f"unknown GRADE domain '{name}'", hint)
        return tuple((DOMAINS[name], str(reason)) for name, reason in reasons.items() if name in DOMAINS)

    def _mid(self, item: Located) -> Mid | None:
        """The minimal important difference must be a fact recorded from the source that defines it."""
        mid = item.get("mid")
        if mid is None:
            return None
        if not isinstance(mid, Located):
            self.report(item, "mid", "'mid' must be {value: …, study: …}", "the study whose findings record it")
            return None
        self.fields(mid, MID_FIELDS, "mid")
        key, value = str(mid.get("study") or ""), mid.get("value")
        study = self.studies.get(key)
        fact: Fact | None = None
        if study is not None:
            fact = next((f for f in study.facts if f.value == value and "important" in f.what.lower()), None)
        if fact is None:
            hint = f"record it in findings/{key}.yml as a fact whose 'what' names the minimal important difference"
            message = f"minimal important difference {value} is not a fact of '{key}'"
            self.report(mid, "value", message, hint, follows=study_inputs(key))
            return None
        return Mid(float(value), fact.what, key)  # type: ignore[arg-type]
