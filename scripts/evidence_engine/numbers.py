"""Every number in a sentence that cites a study must be among that study's findings, or follow from them.

A sentence is checked against all the studies it cites. A number "follows from" the findings when it is one of
their numbers rounded to the decimals written (3.39 → 3.4), the same without its sign ("fell by 2.64 degrees" for
-2.64), a share of events (12 of 48 → 25 %), the gap between two arms' numbers (3.9 and 5.1 → 1.2), or both arms'
counts added up (15 and 19 events → 34).

Both ends of a range are numbers, and "p=.0073" is 0.0073. A number is matched against everything recorded for the
cited studies: the check catches typos and stale numbers, not a right number in the wrong place.

Not checked (written in docs/editors/recording-findings.md too): numbers written as words, years (1900–2099),
dates, the ends of a scale ("0–10", "0 to 100", "out of 10", "/10"), a rate's denominator ("in every 100", "per
100,000"), the level of a confidence interval ("95% CI"), and numbers that are part of a name (SF-36, EQ-5D, T12,
"grade 2"; VERTOS IV's numerals are words).

A claim's "In short" (`bottom_line`), certainty reason and split verdicts' notes cite nothing, so their numbers are
checked against the studies the claim weighs (`evidence:`); a summary-of-findings row's plain sentence and reasons
against the row's studies (summary.py); a reference's key finding for readers (`finding`) against its own study.
A plain sentence for patients may round as patients do: any number to a whole one ("about 48 out of 100" for
47.5 %), and "1 in N" for a recorded percentage near 100/N (5.4 % → "about 1 in 20", 25 % → "1 in 4").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from .citations import CITATION, parse_citation
from .claims import ClaimBlock, ClaimsPage
from .findings import MINUS, Finding, StudyFindings, as_recorded
from .library.catalog import Library
from .pages import PageSource
from .problems import Problem, study_inputs
from .source import scan

NUMBER = re.compile(
    # Not inside a word, a decimal or a code; but the second number of a range ("3.5–23", "70-79") is a number too.
    r"(?:(?<![\w.,/\-–−])|(?<=\d[-–]))(?P<sign>[-−])?"
    # 61,851 · 0.7 · 12 · and a P value written without its zero (p=.0073, P<.001)
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<=[=<>≤≥\s(])\.\d+)(?![\w])(?!\.\d)"
)
EXEMPT = (
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # dates
    # the ends of a scale, 0–10 or 0 to 100, not a range of percentages or times
    re.compile(r"(?<![\d.])\b(?:0|1)\s*(?:–|-|to)\s*(?:5|7|10|23|24|100)\b(?!\s*(?:%|per|months|weeks|days))"),
    re.compile(r"\bout of (?:10|100)\b"),
    re.compile(r"\b(?:in every|per|out of every)\s+(?:100|1,000|10,000|100,000)\b"),  # a rate's denominator
    re.compile(r"\bgrades?\s+\d\b", re.IGNORECASE),  # a grade's label, "grade 2", not a count
    re.compile(r"(?:below|above|under|over|than|least|most)\s+\d+(?:\.\d+)?\s+(?:out\s+)?of\s+10\b"),  # below 4 of 10
    re.compile(r"/\s*(?:10|100)\b"),
    re.compile(r"\b(?:90|95|99)\s*%\s*(?:CI|confidence)"),
    re.compile(r"\b[A-Za-z]+-\d+[A-Za-z]*\b"),  # SF-36, EQ-5D, QUALEFFO-41
    re.compile(r"\b(?:19|20)\d{2}\b(?![.,]\d)"),  # years
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"(*_])")
ABBREVIATIONS = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bp|\bpp|\bFig|\bNo|\bapprox|\bDr|\bcf)\.$")
CLAIM_BLOCK = re.compile(r"^///\s*claim\s*$")
STRIP = (
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\{[#.][^}]*\}"),  # attribute lists and heading ids
    re.compile(r"<[^>]+>"),  # HTML tags
    re.compile(r"\[\^[^\]]+\]"),  # footnote markers
)


@dataclass(frozen=True)
class Sentence:
    line: int  # file line where it starts
    text: str
    lines: tuple[tuple[int, int], ...] = ()  # (offset in text, file line) where each of its lines starts

    def line_at(self, offset: int) -> int:
        """The file line of the character at `offset` (a sentence may run over several lines)."""
        return max((number for start, number in self.lines if start <= offset), default=self.line)


def check_numbers(
    page: PageSource, studies: Mapping[str, StudyFindings], names: Mapping[str, str] | None = None
) -> list[Problem]:
    """A problem for each number in a citing sentence that the cited studies' findings do not give; `names` are
    what readers call a study (its trial acronym), for the hint. A handout for patients (front matter
    `numbers: plain`) may round any number to a whole one, as an "In short" does ("about 48 out of 100")."""
    problems = []
    rounding = page.meta.get("numbers")
    if rounding not in (None, PLAIN):
        hint = f"'numbers: {PLAIN}' lets a patients' handout round to whole numbers; otherwise leave it out"
        problems.append(Problem(page.display_path, 1, f"unknown 'numbers: {rounding}' in the front matter", hint))
    plain = rounding == PLAIN
    for sentence in sentences(page):
        keys = list(dict.fromkeys(_cited_keys(sentence.text)))
        if not keys:
            continue
        text = _without_citations(sentence.text)
        if not DIGIT.search(text):
            continue  # most citing sentences give no number: no findings to gather
        candidates = [value for key in keys if key in studies for value in study_numbers(studies[key])]
        unmatched = [
            written
            for written in _numbers_to_check(text)
            if not any(_follows(written.value, candidate, plain=plain) for candidate in candidates)
        ]
        problems += _problems(page.display_path, sentence.line_at, unmatched, keys, studies, names or {})
    return problems


DIGIT = re.compile(r"\d")
PLAIN = "plain"  # front matter `numbers: plain`: a patients' handout, rounded as patients read numbers
ONE_IN = re.compile(r"\b1 in (?P<n>\d{1,3}(?:,\d{3})+|\d+)\b")  # "1 in 20": a share, in words patients know
IN_SHORT_WHERE = ' in the "In short"'


def check_claim_numbers(
    page: PageSource, claims: ClaimsPage, studies: Mapping[str, StudyFindings], names: Mapping[str, str] | None = None
) -> list[Problem]:
    """A problem for each number in a claim's "In short", certainty reason or split verdicts' notes that the
    studies it weighs do not give: the "In short" in a patient's plain rounding, the others as written."""
    problems = []
    lines = page.markdown.splitlines()
    for block in claims.blocks:
        claim = block.claim

        def line_of(name: str, block: ClaimBlock = block) -> int:
            start, end = block.start - page.first_line, block.end - page.first_line
            return _line_of_field(lines, start, end, name) + page.first_line

        texts = [
            Checked(claim.bottom_line, line_of("bottom_line"), IN_SHORT_WHERE, plain=True),
            Checked(claim.certainty_reason, line_of("certainty_reason"), " in the certainty reason"),
            *(Checked(s.note, s.line, f" in the note of the {s.comparison} verdict") for s in claim.verdicts),
        ]
        keys = [link.key for link in claim.evidence]
        problems += numbers_not_given(page.display_path, texts, keys, studies, names or {})
    return problems


