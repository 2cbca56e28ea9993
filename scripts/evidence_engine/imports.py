"""`python -m evidence_engine import FILE`: new `references.bib` entries from RIS or PubMed (MEDLINE) exports.

Zotero, EndNote and Mendeley export RIS; PubMed's "Save → PubMed format" writes MEDLINE text (.nbib or .txt). Each
record becomes an entry appended to the library as `status = {unverified}` and `verified = {no}`, without
`studytype`: an editor confirms it and says what kind of study it is. Records are split here, with their line
numbers, and read one at a time by `rispy` or `nbib`, so that one bad record is reported and the rest still import.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import nbib
import rispy

from . import textfile
from .library.load import parse
from .library.model import DOI_PATTERN, PMID_PATTERN, URL_PATTERN
from .problems import Problem

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
MEDLINE_LINE = re.compile(r"^([ A-Z]{4})(-| ) (.*)$")  # the line shape `nbib` accepts: tag or continuation
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d+)")
BIB_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=]+)")
FIELD_ORDER = ("author", "title", "journal", "year", "volume", "number", "pages", "doi", "pmid", "url")
RIS_JOURNAL_TYPES = frozenset(("JOUR", "JFULL", "EJOUR", "ABST", "INPR", "MGZN", "NEWS"))
RIS_ENTRY_TYPES = {"BOOK": "book", "EBOOK": "book", "ELEC": "online", "WEB": "online", "BLOG": "online"}
RIS_JOURNAL_TAGS = ("alternate_title3", "secondary_title", "journal_name", "alternate_title2", "alternate_title1")
EXTENSIONS = {".ris": "ris", ".nbib": "pubmed", ".txt": "pubmed", ".medline": "pubmed"}
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


@dataclass(frozen=True)
class Record:
    """One reference read from an export, with plain-text (not yet BibTeX) values."""

    line: int  # 1-based line where the record starts in the input file
    entry_type: str
    authors: tuple[str, ...] = ()  # "Family, Given"; a name without a comma is a corporate author
    title: str = ""
    journal: str = ""
    year: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


@dataclass(frozen=True)
class Parsed:
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Outcome:
    """What importing one record did: an entry added under `key`, or skipped as a duplicate of `key`."""

    record: Record
    key: str
    added: bool
    reason: str = ""


@dataclass(frozen=True)
class ImportPlan:
    outcomes: tuple[Outcome, ...]
    bibtex: str  # the text to append; empty when nothing is added
    # Parts of the library no entry holds (an unclosed brace, a duplicated field): one of them could be the same study
    # as a record, so nothing is added until they are corrected.
    unread: tuple[Problem, ...] = ()


# --- Reading the input -------------------------------------------------------------------------------------------


def detect_format(name: str, text: str) -> str:
    """'ris', 'pubmed' or '' (unknown): the content decides, the file extension when the content cannot."""
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.startswith(("TY  -", "ER  -")) for line in lines):
        return "ris"  # RIS and MEDLINE share the `XX  - ` shape; only RIS has TY and ER
    if lines and re.match(r"^[A-Z]{2,4} {0,2}- ", lines[0]):
        return "pubmed"
    if lines and lines[0].lstrip().startswith("@"):
        return ""  # BibTeX: nothing to convert
    return EXTENSIONS.get(Path(name).suffix.lower(), "")


def parse_export(text: str, path: str) -> Parsed:
    """Every record of a RIS or PubMed export, and a problem for each part that could not be read."""
    kind = detect_format(path, text)
    if kind == "ris":
        return parse_ris(text, path)
    if kind == "pubmed":
        return parse_pubmed(text, path)
    hint = "export RIS (.ris) from a reference manager, or 'PubMed format' (.nbib) from PubMed"
    if text.lstrip().startswith("@"):
        hint = "this looks like BibTeX: copy the entries into references.bib by hand"
    return Parsed((), (Problem(path, 0, "cannot tell whether this is a RIS or a PubMed export", hint),))


def parse_ris(text: str, path: str) -> Parsed:
    records: list[Record] = []
    problems: list[Problem] = []
    for start, lines, problem in _ris_chunks(text.splitlines(), path):
        if problem:
            problems.append(problem)
            continue
        try:
            (raw,) = rispy.loads("\n".join(lines))
        except Exception as error:  # rispy raises whatever its parsing meets; the record is reported, not fatal
            problems.append(Problem(path, start, f"cannot read this RIS record: {error}", "check its tags"))
            continue
        _collect(record_from_ris(raw, start), path, records, problems)
    return _finish(records, problems, path)


def _ris_chunks(lines: Sequence[str], path: str) -> Iterable[tuple[int, list[str], Problem | None]]:
    """(first line, lines, problem) per record from `TY  -` to `ER  -`; stray text is reported once per stretch."""
    start, stray = 0, False
    chunk: list[str] = []
    for number, line in enumerate(lines, start=1):
        tag = match[1] if (match := RIS_LINE.match(line)) else ""
        if start and tag == "TY":
            yield start, chunk, _unclosed(path, start, "before the next 'TY  -'")
            start, chunk = 0, []
        if not start and tag == "TY":
            start, chunk, stray = number, [], False
        if start:
            chunk.append(line)
            if tag == "ER":
                yield start, chunk, None
                start, chunk = 0, []
        elif line.strip() and not stray:
            stray = True
            message = "text outside a RIS record"
            yield number, [], Problem(path, number, message, "a record starts with 'TY  - ' and ends with 'ER  - '")
    if start:
        yield start, chunk, _unclosed(path, start, "at the end of the file")


def _unclosed(path: str, line: int, where: str) -> Problem:
    return Problem(path, line, f"RIS record is not closed {where}; it was not imported", "end it with a line 'ER  - '")


def parse_pubmed(text: str, path: str) -> Parsed:
    records: list[Record] = []
    problems: list[Problem] = []
    for start, lines in _pubmed_chunks(text.splitlines()):
        bad = next((start + i for i, line in enumerate(lines) if not MEDLINE_LINE.match(line)), 0)
        if bad:
            hint = "start it with a tag padded to four characters and '- ', or six spaces to continue the line above"
            problems.append(Problem(path, bad, "line is not in PubMed format; its record was not imported", hint))
            continue
        try:
            (raw,) = nbib.read("\n".join(lines) + "\n")
        except Exception as error:  # nbib raises its own and dateutil's errors; the record is reported, not fatal
            problems.append(Problem(path, start, f"cannot read this PubMed record: {error}", "check its tags"))
            continue
        _collect(record_from_pubmed(raw, lines, start), path, records, problems)
    return _finish(records, problems, path)


def _pubmed_chunks(lines: Sequence[str]) -> Iterable[tuple[int, list[str]]]:
    """(first line, lines) per record; records are separated by blank lines."""
    start = 0
    chunk: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            start = start or number
            chunk.append(line)
        elif chunk:
            yield start, chunk
            start, chunk = 0, []


def _collect(record: Record, path: str, records: list[Record], problems: list[Problem]) -> None:
    problem = record_problem(record, path)
    if problem:
        problems.append(problem)
    else:
        records.append(record)


def _finish(records: list[Record], problems: list[Problem], path: str) -> Parsed:
    if not records and not problems:
        problems.append(Problem(path, 0, "no records found", "is the file empty, or an export in another format?"))
    return Parsed(tuple(records), tuple(problems))


def record_problem(record: Record, path: str) -> Problem | None:
    """Why a record cannot become an entry, or None."""
    if not record.title:
        return Problem(path, record.line, "record has no title; it was not imported", "add the title to the export")
    if record.doi and not (DOI_PATTERN.match(record.doi) and _brace_free(record.doi)):
        message = f"malformed DOI '{record.doi}'; the record was not imported"
        return Problem(path, record.line, message, "a DOI looks like 10.1056/NEJMoa0900563")
    if record.pmid and not PMID_PATTERN.match(record.pmid):
        message = f"malformed PMID '{record.pmid}'; the record was not imported"
        return Problem(path, record.line, message, "a PMID is digits only")
    return None


# --- From parsed records to Records ------------------------------------------------------------------------------


def record_from_ris(raw: Mapping[str, Any], line: int) -> Record:
    kind = _text(raw.get("type_of_reference")).upper()
    urls = [url for url in _all(raw.get("urls")) if URL_PATTERN.match(url) and _brace_free(url)]
    doi = bare_doi(_text(raw.get("doi")) or next((u for u in urls if DOI_PREFIX.match(u)), ""))
    journal_type = kind in RIS_JOURNAL_TYPES
    return Record(
        line=line,
        entry_type="article" if journal_type else RIS_ENTRY_TYPES.get(kind, "misc"),
        authors=tuple(_ris_name(name) for name in _all(raw.get("authors")) + _all(raw.get("first_authors"))),
        title=_text(raw.get("title") or raw.get("primary_title")),
        journal=next((_text(raw[tag]) for tag in RIS_JOURNAL_TAGS if _text(raw.get(tag))), "") if journal_type else "",
        year=_year(_text(raw.get("year") or raw.get("publication_year") or raw.get("date"))),
        volume=_text(raw.get("volume")),
        number=_text(raw.get("number")),
        pages=_pages(_text(raw.get("start_page")), _text(raw.get("end_page"))),
        doi=doi,
        pmid=_ris_pmid(raw, urls),
        url=next((url for url in urls if not (doi and DOI_PREFIX.match(url))), ""),
    )


def _ris_pmid(raw: Mapping[str, Any], urls: Sequence[str]) -> str:
    """RIS has no PMID tag: an accession number from PubMed/MEDLINE, a 'PMID: n' note, or a PubMed link."""
    database = (_text(raw.get("name_of_database")) + " " + _text(raw.get("database_provider"))).lower()
    accession = _text(raw.get("accession_number"))
    if accession.isdigit() and ("pubmed" in database or "medline" in database):
        return accession
    for note in _all(raw.get("notes")) + _all(raw.get("note")):
        if match := re.search(r"\bPMID:?\s*(\d+)", note):
            return match[1]
    return next((m[1] for url in urls if (m := PUBMED_URL.search(url))), "")


def _ris_name(name: str) -> str:
    """RIS writes `Family, Given` or `Family, Given, Suffix`; BibTeX wants `Family, Suffix, Given`."""
    parts = [part.strip() for part in name.split(",")]
    return f"{parts[0]}, {parts[2]}, {parts[1]}" if len(parts) == 3 and parts[2] else name.strip()


def record_from_pubmed(raw: Mapping[str, Any], lines: Sequence[str], line: int) -> Record:
    return Record(
        line=line,
        entry_type="article" if raw.get("journal") else "misc",
        authors=_pubmed_authors(raw, lines),
        title=_text(raw.get("title")).removesuffix("."),  # PubMed ends every title with a full stop
        journal=_text(raw.get("journal")),
        year=_year(_text(raw.get("publication_date"))),
        volume=_text(raw.get("journal_volume")),
        number=_text(raw.get("journal_issue")),
        pages=_pages(*(_text(raw.get("pages")).split("-", 1) + [""])[:2]),
        doi=bare_doi(_text(raw.get("doi")) or _lid_doi(lines)),
        pmid=_text(raw.get("pubmed_id")),
    )


def _lid_doi(lines: Sequence[str]) -> str:
    """The DOI of a record that gives it only as its location ID (`LID - 10.1056/… [doi]`), which nbib does not
    read: without it such a record would not be known as a study already in the library."""
    for line in lines:
        if line.startswith("LID - ") and line.rstrip().endswith("[doi]"):
            return line[6:].rstrip().removesuffix("[doi]").strip()
    return ""


def _pubmed_authors(raw: Mapping[str, Any], lines: Sequence[str]) -> tuple[str, ...]:
    """Full names (FAU); for older records that have only initials (`AU  - Kallmes DF`, which nbib drops), those."""
    names = [_text(author.get("author")) for author in raw.get("authors") or () if isinstance(author, dict)]
    if not names:
        names = [_initials_name(line[6:].strip()) for line in lines if line.startswith("AU  - ")]
    corporate = _text(raw.get("corporate_author"))
    return tuple(name for name in [*names, corporate] if name)


def _initials_name(name: str) -> str:
    family, _, initials = name.rpartition(" ")
    return f"{family}, {' '.join(c + '.' for c in initials)}" if family and initials.isupper() else name


def bare_doi(value: str) -> str:
    return DOI_PREFIX.sub("", value.strip()).strip()


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()


def _all(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [text for item in values if (text := _text(item))]


def _year(value: str) -> str:
    match = re.search(r"\b(\d{4})\b", value)
    return match[1] if match else ""


def _pages(start: str, end: str) -> str:
    """`557`, `68` → `557--568` (PubMed drops the end page's repeated leading digits)."""
    start, end = start.strip(), end.strip()
    if "-" in start and not end:
        start, _, end = start.partition("-")
        start, end = start.strip(), end.strip().lstrip("-")
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return f"{start}--{end}" if start and end and end != start else start


# --- From Records to BibTeX --------------------------------------------------------------------------------------


def plan_import(records: Sequence[Record], bib_text: str, bib_path: str) -> ImportPlan:
    """Which records become entries, under which keys, and the BibTeX to append; the library is only read."""
    library = parse(bib_text.encode("utf-8"), bib_path)
    taken = {key.lower() for key in library} | {key.lower() for key in library.broken_keys}
    taken |= {match[1].lower() for match in BIB_KEY.finditer(bib_text)}
    known: dict[str, tuple[str, int]] = {}
    for key, raw in library.entries.items():
        known.update(_identities(key, 0, doi=raw.get("doi"), pmid=raw.get("pmid"), url=raw.get("url")))
    outcomes = []
    for record in records:
        outcome = _decide(record, known, taken)
        outcomes.append(outcome)
        if outcome.added:
            taken.add(outcome.key)
            known.update(_identities(outcome.key, record.line, doi=record.doi, pmid=record.pmid, url=record.url))
    entries = [entry_text(o.record, o.key) for o in outcomes if o.added]
    return ImportPlan(tuple(outcomes), "\n".join(entries), library.unread)


def _identities(key: str, line: int, **identifiers: str) -> dict[str, tuple[str, int]]:
    """`doi:…`, `pmid:…`, `url:…` → (key, line of the record it was imported from; 0 when it was in the library)."""
    return {f"{name}:{_identity(name, value)}": (key, line) for name, value in identifiers.items() if value}


def _identity(name: str, value: str) -> str:
    return bare_doi(value).lower() if name == "doi" else value.strip().lower()


def _decide(record: Record, known: Mapping[str, tuple[str, int]], taken: set[str]) -> Outcome:
    url = "" if record.doi or record.pmid else record.url  # a web page has only its address to go by
    for label, value in (("DOI", record.doi), ("PMID", record.pmid), ("URL", url)):
        match = known.get(f"{label.lower()}:{_identity(label.lower(), value)}") if value else None
        if match:
            key, line = match
            where = f"the same as the record at line {line} ('{key}')" if line else f"in the library as '{key}'"
            return Outcome(record, key, added=False, reason=f"{label} {value} is already {where}")
    return Outcome(record, new_key(record, taken), added=True)


def new_key(record: Record, taken: set[str]) -> str:
    """`kallmes2009`; `kallmes2009a`, `…b` when taken; `nd` for no date, as the library's other undated entries."""
    name = record.authors[0] if record.authors else record.title
    family = name.split(",")[0] if "," in name else name.split(" ")[0]
    base = (_ascii_letters(family) or "ref") + (record.year or "nd")
    pairs = ("".join(pair) for pair in itertools.product(string.ascii_lowercase, repeat=2))
    suffixes = itertools.chain([""], string.ascii_lowercase, pairs)
    return next(base + suffix for suffix in suffixes if base + suffix not in taken)


def _ascii_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.lower() if "a" <= c <= "z")


