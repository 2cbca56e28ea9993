"""Claims: sections of `docs/claims/<category>.md`, each a `## Heading {#id}` followed by a `/// claim` YAML block.

Parsed from the page source line by line (fenced code skipped) so that every problem carries its line number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from . import yamltext
from .library.catalog import Library
from .problems import LIBRARY, Problem, claim_input, did_you_mean, entry_input
from .source import scan
from .vocabulary import (
    BENEFIT_OUTCOMES,
    CATEGORIES,
    CERTAINTIES,
    COMPARISONS,
    DIRECTIONS,
    SAYS,
    STANCES,
    VERDICT_CERTAINTIES,
    VERDICTS,
)

HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*(?:\{\s*#(?P<id>[^\s}]+)\s*\})?\s*$")
CLAIM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_START = re.compile(r"^///\s*claim\s*$")
BLOCK_END = re.compile(r"^///\s*$")
CITATION_IN_TEXT = re.compile(r"\[[^\[\]]*(?<![\w@])-?@[A-Za-z0-9_][^\[\]]*\]")

REQUIRED = ("bottom_line", "verdict", "certainty", "certainty_reason", "reviewed", "evidence")
OPTIONAL = ("search", "sources", "verdicts", "pictures")
SOURCE_FIELDS = ("stance", "says", "quote")
SPLIT_FIELDS = ("verdict", "certainty", "note", "outcome", "timepoint", "says")
PICTURE_FIELDS = ("study", "comparison", "outcome", "timepoint", "which", "caption")
SAYS_HINT = "add says: better (e.g. it prevents them) or says: worse (e.g. it causes them)"
MAX_QUOTE_WORDS = 30  # "at most one short sentence" per source and claim


@dataclass(frozen=True)
class SourceStance:
    key: str
    stance: str
    says: str = ""
    quote: str = ""


@dataclass(frozen=True)
class EvidenceLink:
    key: str
    direction: str


@dataclass(frozen=True)
class SplitVerdict:
    """The verdict for one procedure and comparator (e.g. vertebroplasty vs sham), where that changes the answer."""

    comparison: str
    verdict: str
    certainty: str
    note: str = ""
    outcome: str = ""  # the summary-of-findings rows (of this comparison and outcome) the verdict rests on
    line: int = 0
    says: str = "better"  # what the claim says the procedure does on that outcome, against the comparator
    timepoint: str = ""  # narrows the rows to one time point (a claim on lasting relief rests on the latest row)


@dataclass(frozen=True)
class PictureRef:
    """An "out of 100" picture on the card: a recorded finding, by study, comparison, outcome and time point."""

    study: str
    comparison: str
    outcome: str
    timepoint: str
    which: str
    caption: str  # the picture's title in plain words; empty: the finding's own definition and time point
    line: int


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    category: str
    path: str
    line: int
    bottom_line: str
    verdict: str
    certainty: str
    certainty_reason: str
    reviewed: str
    search: tuple[str, ...]
    sources: tuple[SourceStance, ...]
    evidence: tuple[EvidenceLink, ...]
    verdicts: tuple[SplitVerdict, ...] = ()
    pictures: tuple[PictureRef, ...] = ()

    def stance_of(self, source_key: str) -> SourceStance:
        """The page's stance; a page not listed is silent."""
        return next((s for s in self.sources if s.key == source_key), SourceStance(source_key, "silent"))


@dataclass(frozen=True)
class ClaimBlock:
    """Where a claim's YAML block sits in the page source (1-based, inclusive)."""

    claim: Claim
    start: int
    end: int


@dataclass(frozen=True)
class HeldBackVerdicts:
    """The verdicts by comparison of a claim kept off the site by other problems: still checked against their summary
    rows, so that a second, unrelated problem shows in the same run rather than after the first is fixed."""

    path: str
    verdicts: tuple[SplitVerdict, ...]


@dataclass
class ClaimsPage:
    blocks: list[ClaimBlock] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    held_back: list[HeldBackVerdicts] = field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        return [block.claim for block in self.blocks]


def category_of(src_path: str) -> str | None:
    """`claims/risks.md` → `risks`; None for pages that are not claims pages."""
    match = re.match(r"^claims/([^/]+)\.md$", src_path.replace("\\", "/"))
    return match[1] if match and match[1] != "index" else None