def key_finding_problems(library: Library, studies: Mapping[str, StudyFindings]) -> list[Problem]:
    """A reference's key finding for readers (`finding`) retells its own study: each number must be among that study's
    recorded findings, rounded as patients read numbers. A reference without a findings file is not checked: there
    is nothing to check it against (the study page marks how well the reference was verified)."""
    problems = []
    for key, raw in library.entries.items():
        if "finding" not in raw.fields or key not in studies or not DIGIT.search(raw.fields["finding"]):
            continue
        text = Checked(library.reference(key).get("finding"), raw.line_of("finding"), KEY_FINDING_WHERE, plain=True)
        found = numbers_not_given(raw.path or library.path, [text], [key], studies, {})
        problems += [replace(problem, entry=key) for problem in found]  # a notice while no page uses the entry
    return problems


KEY_FINDING_WHERE = " in the key finding"


@dataclass(frozen=True)
class Checked:
    """A text outside the prose whose numbers must come from given studies (a claim's "In short", a summary
    row's plain sentence): where it is, and whether a patient's plain rounding is allowed."""

    text: str
    line: int
    where: str  # how the problem names it: ' in the "In short"'
    plain: bool = False


def numbers_not_given(
    path: str, texts: list[Checked], keys: list[str], studies: Mapping[str, StudyFindings], names: Mapping[str, str]
) -> list[Problem]:
    """A problem for each number in `texts` that the findings of the studies `keys` do not give."""
    problems: list[Problem] = []
    if not any(DIGIT.search(checked.text) for checked in texts):
        return problems  # most claims give no number outside their prose: no findings to gather
    candidates = [value for key in keys if key in studies for value in study_numbers(studies[key])]
    positives = [candidate.value for candidate in candidates if candidate.value > 0]  # each read as a percentage
    for checked in texts:
        if not DIGIT.search(checked.text):
            continue  # most texts give no number: nothing to look up
        text = checked.text
        unmatched: list[Written] = []
        if checked.plain:
            for share in ONE_IN.finditer(text):
                n = int(share["n"].replace(",", ""))
                if not any(_near_share(n, value) for value in positives):
                    unmatched.append(Written(Decimal(100) / n if n else Decimal(0), f"'{share[0]}'"))  # by share
            text = ONE_IN.sub(" ", text)
        unmatched += [
            written
            for written in _numbers_to_check(text)
            if not any(_follows(written.value, candidate, plain=checked.plain) for candidate in candidates)
        ]
        line_at = functools.partial(_same_line, checked.line)
        problems += _problems(path, line_at, unmatched, keys, studies, names, checked.where)
    return problems