def entry_text(record: Record, key: str) -> str:
    """One BibTeX entry, aligned like the rest of references.bib."""
    values = {name: field_value(name, getattr(record, name)) for name in FIELD_ORDER if name != "author"}
    values = {"author": " and ".join(_author(name) for name in record.authors), **values}
    fields = [(name, value) for name, value in values.items() if value]
    fields += [("status", "unverified"), ("verified", "no")]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@{record.entry_type}{{{key},\n{body}\n}}\n"


def field_value(name: str, value: str) -> str:
    """Identifiers as written (the engine never LaTeX-decodes them); text with LaTeX's special characters escaped."""
    if name in ("doi", "pmid", "url", "pages"):
        return value if _brace_free(value) else ""
    return bibtex_escape(value)


def _author(name: str) -> str:
    escaped = bibtex_escape(name)
    return escaped if "," in name else "{" + escaped + "}"  # keeps "Institute of X and Y" one corporate name


def bibtex_escape(text: str) -> str:
    """Plain text as a BibTeX value: `%`, `&`, `#`, `_` and friends escaped, unbalanced braces made literal."""
    unmatched = _unmatched_braces(text)
    out = []
    for index, char in enumerate(text):
        if index in unmatched:
            out.append("\\" + char)
        else:
            out.append(LATEX_SPECIALS.get(char, char))
    return "".join(out)


