"""The reference library: `references.bib` loaded with bibtexparser v2, checked, decoded only on demand.

Parsing a 10,000-entry file takes ~1.7 s, but bibtexparser's LaTeX decoding of all of it ~33 s, so entries are kept
raw and decoded one at a time, when a page shows them, through the library's own middleware.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import astuple, dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
)

from . import cache
from .problems import Problem, Severity, did_you_mean
from .vocabulary import STATUSES, STUDY_TYPES

# bibtexparser logs each syntax error itself; we report them as Problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# `author` is required of verified entries only: a partly confirmed entry lists the authors it could not confirm in
# `unconfirmed` rather than guessing them.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("title", "institution", "year"),
    "online": ("title",),
}
DEFAULT_REQUIRED = ("title", "year")
PROJECT_FIELDS = ("studytype", "status")  # every entry must say what it is and how sure we are of it

BROKEN_KEY = re.compile(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()=]+)")
VERBATIM_FIELDS = ("doi", "url", "verified", "pmid", "numbersfrom", "pages")
# Fields a page shows. Reference managers export large ones nobody displays (abstract, keywords, file): those are
# never run through the LaTeX decoder.
DISPLAYED_FIELDS = frozenset(
    (
        "title", "subtitle", "shorttitle", "journal", "booktitle", "publisher", "institution", "organization",
        "school", "address", "series", "edition", "volume", "number", "howpublished", "type", "note",
        "unconfirmed", "seedcitation", "trial",
    )
)

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
URL_PATTERN = re.compile(r"^https?://\S+$", re.IGNORECASE)
YEAR_PATTERN = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class RawEntry:
    """An entry as written in the file: field values with LaTeX still encoded."""

    key: str
    entry_type: str
    fields: Mapping[str, str]
    line: int  # 1-based line of the `@type{key,` header
    field_lines: Mapping[str, int]

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    @property
    def fingerprint(self) -> tuple:
        """Identity of the entry's content: equal fingerprints decode and format identically."""
        return (self.key, self.entry_type, tuple(sorted(self.fields.items())))


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    is_others: bool = False  # BibTeX's "and others"


@dataclass(frozen=True)
class Reference:
    """A decoded entry, ready to show: accents resolved, names split."""

    key: str
    entry_type: str
    fields: Mapping[str, str]
    authors: tuple[Person, ...]
    line: int
    fingerprint: tuple = field(repr=False)  # of the raw entry it was decoded from

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    @property
    def title(self) -> str:
        return self.get("title")

    @property
    def year(self) -> str:
        return self.get("year")

    @property
    def study_type(self) -> str:
        return self.get("studytype")

    @property
    def status(self) -> str:
        return self.get("status") or "unverified"

    @property
    def doi(self) -> str:
        doi = self.get("doi")
        return doi if DOI_PATTERN.match(doi) else ""

    @property
    def pmid(self) -> str:
        pmid = self.get("pmid")
        return pmid if PMID_PATTERN.match(pmid) else ""

    @property
    def url(self) -> str:
        url = self.get("url")
        return url if URL_PATTERN.match(url) else ""

    @property
    def is_compared_page(self) -> bool:
        return self.get("compared").lower() in {"yes", "true"}

    @property
    def first_author(self) -> str:
        if self.authors:
            return self.authors[0].family
        named = self.get("organization") or self.get("institution") or self.get("shorttitle")
        if named or not self.title:
            return named
        # No author on record (a partly verified entry): the title's opening words, never an invented name.
        words = self.title.split()
        return " ".join(words[:3]) + ("…" if len(words) > 3 else "")

    @property
    def short_label(self) -> str:
        """`Kallmes 2009`, the name readers know a study by; `Buchbinder 2018a` when the key tells two apart."""
        year = self.year
        suffix = re.search(rf"{re.escape(year)}([a-z])$", self.key) if year else None
        return " ".join(part for part in (self.first_author, year + (suffix[1] if suffix else "")) if part) or self.key


