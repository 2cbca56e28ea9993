"""Each study's results as data: `findings/<key>.yml`, read, checked and kept with the lines they were written on.

One file per study (see findings/README.md). What a study found is recorded once, here; the claims pages' numbers
are checked against it (numbers.py), and summary tables and plots are drawn from it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from . import textfile, yamltext
from .counts import MEASURES as COMPUTABLE
from .library.catalog import Library
from .problems import LIBRARY, Problem, did_you_mean, entry_input, findings_input
from .vocabulary import CERTAINTIES, COMPARISONS, CONTINUOUS, EFFECT_MEASURES, EVENTS, OUTCOME_KINDS, OUTCOMES

FILE_FIELDS = ("study", "read_at", "population", "design_note", "facts", "findings", "note")
FACT_FIELDS = ("value", "what", "where", "read_at")
FINDING_FIELDS = (
    "comparison", "outcome", "scale", "instrument", "timepoint", "definition", "population", "arms", "effect",
    "pooled", "where", "read_at", "note",
)  # fmt: skip
ARM_FIELDS = (
    "group", "n", "mean", "sd", "se", "median", "iqr", "mean_change", "events", "total", "percent", "note",
)  # fmt: skip
TEXT_ARM_FIELDS = ("group", "iqr", "note")  # every other field of a group is a number
ARM_RESULTS = frozenset(ARM_FIELDS) - {"group", "n", "note"}  # what a group's result is given as
EFFECT_FIELDS = (
    "measure", "value", "ci", "ci_level", "p", "within_group", "favours", "compares", "computed", "note",
)  # fmt: skip
RATIOS = ("risk ratio", "odds ratio", "hazard ratio")  # drawn on a log scale; must be above 0
NEITHER = "neither"  # `favours: neither`: the estimate is exactly no difference
POOLED_FIELDS = ("studies", "participants", "certainty", "note")
Number = int | float
MINUS = "\u2212"


class RecordedFloat(float):
    """A decimal as the editor wrote it: the value for sums and checks, the text for readers (a CI bound printed
    1.50 stays 1.50, not 1.5)."""

    text: str

    def __new__(cls, value: float, text: str) -> RecordedFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]  # kept through the cache's pickle
        return float(self), self.text

    def __str__(self) -> str:  # templates and the CSV download print it as written; JSON and repr() as a float
        return self.text


def as_recorded(value: object) -> str:
    """A recorded number for readers: as written in the findings file, with a true minus sign."""
    computed = isinstance(value, float) and not isinstance(value, RecordedFloat)
    return (f"{value:g}" if computed else str(value)).replace("-", MINUS)


@dataclass(frozen=True)
class Fact:
    value: object  # a number, or text such as "2 to 3" when the record gives a range
    what: str
    line: int


@dataclass(frozen=True)
class Arm:
    group: str
    values: Mapping[str, object]  # n, mean, sd, events, total, percent, … as recorded

    def number(self, name: str) -> Number | None:
        value = self.values.get(name)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Effect:
    measure: str = ""
    value: Number | None = None
    ci: tuple[Number, Number] | None = None
    p: object = None
    within_group: bool = False
    favours: str = ""  # the group the point estimate favours, as the study reports it (signs differ between studies)
    compares: tuple[str, str] | None = None  # (first, second): first ÷ second for a ratio, first − second otherwise
    computed: bool = False  # computed by this site from the arms' counts (counts.py), not printed in the record


@dataclass(frozen=True)
class Finding:
    study: str
    comparison: str
    outcome: str
    timepoint: str
    line: int
    scale: str = ""
    definition: str = ""
    arms: tuple[Arm, ...] = ()
    effect: Effect | None = None
    pooled: Mapping[str, object] = field(default_factory=dict)
    where: str = ""
    read_at: str = ""
    instrument: str = ""

    @property
    def label(self) -> str:
        """`pain at 1 month`: how a reader would name this result."""
        outcome = OUTCOMES[self.outcome].label.lower() if self.outcome in OUTCOMES else self.outcome
        return f"{outcome} at {self.timepoint}"

    def towards_procedure(self) -> tuple[float, float, float] | None:
        """(estimate, low, high) with positive favouring the procedure (the first group), ratios on a log scale;
        None when it cannot be told: no estimate with its CI, a change within one group, or nobody recorded which
        group it favours (studies print their differences with either sign)."""
        effect = self.effect
        if effect is None or effect.value is None or effect.ci is None or effect.within_group or len(self.arms) < 2:
            return None
        if effect.favours not in (self.arms[0].group, self.arms[1].group, NEITHER):
            return None
        transform = math.log if effect.measure in RATIOS else float
        value, low, high = transform(effect.value), transform(effect.ci[0]), transform(effect.ci[1])
        towards_procedure = effect.favours != self.arms[1].group
        flip = (value < 0) == towards_procedure if value else False
        return (-value, -high, -low) if flip else (value, low, high)


@dataclass(frozen=True)
class StudyFindings:
    study: str
    path: str
    read_at: str
    population: str
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...]


class Located(dict[str, Any]):
    """A mapping that remembers the file line of itself and of each of its keys."""

    line = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """Safe YAML whose mappings carry their lines, so that every problem points at its line."""


class _FastLineLoader(yamltext.FAST_SAFE):
    """The same, read by libyaml."""


def _located_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


def _written_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    return RecordedFloat(value, node.value.strip().lstrip("+")) if math.isfinite(value) else value


def _date_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date as a date; one the calendar lacks (2026-02-30) as the text written, for the field's own check to report
    at its line, while the rest of the file is still read and checked."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return node.value


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _located_mapping)
    _loader.add_constructor("tag:yaml.org,2002:float", _written_float)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def load_findings(folder: Path, display: str, library: Library) -> tuple[dict[str, StudyFindings], list[Problem]]:
    """Every `findings/*.yml`, checked; a file with problems in its shape is left out, never a traceback."""
    studies: dict[str, StudyFindings] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return studies, problems
    for path in sorted(folder.glob("*.yml")):
        shown = f"{display}/{path.name}"
        read, found = _read(path, shown, library)
        # The numbers pages cite from a file with errors may be among the findings it could not give: the file's
        # problems come first, and the checks that use its findings follow from them.
        breaks = tuple(dict.fromkeys(findings_input(name) for name in (path.stem, read.study if read else "")))
        problems += [replace(problem, breaks=breaks) if problem.is_error else problem for problem in found]
        if read is not None:
            studies[read.study] = read
    return studies, problems


def read_located(path: Path, shown: str, what: str) -> tuple[Located | None, list[Problem]]:
    """A YAML file of 'field: value' lines whose mappings know their lines; its problems, never a traceback."""
    text, problems = textfile.decode(path.read_bytes(), shown)
    if problems:
        return None, problems
    try:
        _, data = yamltext.read(text, _FastLineLoader, _LineLoader)
    except yaml.YAMLError as error:
        line, reason = yamltext.error_place(error)
        return None, [Problem(shown, line, f"{what} are not valid YAML: {reason}", "check indentation and quotes")]
    if data is None:
        return None, [Problem(shown, 1, f"the {what} file is empty", "see findings/README.md")]
    if not isinstance(data, Located):
        return None, [Problem(shown, 1, f"{what} must be 'field: value' lines", "see findings/README.md")]
    return data, []


def _read(path: Path, shown: str, library: Library) -> tuple[StudyFindings | None, list[Problem]]:
    data, problems = read_located(path, shown, "findings")
    if data is None:
        return None, problems
    check = _Checker(shown)
    check.fields(data, FILE_FIELDS, "file")
    study = str(data.get("study") or "")
    if not study:
        check.report(data, "study", "findings name no study", f"add 'study: {path.stem}'")
    elif study != path.stem and study not in library and path.stem in library:
        # The file is named for a study of the library: the key on the study line is the likelier typo.
        check.report(data, "study", f"study '{study}' is not in the library", f"did you mean '{path.stem}'?")
    elif study != path.stem:
        check.report(data, "study", f"findings of '{study}' are in {path.name}", f"name the file {study}.yml")
    elif study not in library:
        hint = library.suggest(study) or "add the study to the library first"
        follows = (LIBRARY, entry_input(study))  # a missing library or a broken entry is the cause, if there is one
        check.report(data, "study", f"study '{study}' is not in the library", hint, follows=follows)
    facts = tuple(check.fact(item) for item in _items(data, "facts", check))
    findings = tuple(check.finding(item, study) for item in _items(data, "findings", check))
    result = StudyFindings(
        study, shown, str(data.get("read_at") or ""), str(data.get("population") or ""),
        tuple(f for f in facts if f), tuple(f for f in findings if f),
    )  # fmt: skip
    # Every problem of the file is reported; only findings of a study in the library are used (pages, tables).
    return (result if study in library else None), check.problems


def _items(data: Located, name: str, check: _Checker) -> Iterator[Located]:
    value = data.get(name)
    if value is None:
        return
    if not isinstance(value, list):
        check.report(data, name, f"'{name}' must be a list", "start each item with '- '")
        return
    for item in value:
        if isinstance(item, Located):
            yield item
        else:
            check.report(data, name, f"an item of '{name}' is not 'field: value' pairs", "see findings/README.md")


class FileProblems:
    """Collects every problem of one line-aware YAML file (read_located), each at its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, where: Located, key: str, message: str, hint: str = "", follows: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(self.path, where.key_lines.get(key, where.line), message, hint, follows=follows))

    def fields(self, data: Located, allowed: tuple[str, ...], what: str) -> None:
        for name in data:
            if name not in allowed:  # a misspelt field would otherwise be ignored without a word
                hint = did_you_mean(str(name), allowed) or "one of " + ", ".join(allowed)
                self.report(data, str(name), f"unknown {what} field '{name}'", hint)