def _unmatched_braces(text: str) -> set[int]:
    opened: list[int] = []
    unmatched = set()
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    return unmatched | set(opened)


def _brace_free(value: str) -> bool:
    return "{" not in value and "}" not in value


# --- The command -------------------------------------------------------------------------------------------------


def appended(bib_text: str, entries: str) -> str:
    """What to write after the library's last byte: entries after a blank line, in the file's own line endings."""
    if not entries:
        return ""
    if not bib_text.strip():
        text = ("\n" if bib_text and not bib_text.endswith("\n") else "") + entries
    else:
        text = ("\n" if bib_text.endswith("\n") else "\n\n") + entries
    return text.replace("\n", "\r\n") if "\r\n" in bib_text else text


def report_lines(plan: ImportPlan, input_path: str, bib_path: str, dry_run: bool) -> list[str]:
    lines = []
    for outcome in plan.outcomes:
        record = outcome.record
        identifier = f"PMID {record.pmid}" if record.pmid else f"DOI {record.doi}" if record.doi else "no DOI or PMID"
        if outcome.added:
            verb = "would add" if dry_run else "added"
            lines.append(f"{bib_path}: {verb} '{outcome.key}' ({identifier})")
        else:
            lines.append(f"{bib_path}: skipped {input_path}:{record.line}: {outcome.reason}")
    return lines