def _line_of_field(lines: list[str], start: int, end: int, name: str) -> int:
    """The index of the block's `name:` line (the block's own line when it is missing)."""
    field = re.compile(rf"^{name}\s*:")
    return next((i for i in range(max(start, 0), min(end, len(lines))) if field.match(lines[i])), start)


def _near_share(n: int, percentage: Decimal) -> bool:
    """1 in n says a percentage of about 100/n: the recorded one, or it rounded to one significant figure."""
    if n <= 0:
        return False
    share = Decimal(100) / n
    rounded = percentage.quantize(Decimal(1).scaleb(percentage.adjusted()), "ROUND_HALF_UP")
    return abs(share - percentage) < Decimal("0.05") or abs(share - rounded) < Decimal("0.05")


def sentences(page: PageSource) -> Iterator[Sentence]:
    """The page's prose, sentence by sentence, with the line each starts on; claim blocks and code left out."""
    paragraph: list[tuple[int, str]] = []
    in_block = False
    for line in scan(page.markdown):
        number = line.number + page.first_line - 1
        stripped = line.prose.strip()
        if CLAIM_BLOCK.match(line.raw.strip()):
            in_block = True
        if in_block:
            in_block = line.raw.strip() != "///" or CLAIM_BLOCK.match(line.raw.strip()) is not None
            yield from _split(paragraph)
            paragraph = []
            continue
        if not stripped or line.is_code or re.match(r"^(?:[-*+]|\d+[.)]|#+|\|)\s", stripped):
            yield from _split(paragraph)
            paragraph = []
        if stripped and not line.is_code:
            paragraph.append((number, stripped))
    yield from _split(paragraph)


def _split(paragraph: list[tuple[int, str]]) -> Iterator[Sentence]:
    if not paragraph:
        return
    text, starts = "", []
    for number, line_text in paragraph:
        starts.append((len(text), number))
        text += line_text + " "
    ends = [m for m in SENTENCE_END.finditer(text) if not ABBREVIATIONS.search(text[: m.start()].rstrip("\"')]"))]
    for start, end in _spans(ends, len(text)):
        body = text[start:end]
        if not body.strip():
            continue
        lead = len(body) - len(body.lstrip())
        first = _line_at(starts, start)
        lines = tuple((offset - start - lead, number) for offset, number in starts if offset >= start)
        yield Sentence(first, body.strip(), ((0, first), *lines))