@dataclass
class Library:
    """All entries of one `.bib` file, with the problems found while reading it."""

    path: str
    entries: Mapping[str, RawEntry]
    problems: list[Problem] = field(default_factory=list)
    broken_keys: frozenset[str] = frozenset()  # entries that exist but could not be read; reported once, at the .bib

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def reference(self, key: str) -> Reference:
        """The decoded entry; decoded once per distinct content, even across `mkdocs serve` rebuilds."""
        raw = self.entries[key]
        fingerprint = raw.fingerprint
        if fingerprint not in _DECODED:
            stored = cache.get(fingerprint)
            if stored and "fields" in stored:
                authors = tuple(Person(*person) for person in stored["authors"])
                return remember_decoded(raw, stored["fields"], authors)
            reference = decode(raw)
            _DECODED[fingerprint] = reference
            names = [list(astuple(person)) for person in reference.authors]
            cache.put(fingerprint, {"fields": dict(reference.fields), "authors": names})
        return _DECODED[fingerprint]

    @cached_property
    def compared_pages(self) -> tuple[str, ...]:
        """Keys of the patient pages the site compares (entries with `compared = {yes}`)."""
        return tuple(
            key for key, raw in self.entries.items() if raw.get("compared").lower() in {"yes", "true"}
        )

    def suggest(self, key: str) -> str:
        return did_you_mean(key, self.entries)


def library_snapshot(library: Library) -> dict:
    """Everything parsing produced, as JSON-ready data."""
    return {
        "path": library.path,
        "entries": [
            [raw.key, raw.entry_type, dict(raw.fields), raw.line, dict(raw.field_lines)]
            for raw in library.entries.values()
        ],
        "problems": [[p.path, p.line, p.message, p.hint, p.severity.value] for p in library.problems],
        "broken": sorted(library.broken_keys),
    }


def library_from_snapshot(data: object, display_path: str) -> Library | None:
    """The library a snapshot holds; None when there is none or it does not fit."""
    if not isinstance(data, dict) or data.get("path") != display_path:
        return None
    try:
        entries = {
            key: RawEntry(key, kind, MappingProxyType(fields), line, MappingProxyType(lines))
            for key, kind, fields, line, lines in data["entries"]
        }
        problems = [Problem(p, ln, m, h, Severity(s)) for p, ln, m, h, s in data["problems"]]
        return Library(display_path, entries, problems, frozenset(data["broken"]))
    except (KeyError, TypeError, ValueError):
        return None


def load(path: Path, display_path: str) -> Library:
    """Read and check a `.bib` file; never raises for bad content."""
    if not path.is_file():
        problem = Problem(display_path, 0, "reference library not found", "create it, even if empty")
        return Library(display_path, {}, [problem])
    return parse(path.read_bytes(), display_path)


def parse(data: bytes, display_path: str) -> Library:
    text, problems = _decode_utf8(data, display_path)
    if not text.strip():
        problems.append(Problem(display_path, 0, "reference library is empty", "add at least one entry"))
        return Library(display_path, {}, problems)
    try:
        parsed = bibtexparser.parse_string(text)
    except Exception as error:  # bibtexparser reports syntax errors as blocks; anything else is its bug
        problems.append(Problem(display_path, 0, f"cannot read the file: {error}", "check the file's syntax"))
        return Library(display_path, {}, problems)
    entries: dict[str, RawEntry] = {}
    for entry in parsed.entries:
        entries[entry.key] = _raw_entry(entry)
    for block in parsed.failed_blocks:  # keep an entry whose only fault is a repeated field: its first value wins
        if isinstance(block, DuplicateFieldKeyBlock) and isinstance(block.ignore_error_block, Entry):
            entries.setdefault(block.ignore_error_block.key, _raw_entry(block.ignore_error_block, unenclose=True))
    problems += _failed_block_problems(parsed.failed_blocks, entries, display_path)
    problems += _resolve_crossrefs(entries, display_path)
    for raw in entries.values():
        problems += check_entry(raw, display_path)
    broken = {m[1] for b in parsed.failed_blocks if (m := BROKEN_KEY.match(b.raw or ""))} - set(entries)
    return Library(display_path, entries, problems, frozenset(broken))