def run_import(input_path: Path, bib_path: Path, dry_run: bool = False, echo: Callable[[str], None] = print) -> int:
    """Read, plan, report and (unless a dry run) append; 0 when all went well, 1 on problems, 2 on usage errors."""
    for path, what in ((input_path, "file to import"), (bib_path, "reference library (pass --bib PATH)")):
        if not path.is_file():
            echo(f"{path}: not found ({what})")
            return 2
    text, problems = _read_text(input_path)
    bib_text, bib_problems = _read_text(bib_path)
    if bib_problems or bib_text is None:
        for problem in bib_problems:
            echo(str(replace(problem, hint=f"{problem.hint}; nothing was added")))
        return 1
    parsed = parse_export(text, str(input_path)) if text is not None else Parsed((), ())
    plan = plan_import(parsed.records, bib_text, str(bib_path))
    if plan.unread:
        hint = "nothing was added: correct the library first, as this part could hold one of the studies"
        for problem in plan.unread:
            echo(str(replace(problem, hint=f"{problem.hint}; {hint}")))
        return 1
    for line in report_lines(plan, str(input_path), str(bib_path), dry_run):
        echo(line)
    for problem in [*problems, *parsed.problems]:
        echo(str(problem))
    if plan.bibtex and dry_run:
        echo("\n" + plan.bibtex.rstrip("\n"))
    elif plan.bibtex and not _append(bib_path, appended(bib_text, plan.bibtex), echo):
        return 1
    return 1 if problems or parsed.problems else 0


def _append(bib_path: Path, text: str, echo: Callable[[str], None]) -> bool:
    try:
        with bib_path.open("ab") as file:  # append only: what the library holds is never rewritten
            file.write(text.encode("utf-8"))
    except OSError as error:
        echo(f"{bib_path}: cannot write ({error.strerror}); nothing was added")
        return False
    return True


def _read_text(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(str(path), 0, f"cannot read the file ({error.strerror})", "check its permissions")]
    text, problems = textfile.decode(data, str(path), "export the file as UTF-8 (Unicode)")
    return (None if problems else text), problems