def _spans(ends: list[re.Match[str]], length: int) -> list[tuple[int, int | None]]:
    """(start, end) of each sentence, from the matches that end them; the last runs to the paragraph's end."""
    spans: list[tuple[int, int | None]] = []
    position = 0
    for match in ends:
        spans.append((position, match.start()))
        position = match.end()
    if position < length:
        spans.append((position, None))
    return spans


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    return max((number for start, number in starts if start <= offset), default=starts[0][1])


def _cited_keys(text: str) -> Iterator[str]:
    for match in re.finditer(CITATION, text):
        for item in parse_citation(match["body"]) or []:
            yield item.key


def _without_citations(text: str) -> str:
    """The text with citations, links and tags blanked out, each by as many spaces (offsets keep their lines)."""
    text = re.sub(CITATION, _blank, text)
    for pattern in STRIP:
        text = pattern.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    return " " * len(match[0])


def _numbers_to_check(text: str) -> Iterator[Written]:
    exempt = [_exempt_span(match) for pattern in EXEMPT for match in pattern.finditer(text)]
    for match in NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in exempt):
            continue
        value = _decimal(match["number"].replace(",", ""))
        if value is not None:
            yield Written(-value if match["sign"] else value, match[0].replace("-", MINUS), match.start())


def _exempt_span(match: re.Match[str]) -> tuple[int, int]:
    """The part of a match that is exempt: for "below 4 of 10", only the scale's end."""
    if match[0].endswith("of 10") and not match[0].startswith("out"):
        return match.end() - 2, match.end()
    return match.span()


@dataclass(frozen=True)
class Written:
    value: Decimal
    text: str  # as written, e.g. `4,456` or `−0.3`
    offset: int = 0  # where in the sentence it was written


@dataclass(frozen=True)
class Candidate:
    value: Decimal
    derived: bool = False  # computed here (a share of events, a gap between arms): may be rounded to any place


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def study_numbers(study: StudyFindings) -> list[Candidate]:
    """Every number a study's findings give, and those that follow from them (event shares, gaps between arms).
    Worked out once per study: a study is cited in many sentences on many pages (at 1,000 pages that was two thirds
    of the check). Findings are frozen and, under `mkdocs serve`, the same objects until their file changes."""
    held = _STUDY_NUMBERS.get(id(study))
    if held is not None and held[0] is study:
        return held[1]
    numbers = [Candidate(number) for fact in study.facts for number in _numbers_in(fact.value)]
    for finding in study.findings:
        numbers += _finding_numbers(finding)
    if len(_STUDY_NUMBERS) >= _STUDY_NUMBERS_HELD:
        _STUDY_NUMBERS.clear()  # findings read again after edits: their old objects are not kept alive for ever
    _STUDY_NUMBERS[id(study)] = (study, numbers)
    return numbers


_STUDY_NUMBERS: dict[int, tuple[StudyFindings, list[Candidate]]] = {}  # id → (the study, kept alive; its numbers)
_STUDY_NUMBERS_HELD = 20_000  # two generations of a 10,000-study library under `mkdocs serve`


def _finding_numbers(finding: Finding) -> list[Candidate]:
    numbers: list[Decimal] = []
    shares: list[Decimal] = []
    means: list[Decimal] = []
    for arm in finding.arms:
        for name, value in arm.values.items():
            if name != "group":
                numbers += _numbers_in(value)
        events, total = arm.number("events"), arm.number("total")
        if events is not None and total:
            shares.append(Decimal(repr(100 * events / total)))
        for name in ("mean", "percent", "median"):
            value = arm.number(name)
            if value is not None:
                means.append(Decimal(repr(value)))
    if finding.effect is not None:
        effect = finding.effect
        numbers += _numbers_in(effect.value) + _numbers_in(list(effect.ci or ())) + _numbers_in(effect.p)
    numbers += _numbers_in(list(finding.pooled.values())) + _numbers_in(finding.timepoint)
    numbers += _numbers_in(finding.definition)  # a threshold: pain below 4 out of 10
    derived = shares + [abs(a - b) for a, b in _pairs(means)] + [abs(a - b) for a, b in _pairs(shares)]
    for name in ("events", "total", "n"):  # both arms together: "180 people, of whom 34 had a new fracture"
        counts = [arm.number(name) for arm in finding.arms]
        if len(counts) > 1 and all(count is not None for count in counts):
            derived.append(Decimal(repr(sum(count for count in counts if count is not None))))
    return [Candidate(number) for number in numbers] + [Candidate(number, derived=True) for number in derived]