def parse_claims_page(markdown: str, path: str, category: str, library: Library, first_line: int = 1) -> ClaimsPage:
    """Find, parse and check every claim on a page; `first_line` is the source line `markdown` starts at."""
    page = ClaimsPage()
    if category not in CATEGORIES:
        hint = did_you_mean(category, CATEGORIES) or "use one of " + ", ".join(CATEGORIES)
        page.problems.append(Problem(path, first_line, f"unknown claims category '{category}'", hint))
    source = scan(markdown)
    lines = [line.raw for line in source]
    heading: tuple[str, str, int] | None = None  # title, id, line
    heading_has_block = True
    seen_ids: dict[str, int] = {}
    index = 0
    while index < len(lines):
        prose, number = source[index].prose, index + first_line
        if source[index].is_code:
            index += 1
            continue
        if HEADING.match(prose) and (match := HEADING.match(lines[index])):
            _require_block(page, heading, heading_has_block, path)
            heading = (match["title"], match["id"] or "", number)
            heading_has_block = False
            page.problems += _heading_problems(heading, seen_ids, path)
        elif BLOCK_START.match(prose.strip()):
            end = _block_end(lines, index)
            if end is None:
                page.problems.append(Problem(path, number, "claim block is not closed", "end it with a line '///'"))
                return page  # the rest of the page is inside the open block: nothing more to say about it
            if not BLOCK_END.match(lines[end].strip()):  # it runs into the next heading or block: read on from there
                page.problems.append(_unclosed_block(lines[end], end + first_line, number, heading, path))
                heading_has_block = True
                index = end
                continue
            body = "\n".join(lines[index + 1 : end])
            if heading is None or heading_has_block:
                page.problems.append(
                    Problem(path, number, "claim block without its own heading", "put '## Claim {#id}' above it")
                )
            else:
                claim, problems, verdicts = _parse_block(body, heading, category, path, number + 1, library)
                if claim is None and heading[1]:  # a correction naming this claim follows from these
                    problems = [replace(p, breaks=(*p.breaks, claim_input(heading[1]))) for p in problems]
                if claim is None and verdicts:
                    page.held_back.append(HeldBackVerdicts(path, verdicts))
                page.problems += problems
                if claim:
                    page.blocks.append(ClaimBlock(claim, number, end + first_line))
                heading_has_block = True
            index = end
        index += 1
    _require_block(page, heading, heading_has_block, path)
    return page


def _block_end(lines: Sequence[str], start: int) -> int | None:
    """The block's closing line; or the line it runs into (a heading, another block, a '///' line with text after
    it) when its '///' is missing or misspelt; None when it runs to the end of the page."""
    ends = (i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("///") or HEADING.match(lines[i]))
    return next(ends, None)


def _unclosed_block(
    line: str, line_number: int, start: int, heading: tuple[str, str, int] | None, path: str
) -> Problem:
    breaks = (claim_input(heading[1]),) if heading and heading[1] else ()
    if line.strip().startswith("///") and not BLOCK_START.match(line.strip()):
        hint = "write '///' alone on the line"
        return Problem(path, line_number, "the claim block's closing line has text after '///'", hint, breaks=breaks)
    hint = "end the block with a line '///' after its fields"
    return Problem(path, start, f"claim block is not closed before line {line_number}", hint, breaks=breaks)


def _require_block(page: ClaimsPage, heading: tuple[str, str, int] | None, has_block: bool, path: str) -> None:
    if heading is not None and not has_block:
        page.problems.append(
            Problem(path, heading[2], f"claim '{heading[0]}' has no '/// claim' block", "add one below the heading")
        )


def _heading_problems(heading: tuple[str, str, int], seen: dict[str, int], path: str) -> list[Problem]:
    title, claim_id, line = heading
    if not claim_id:
        return [Problem(path, line, f"claim heading '{title}' has no id", "end the heading with {#a-stable-id}")]
    if not CLAIM_ID.match(claim_id):
        message = f"claim id '{claim_id}' is not lowercase-words-with-hyphens"
        return [Problem(path, line, message, "e.g. {#cement-leak}")]
    if claim_id in seen:
        return [Problem(path, line, f"duplicate claim id '{claim_id}'", f"first used at line {seen[claim_id]}")]
    seen[claim_id] = line
    return []