def _decode_utf8(data: bytes, display_path: str) -> tuple[str, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(
            display_path, line, f"bytes that are not UTF-8 (byte 0x{data[error.start]:02x})", "save the file as UTF-8"
        )
        return data.decode("utf-8-sig", errors="replace"), [problem]


def _raw_entry(entry: Entry, unenclose: bool = False) -> RawEntry:
    """`unenclose` strips the outer braces or quotes the parse stack had no chance to remove."""
    fields = {f.key.lower(): _unenclose(_as_text(f.value)) if unenclose else _as_text(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields}
    return RawEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=MappingProxyType(fields),
        line=(entry.start_line or 0) + 1,  # None only for entries made in code, not parsed
        field_lines=MappingProxyType(lines),
    )


def _unenclose(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _resolve_crossrefs(entries: dict[str, RawEntry], path: str) -> list[Problem]:
    """BibTeX `crossref`: a child inherits the fields it lacks from its parent (a parent's title is its booktitle)."""
    problems = []
    lowered = {key.lower(): key for key in entries}
    for key, raw in list(entries.items()):
        target = raw.get("crossref")
        if not target:
            continue
        parent = entries.get(lowered.get(target.lower(), ""))
        if parent is None:
            line = raw.field_lines.get("crossref", raw.line)
            hint = did_you_mean(target, entries) or "add the parent entry or remove the crossref"
            problems.append(Problem(path, line, f"crossref to unknown entry '{target}' in '{key}'", hint))
            continue
        inherited = {name: value for name, value in parent.fields.items() if name not in ("crossref", "compared")}
        if "title" in parent.fields and "booktitle" not in raw.fields:
            inherited["booktitle"] = parent.fields["title"]
        inherited.pop("title", None) if "title" in raw.fields else None
        merged = {**inherited, **raw.fields}
        lines = {name: raw.field_lines.get(name, raw.line) for name in merged}
        entries[key] = RawEntry(key, raw.entry_type, MappingProxyType(merged), raw.line, MappingProxyType(lines))
    return problems


def _failed_block_problems(blocks: list, entries: Mapping[str, RawEntry], path: str) -> list[Problem]:
    problems = []
    for block in blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = entries.get(block.key)
            where = f"first defined at {path}:{first.line}" if first else "defined twice"
            problems.append(Problem(path, line, f"duplicate key '{block.key}'", f"{where}; rename or remove one"))
        elif isinstance(block, DuplicateFieldKeyBlock):
            names = ", ".join(f"'{name}'" for name in sorted(block.duplicate_keys))
            problems.append(Problem(path, line, f"duplicate field {names} in one entry", "keep only one"))
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            problems.append(Problem(path, line, "cannot parse this entry", _syntax_hint(reason)))
        else:
            problems.append(Problem(path, line, "cannot use this block", "check its syntax"))
    return problems


def _syntax_hint(reason: str) -> str:
    if "Expected comma after entry key" in reason:
        return "put a comma after the entry key"
    if "field-value closing" in reason or "Unexpected block start" in reason:
        return "a brace or quote is not closed, or a comma is missing between fields"
    if "Unexpected end of file" in reason or "end of" in reason.lower():
        return "the entry is not closed: a '}' is missing"
    return reason.strip().rstrip(".") or "check braces, quotes and commas"


def check_entry(raw: RawEntry, path: str) -> list[Problem]:
    """Field-level problems of one entry: missing fields, unknown vocabulary, malformed identifiers."""
    problems = []
    required = REQUIRED_FIELDS.get(raw.entry_type, DEFAULT_REQUIRED) + PROJECT_FIELDS
    swallowed = {m[1].lower() for value in raw.fields.values() if (m := SWALLOWED_FIELD.search(value))}
    missing = [name for name in required if not raw.get(name) and name not in swallowed]
    if "author" in missing and (raw.get("organization") or raw.get("editor") or raw.get("status") != "verified"):
        missing.remove("author")
    if missing:
        problems.append(
            Problem(
                path,
                raw.line,
                f"entry '{raw.key}' (@{raw.entry_type}) is missing {', '.join(missing)}",
                "add the field" + ("s" if len(missing) > 1 else ""),
            )
        )
    problems += _vocabulary_problems(raw, path)
    problems += _identifier_problems(raw, path)
    problems += _missing_comma_problems(raw, path)
    return problems


# bibtexparser reads `title = {X}` NEWLINE `year = {2000}` (no comma) as one value: spot the swallowed field.
SWALLOWED_FIELD = re.compile(r"[}\"\w]\s*\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]")


def _missing_comma_problems(raw: RawEntry, path: str) -> list[Problem]:
    problems = []
    for name, value in raw.fields.items():
        match = SWALLOWED_FIELD.search(value)
        if match:
            line = raw.field_lines.get(name, raw.line) + value[: match.start(1)].count("\n")
            message = f"missing comma before field '{match[1]}' in '{raw.key}'"
            problems.append(Problem(path, line, message, "end the previous field with a comma"))
    return problems


def _vocabulary_problems(raw: RawEntry, path: str) -> list[Problem]:
    problems = []
    for name, vocabulary, what in (("studytype", STUDY_TYPES, "study type"), ("status", STATUSES, "status")):
        value = raw.get(name)
        if value and value not in vocabulary:
            hint = did_you_mean(value, vocabulary) or "one of " + ", ".join(vocabulary)
            line = raw.field_lines.get(name, raw.line)
            problems.append(Problem(path, line, f"unknown {what} '{value}' in '{raw.key}'", hint))
    return problems


def _identifier_problems(raw: RawEntry, path: str) -> list[Problem]:
    checks = (
        ("doi", DOI_PATTERN, "malformed DOI", "a DOI looks like 10.1056/NEJMoa0900563, without https://doi.org/"),
        ("pmid", PMID_PATTERN, "malformed PMID", "a PMID is digits only"),
        ("url", URL_PATTERN, "URL must start with http:// or https://", "use the page's web address"),
        ("year", YEAR_PATTERN, "year must be four digits", "e.g. 2009"),
    )
    problems = []
    for name, pattern, message, hint in checks:
        value = raw.get(name)
        if value and not pattern.match(value):
            line = raw.field_lines.get(name, raw.line)
            problems.append(Problem(path, line, f"{message} in '{raw.key}': '{value}'", hint))
    return problems


_DECODED: dict[tuple, Reference] = {}
# Braced groups are kept through decoding so that `{National Institute ...}` stays one corporate name when split.
_DECODE_STACK = (
    middlewares.LatexDecodingMiddleware(keep_braced_groups=True, allow_inplace_modification=False),
    middlewares.SeparateCoAuthors(),
    middlewares.SplitNameParts(),
)


def decode(raw: RawEntry) -> Reference:
    fields, authors = decode_fields(raw)
    return Reference(raw.key, raw.entry_type, MappingProxyType(fields), authors, raw.line, raw.fingerprint)


def remember_decoded(raw: RawEntry, fields: dict[str, str], authors: tuple[Person, ...]) -> Reference:
    """Keep a decoding done elsewhere (a worker process, the disk cache) as if `decode` had done it here."""
    reference = Reference(raw.key, raw.entry_type, MappingProxyType(fields), authors, raw.line, raw.fingerprint)
    _DECODED[raw.fingerprint] = reference
    cache.put(raw.fingerprint, {"fields": fields, "authors": [list(astuple(p)) for p in authors]})
    return reference


def is_decoded(raw: RawEntry) -> bool:
    stored = cache.get(raw.fingerprint)
    return raw.fingerprint in _DECODED or bool(stored and "fields" in stored)


def decode_fields(raw: RawEntry) -> tuple[dict[str, str], tuple[Person, ...]]:
    """LaTeX-decode one entry and split its names, with bibtexparser's middleware.

    Only fields that contain LaTeX go through the decoder (it dominates the cost); identifiers never do, since
    LaTeX would read the `%` in `10.1007%2Fs00586...` as a comment.
    """
    plain = {
        name: value
        for name, value in raw.fields.items()
        if name in VERBATIM_FIELDS or name not in DISPLAYED_FIELDS or not _has_latex(value)
    }
    latex = {name: value for name, value in raw.fields.items() if name not in plain}
    people = {name: raw.fields[name] for name in ("author", "editor") if name in raw.fields}
    stack = _DECODE_STACK if latex or any(_has_latex(v) for v in people.values()) else _DECODE_STACK[1:]
    entry = Entry(raw.entry_type, raw.key, [Field(n, v) for n, v in {**latex, **people}.items()])
    library = bibtexparser.Library([entry])
    try:
        for middleware in stack:
            library = middleware.transform(library)
        decoded = library.entries[0]
    except Exception:  # pragma: no cover - a middleware bug must not stop the build; show the raw text instead
        decoded = entry
    fields = {name: value if name in VERBATIM_FIELDS else _strip_braces(value) for name, value in plain.items()}
    fields.update({f.key: _strip_braces(_as_text(f.value)) for f in decoded.fields if f.key in latex})
    for name in people:
        fields.pop(name, None)
    return fields, _people(decoded.fields_dict.get("author"))


_LATEX = re.compile(r"[\\$~%&]|--|``|''")


def _has_latex(value: str) -> bool:
    return bool(_LATEX.search(value))


def _people(author_field: Field | None) -> tuple[Person, ...]:
    if author_field is None or not isinstance(author_field.value, list):
        return ()
    people = []
    for name in author_field.value:
        if not isinstance(name, middlewares.NameParts):
            continue
        family = _strip_braces(" ".join(name.von + name.last))
        given = _strip_braces(" ".join(name.first + name.jr))
        people.append(Person(family, given, is_others=family.lower() == "others" and not given))
    return tuple(people)


def _strip_braces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()