class _Checker(FileProblems):
    """A findings file's checks."""

    def fact(self, item: Located) -> Fact | None:
        self.fields(item, FACT_FIELDS, "fact")
        if "value" not in item or not item.get("what"):
            self.report(item, "value", "a fact needs 'value' and 'what'", "e.g. {value: 131, what: patients}")
            return None
        if isinstance(item["value"], float) and not math.isfinite(item["value"]):
            self.report(item, "value", f"'{item['value']}' is not a number a record gives", "write digits, or text")
            return None
        return Fact(item["value"], str(item["what"]), item.line)

    def finding(self, item: Located, study: str) -> Finding | None:
        self.fields(item, FINDING_FIELDS, "finding")
        comparison = self._term(item, "comparison", COMPARISONS)
        outcome = self._term(item, "outcome", OUTCOMES)
        timepoint = str(item.get("timepoint") or "")
        if not timepoint:
            self.report(item, "timepoint", "finding has no timepoint", "e.g. timepoint: 1 month")
        arms = tuple(self._arm(arm) for arm in self._list(item, "arms"))
        effect = self._effect(item.get("effect"), item)
        groups = [a.group for a in arms if a]
        if effect and effect.favours and effect.favours != NEITHER and effect.favours not in groups:
            hint = did_you_mean(effect.favours, groups) or "one of " + ", ".join([*groups, NEITHER])
            self.report(
                item["effect"], "favours", f"'favours' names no group of this finding: '{effect.favours}'", hint
            )
        if effect and effect.computed:
            self._computed(item, effect, arms)
        for named in effect.compares or () if effect else ():
            if named not in groups:
                hint = did_you_mean(named, groups) or "one of " + ", ".join(groups)
                self.report(item["effect"], "compares", f"'compares' names no group of this finding: '{named}'", hint)
        kind = OUTCOME_KINDS.get(outcome, "")
        continuous = kind == CONTINUOUS or any(a.number("mean") is not None for a in arms if a)
        if continuous and not item.get("scale"):
            self.report(item, "outcome", f"continuous outcome '{outcome}' has no scale", "add e.g. scale: 0-10")
        if kind == EVENTS and any(a and a.number("mean") is not None for a in arms):
            self.report(item, "arms", f"'{outcome}' counts events: give 'events' and 'total' (or 'percent')")
        pooled = item.get("pooled") or {}
        if isinstance(pooled, Located):
            self.fields(pooled, POOLED_FIELDS, "pooled")
            if pooled.get("certainty") and pooled["certainty"] not in CERTAINTIES:
                self.report(pooled, "certainty", f"unknown certainty '{pooled['certainty']}'", ", ".join(CERTAINTIES))
        if not comparison or not outcome or not timepoint:
            return None
        return Finding(
            study, comparison, outcome, timepoint, item.line, str(item.get("scale") or ""),
            str(item.get("definition") or ""), tuple(a for a in arms if a), effect,
            dict(pooled) if isinstance(pooled, dict) else {}, str(item.get("where") or ""),
            str(item.get("read_at") or ""),
            instrument=str(item.get("instrument") or ""),
        )  # fmt: skip

    def _term(self, item: Located, name: str, vocabulary: Mapping[str, object]) -> str:
        value = str(item.get(name) or "")
        if not value:
            self.report(item, name, f"finding has no {name}", "one of " + ", ".join(vocabulary))
            return ""
        if value not in vocabulary:
            hint = did_you_mean(value, vocabulary) or "one of " + ", ".join(vocabulary)
            self.report(item, name, f"unknown {name} '{value}'", hint)
            return ""
        return value

    def _list(self, item: Located, name: str) -> list[Located]:
        value = item.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, Located) for v in value):
            self.report(item, name, f"'{name}' must be a list of 'field: value' items", "see findings/README.md")
            return []
        return value

    def _arm(self, arm: Located) -> Arm | None:
        self.fields(arm, ARM_FIELDS, "arm")
        for name, value in arm.items():
            if name not in TEXT_ARM_FIELDS and not _is_number(value):
                self.report(arm, name, f"'{name}' must be a number, not '{value}'", "write digits only")
        for name in ("n", "events", "total"):  # counts of people (or of bones, of events): whole and never negative
            count = arm.get(name)
            if _is_number(count) and (count < 0 or count != int(count)):
                self.report(arm, name, f"'{name}' must be a whole number of 0 or more, not {count}", "check the record")
        for name in ("sd", "se"):
            spread = arm.get(name)
            if _is_number(spread) and spread < 0:
                self.report(arm, name, f"'{name}' cannot be negative ({spread})", "check the record")
        events, total, percent = arm.get("events"), arm.get("total"), arm.get("percent")
        if _is_number(events) and _is_number(total) and events > total:
            self.report(arm, "events", f"events ({events}) are more than the total ({total})", "check both numbers")
        if _is_number(percent) and not 0 <= percent <= 100:
            self.report(arm, "percent", f"percent {percent} is outside 0–100")
        # What is not a number was reported above; only numbers go on to the number check and the tables.
        return Arm(str(arm.get("group") or ""), {k: v for k, v in arm.items() if k in TEXT_ARM_FIELDS or _is_number(v)})

    def _effect(self, effect: object, item: Located) -> Effect | None:
        if effect is None:
            return None
        if not isinstance(effect, Located):
            self.report(item, "effect", "'effect' must be 'field: value' pairs", "e.g. {measure: …, value: …}")
            return None
        self.fields(effect, EFFECT_FIELDS, "effect")
        measure = str(effect.get("measure") or "")
        if measure and measure not in EFFECT_MEASURES:
            hint = did_you_mean(measure, EFFECT_MEASURES) or "one of " + ", ".join(EFFECT_MEASURES)
            self.report(effect, "measure", f"unknown effect measure '{measure}'", hint)
        value = effect.get("value")
        ci = effect.get("ci")
        bounds: tuple[Number, Number] | None = None
        if ci is not None:
            if isinstance(ci, list) and len(ci) == 2 and all(_is_number(b) for b in ci):
                bounds = (min(ci), max(ci))
                if _is_number(value) and not bounds[0] <= value <= bounds[1]:
                    message = f"estimate {value} is outside its own CI ({bounds[0]} to {bounds[1]})"
                    self.report(effect, "value", message, "check the estimate and both bounds")
            else:
                self.report(effect, "ci", "'ci' must be [low, high]", "e.g. ci: [-0.3, 1.7]")
        if value is not None and not _is_number(value):
            self.report(effect, "value", f"effect value must be a number, not '{value}'")
        p = effect.get("p")
        if _is_number(p) and not 0 <= p <= 1:
            self.report(effect, "p", f"p-value {p} is outside 0–1")
        elif p is not None and not _is_number(p) and not re.fullmatch(r"[<>≤≥]\s*0?\.\d+", str(p).strip()):
            self.report(effect, "p", f"p-value '{p}' is neither a number nor like '<0.001'")
            p = None
        if measure in RATIOS and _is_number(value) and value <= 0:
            self.report(effect, "value", f"a {measure} must be above 0, not {value}")
        favours = str(effect.get("favours") or "")
        compares = effect.get("compares")
        pair: tuple[str, str] | None = None
        if compares is not None:
            if isinstance(compares, list) and len(compares) == 2 and all(isinstance(g, str) for g in compares):
                pair = (compares[0], compares[1])
            else:
                self.report(
                    effect, "compares", "'compares' must be [first group, second group]", "e.g. [sham, vertebroplasty]"
                )
        return Effect(
            measure, value if _is_number(value) else None, bounds, p, bool(effect.get("within_group")), favours, pair,
            effect.get("computed") is True,
        )  # fmt: skip

    def _computed(self, item: Located, effect: Effect, arms: tuple[Arm | None, ...]) -> None:
        """An effect the site computed must say from what: two counted groups, in the order it compares them."""
        counted = [a for a in arms if a and a.number("events") is not None and a.number("total")]
        if effect.measure not in COMPUTABLE:
            self.report(
                item["effect"], "computed", "only an odds or risk ratio is computed from counts", "see compute-effect"
            )
        elif len(arms) != 2 or len(counted) != 2:
            self.report(item["effect"], "computed", "a computed effect needs two groups, each with events and total")
        elif effect.compares != (counted[0].group, counted[1].group):
            hint = f"compares: [{counted[0].group}, {counted[1].group}]"
            self.report(item["effect"], "computed", "a computed effect compares the first group with the second", hint)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