def _parse_block(
    body: str, heading: tuple[str, str, int], category: str, path: str, first_line: int, library: Library
) -> tuple[Claim | None, list[Problem], tuple[SplitVerdict, ...]]:
    """The claim (None when it has problems), its problems, and its verdicts by comparison as far as they read."""
    try:
        # BaseLoader keeps every value as the text written: `verdict: no` stays "no", not False.
        node, data = yamltext.read(body, yamltext.FAST_BASE, yaml.BaseLoader)
    except yaml.YAMLError as error:
        place, reason = yamltext.error_place(error)
        line = first_line + place - 1
        message = f"claim metadata is not valid YAML: {reason}"
        return None, [Problem(path, line, message, "check indentation and quotes")], ()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problem = Problem(path, first_line, "claim metadata must be 'field: value' lines", "see Writing claims")
        return None, [problem], ()
    lines: dict[str, int] = {}
    for key, value in node.value:
        lines[str(key.value)] = first_line + key.start_mark.line
        if isinstance(value, yaml.MappingNode):  # entries of `sources:` and `evidence:` keep their own lines
            for inner_key, _ in value.value:
                lines[f"{key.value}.{inner_key.value}"] = first_line + inner_key.start_mark.line
    return _build_claim(data, lines, heading, category, path, first_line, library)


def _build_claim(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    heading: tuple[str, str, int],
    category: str,
    path: str,
    block_line: int,
    library: Library,
) -> tuple[Claim | None, list[Problem], tuple[SplitVerdict, ...]]:
    problems: list[Problem] = []
    title, claim_id, heading_line = heading

    def report(name: str, message: str, hint: str = "") -> None:
        problems.append(Problem(path, lines.get(name, block_line), message, hint))

    for name in data:
        if name not in REQUIRED + OPTIONAL:
            report(str(name), f"unknown claim field '{name}'", did_you_mean(str(name), REQUIRED + OPTIONAL))
    for name in REQUIRED:
        if name not in data or data[name] in (None, "", [], {}):
            hint = "list at least one study as 'key: supports'" if name == "evidence" else "add it"
            message = "claim has no evidence" if name == "evidence" else f"claim is missing '{name}'"
            problems.append(Problem(path, heading_line, f"{message} ('{claim_id or title}')", hint))
    verdict = _vocabulary_value(data, "verdict", VERDICTS, report)
    certainty = _vocabulary_value(data, "certainty", CERTAINTIES, report)
    if verdict and certainty:
        problems += _verdict_fits_certainty(verdict, certainty, path, lines.get("verdict", block_line))
    reviewed = _reviewed(data.get("reviewed"), report)
    verdicts = _split_verdicts(data.get("verdicts"), lines, path, problems)
    pictures = _pictures(data.get("pictures"), lines.get("pictures", block_line), path, problems)
    sources = _sources(data.get("sources"), lines, path, library, problems)
    evidence = _evidence(data.get("evidence"), lines, path, library, problems)
    problems += _citation_problems(title, heading_line, data, lines, path)
    if problems:
        return None, problems, verdicts
    claim = Claim(
        id=claim_id,
        title=title,
        category=category,
        path=path,
        line=heading_line,
        bottom_line=_text(data["bottom_line"]),
        verdict=verdict,
        certainty=certainty,
        certainty_reason=_text(data["certainty_reason"]),
        reviewed=reviewed,
        search=tuple(word.strip() for word in _text(data.get("search", "")).split(",") if word.strip()),
        sources=sources,
        evidence=evidence,
        verdicts=verdicts,
        pictures=pictures,
    )
    return claim, problems, verdicts


def _citation_problems(
    title: str, heading_line: int, data: Mapping[str, Any], lines: Mapping[str, int], path: str
) -> list[Problem]:
    """A claim's heading and fields are shown in many places (cards, the comparison page, downloads, JSON-LD) as
    plain text, where a citation cannot work: its studies belong in `evidence:` and the details below the card."""
    hint = "list the study under 'evidence:' and cite it in the text below the card"
    texts = [("heading", title, heading_line)]
    for name in ("bottom_line", "certainty_reason", "search"):
        texts.append((f"'{name}'", _text(data.get(name)), lines.get(name, heading_line)))
    for key, value, line in _key_lines(data.get("sources"), "sources", lines):
        for part in ("says", "quote"):
            texts.append((f"'{part}' of '{key}'", _text(value.get(part)) if isinstance(value, dict) else "", line))
    return [
        Problem(path, line, f"citation {found[0]} in the claim's {where}", hint)
        for where, text, line in texts
        if (found := CITATION_IN_TEXT.search(text))
    ]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value).strip()