def _pairs(values: list[Decimal]) -> Iterator[tuple[Decimal, Decimal]]:
    for index, first in enumerate(values):
        for second in values[index + 1 :]:
            yield first, second


def _numbers_in(value: object) -> list[Decimal]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [Decimal(repr(value))]
    if isinstance(value, Iterable) and not isinstance(value, str):
        return [number for item in value for number in _numbers_in(item)]
    text = str(value).replace(MINUS, "-")
    found = []
    for match in re.finditer(r"(?<![\w.])(-)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)", text):
        number = _decimal(match[2].replace(",", ""))
        if number is not None:
            found.append(-number if match[1] else number)
    return found


def _follows(written: Decimal, candidate: Candidate, plain: bool = False) -> bool:
    """The written number is the candidate, with or without its sign, or rounded to the decimals written — a
    recorded number only to one decimal place or more (3.39 → 3.4, never 3.9 → 4), a derived one to any, and any
    one in plain rounding (an "In short" for patients: 5.2 → "about 5")."""
    exponent = written.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    for value in (candidate.value, -candidate.value):
        if value == written:
            return True
        roundable = places or candidate.derived or plain
        if roundable and value.quantize(Decimal(1).scaleb(-places), "ROUND_HALF_UP") == written:
            return True
    return False


def _problems(
    path: str,
    line_at: Callable[[int], int],
    unmatched: list[Written],
    keys: list[str],
    studies: Mapping[str, StudyFindings],
    names: Mapping[str, str],
    where: str = "",
) -> list[Problem]:
    """The problems of one text's numbers that its studies' findings do not give. They follow from the studies'
    entries and findings files: when one of those has errors, those are the cause and are shown instead."""
    if not unmatched:
        return []
    follows = tuple(name for key in keys for name in study_inputs(key))
    missing = [key for key in keys if key not in studies]
    if missing:  # the numbers may be the unrecorded study's: ask for its findings once, rather than guess
        numbers = _listed([written.text for written in unmatched])
        has = "has" if len(missing) == 1 else "have"
        message = f"{numbers}{where} cannot be checked: {' and '.join(missing)} {has} no findings file"
        files = " and ".join(f"findings/{key}.yml" for key in missing)
        hint = f"record {'its' if len(missing) == 1 else 'their'} findings in {files}, or correct the text"
        return [Problem(path, line_at(unmatched[0].offset), message, hint, follows=follows)]
    problems = []
    for written in unmatched:
        nearest = _nearest(written.value, [studies[key] for key in keys], names)
        hint = (f"{nearest}; " if nearest else "") + "correct the text or record the finding"
        message = f"{written.text}{where} is not among the findings of {' or '.join(keys)}"
        problems.append(Problem(path, line_at(written.offset), message, hint, follows=follows))
    return problems


def _same_line(line: int, offset: int) -> int:
    return line  # a claim field's numbers are all reported at the field's line


def _listed(words: list[str]) -> str:
    """'12', '12 and 48', '12, 48 and 25'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _nearest(written: Decimal, studies: list[StudyFindings], names: Mapping[str, str]) -> str:
    """The finding whose numbers come closest to the written one, described for the hint."""
    best: tuple[Decimal, str] | None = None
    for study in studies:
        for finding in study.findings:
            for candidate in _finding_numbers(finding):
                distance = abs(abs(candidate.value) - abs(written))
                if best is None or distance < best[0]:
                    name = names.get(study.study, study.study)
                    best = (distance, f"{name}, {finding.label}: {_effect_text(finding)}")
    return best[1] if best else ""


def _effect_text(finding: Finding) -> str:
    effect = finding.effect
    if effect is None or effect.value is None:
        return "no effect estimate recorded"
    text = as_recorded(effect.value)
    if effect.ci:
        low, high = (as_recorded(bound) for bound in effect.ci)
        text += f", 95% CI {low} to {high}"
    return text