def _vocabulary_value(data: Mapping[str, Any], name: str, vocabulary: Mapping[str, Any], report: Any) -> str:
    value = _text(data.get(name))
    if value and value not in vocabulary:
        hint = did_you_mean(value, vocabulary) or "one of " + ", ".join(vocabulary)
        report(name, f"unknown {name} '{value}'", hint)
    return value


def _verdict_fits_certainty(verdict: str, certainty: str, path: str, line: int, where: str = "") -> list[Problem]:
    allowed = VERDICT_CERTAINTIES.get(verdict, ())
    if verdict not in VERDICTS or certainty not in CERTAINTIES or certainty in allowed:
        return []
    label, level = VERDICTS[verdict].label, CERTAINTIES[certainty].label.lower()
    fitting = [name for name, levels in VERDICT_CERTAINTIES.items() if certainty in levels]
    message = f"verdict '{verdict}' ({label}) cannot be given at {level}{where}"
    hint = f"at {level} the verdict is one of {', '.join(fitting)}; or raise the certainty if the studies justify it"
    return [Problem(path, line, message, hint)]


def _split_verdicts(raw: Any, lines: Mapping[str, int], path: str, problems: list[Problem]) -> tuple[SplitVerdict, ...]:
    """`verdicts:` maps a comparison (see the findings vocabulary) to its own verdict, certainty and a short note."""
    if raw in (None, ""):
        return ()
    if not isinstance(raw, dict):
        hint = "e.g. 'vp-vs-sham: {verdict: contradicted, certainty: moderate}'"
        problems.append(Problem(path, lines["verdicts"], "'verdicts' must map comparisons to verdicts", hint))
        return ()
    splits = []
    for comparison, value, line in _key_lines(raw, "verdicts", lines):
        split, found = _split_verdict(comparison, value, path, line)
        problems += found
        if split:
            splits.append(split)
    return tuple(splits)


def _split_verdict(comparison: str, value: Any, path: str, line: int) -> tuple[SplitVerdict | None, list[Problem]]:
    found: list[Problem] = []

    def report(name: str, message: str, hint: str = "") -> None:
        found.append(Problem(path, line, f"{message} for '{comparison}'", hint))

    if comparison not in COMPARISONS:
        hint = did_you_mean(comparison, COMPARISONS) or "one of " + ", ".join(COMPARISONS)
        found.append(Problem(path, line, f"unknown comparison '{comparison}' in 'verdicts'", hint))
    details = value if isinstance(value, dict) else {}
    for name in details:
        if name not in SPLIT_FIELDS:
            hint = did_you_mean(str(name), SPLIT_FIELDS) or "use " + ", ".join(SPLIT_FIELDS)
            found.append(Problem(path, line, f"unknown field '{name}' for '{comparison}'", hint))
    for name in ("verdict", "certainty"):
        if not _text(details.get(name)):
            found.append(Problem(path, line, f"'verdicts' entry has no {name}", "write {verdict: …, certainty: …}"))
    verdict = _vocabulary_value(details, "verdict", VERDICTS, report)
    certainty = _vocabulary_value(details, "certainty", CERTAINTIES, report)
    outcome, says = _text(details.get("outcome")), _text(details.get("says"))
    timepoint = _text(details.get("timepoint"))
    if timepoint and not outcome:
        report("timepoint", "'verdicts' entry has a timepoint but no outcome", "add outcome: the rows' outcome")
    if says and says not in SAYS:
        report("says", f"unknown says '{says}'", "better or worse: what the claim says the procedure does")
    elif outcome and not says and outcome not in BENEFIT_OUTCOMES:
        message = f"'verdicts' entry resting on {outcome} does not say whether the claim has the procedure doing better"
        found.append(Problem(path, line, message + f" or worse for '{comparison}'", SAYS_HINT))
    if found:
        return None, found
    found = _verdict_fits_certainty(verdict, certainty, path, line, f" for '{comparison}'")
    if found:
        return None, found
    note = _text(details.get("note"))
    return SplitVerdict(comparison, verdict, certainty, note, outcome, line, says or "better", timepoint), []


def _pictures(raw: Any, line: int, path: str, problems: list[Problem]) -> tuple[PictureRef, ...]:
    """`pictures:` lists findings to draw as "out of 100" pictures; that each exists is checked with the findings."""
    if raw in (None, ""):
        return ()
    hint = "e.g. '- {study: clark2016, comparison: vp-vs-sham, outcome: treatment-success, timepoint: 14 days}'"
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(Problem(path, line, "'pictures' must be a list of findings", hint))
        return ()
    pictures = []
    for number, item in enumerate(raw):
        unknown = [name for name in item if name not in PICTURE_FIELDS]
        missing = [name for name in PICTURE_FIELDS[:4] if not _text(item.get(name))]
        if unknown or missing:
            what = f"unknown field '{unknown[0]}'" if unknown else f"no '{missing[0]}'"
            problems.append(Problem(path, line + 1 + number, f"picture {number + 1} has {what}", hint))
            continue
        study, comparison, outcome, timepoint, which, caption = (_text(item.get(name)) for name in PICTURE_FIELDS)
        pictures.append(PictureRef(study, comparison, outcome, timepoint, which, caption, line + 1 + number))
    return tuple(pictures)


def _reviewed(value: Any, report: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if text:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            report("reviewed", f"reviewed date '{text}' is not a date", "write it as YYYY-MM-DD")
    return text


def _key_lines(raw: Any, name: str, lines: Mapping[str, int]) -> list[tuple[str, Any, int]]:
    """(key, value, line) for each entry of a mapping field such as `sources:`."""
    if not isinstance(raw, dict):
        return []
    return [(str(key), value, lines.get(f"{name}.{key}", lines.get(name, 0))) for key, value in raw.items()]


def _sources(
    raw: Any, lines: Mapping[str, int], path: str, library: Library, problems: list[Problem]
) -> tuple[SourceStance, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, dict):
        message = "'sources' must map page keys to stances"
        problems.append(Problem(path, lines["sources"], message, "see Writing claims"))
        return ()
    sources = []
    if not library.entries:
        return ()  # the missing or empty library is reported once, at the library
    for key, value, key_line in _key_lines(raw, "sources", lines):
        details = value if isinstance(value, dict) else {"stance": value}
        stance = _text(details.get("stance"))
        for name in details:
            if name not in SOURCE_FIELDS:  # a misspelt `sayz:` would otherwise vanish from the page
                hint = did_you_mean(str(name), SOURCE_FIELDS) or "use " + ", ".join(SOURCE_FIELDS)
                problems.append(Problem(path, key_line, f"unknown field '{name}' for source '{key}'", hint))
        if key not in library.compared_pages:
            hint = did_you_mean(key, library.compared_pages) or (
                "compared pages: " + ", ".join(library.compared_pages)
                if library.compared_pages
                else "no entry in references.bib has compared = {yes}"
            )
            follows = (LIBRARY, entry_input(key))  # a missing library or a broken entry is the cause
            problems.append(Problem(path, key_line, f"unknown source '{key}'", hint, follows=follows))
        elif stance not in STANCES:
            hint = did_you_mean(stance, STANCES) or "one of " + ", ".join(STANCES)
            problems.append(Problem(path, key_line, f"unknown stance '{stance}' for '{key}'", hint))
        else:
            quote = _text(details.get("quote"))
            if len(quote.split()) > MAX_QUOTE_WORDS:
                problems.append(
                    Problem(path, key_line, f"quote from '{key}' is longer than {MAX_QUOTE_WORDS} words", "paraphrase")
                )
            sources.append(SourceStance(key, stance, _text(details.get("says")), quote))
    return tuple(sources)


def _evidence(
    raw: Any, lines: Mapping[str, int], path: str, library: Library, problems: list[Problem]
) -> tuple[EvidenceLink, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, dict):
        hint = "e.g. 'kallmes2009: contradicts'"
        problems.append(Problem(path, lines["evidence"], "'evidence' must map study keys to directions", hint))
        return ()
    links = []
    for key, value, key_line in _key_lines(raw, "evidence", lines):
        direction = _text(value)
        if key not in library:
            problems.append(library.unknown_key(path, key_line, key))
        elif direction not in DIRECTIONS:
            hint = did_you_mean(direction, DIRECTIONS) or "one of " + ", ".join(DIRECTIONS)
            problems.append(Problem(path, key_line, f"unknown evidence direction '{direction}' for '{key}'", hint))
        else:
            if not library.entries[key].get("studytype"):
                hint = f"add studytype to '{key}' in the library; Adding studies lists the study types"
                message = f"'{key}' is weighed as evidence but has no study design"
                problems.append(Problem(path, key_line, message, hint, follows=(entry_input(key),)))
            links.append(EvidenceLink(key, direction))
    return tuple(links)
