"""Field checks of one entry: missing fields, unknown vocabulary, malformed identifiers, swallowed fields.

Every problem names its entry (`Problem.entry`), so that a build can treat problems of entries no page uses as
notices. `studytype` and `status` are optional: an entry without them is shown as not classified and unverified.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from ..problems import Problem, did_you_mean, edit_distance, entry_input
from ..vocabulary import STATUSES, STUDY_TYPES
from .model import DOI_PATTERN, PMID_PATTERN, URL_PATTERN, RawEntry

# `author` is required of verified entries only: a partly confirmed entry lists the authors it could not confirm in
# `unconfirmed` rather than guessing them.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("title", "institution", "year"),
    "online": ("title",),
    "set": (),  # BibLaTeX: a group of entries (`entryset`), shown through its members
    "xdata": (),  # BibLaTeX: fields other entries take in, never shown itself
}
DEFAULT_REQUIRED = ("title", "year")
YEAR_PATTERN = re.compile(r"^\d{4}$")
# bibtexparser reads `title = {X}` NEWLINE `year = {2000}` (no comma) as one value: spot the swallowed field.
SWALLOWED_FIELD = re.compile(r"[}\"\w]\s*\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]")


def check_entry(raw: RawEntry) -> list[Problem]:
    return [
        *_missing_field_problems(raw),
        *_vocabulary_problems(raw),
        *_identifier_problems(raw),
        *_missing_comma_problems(raw),
        *_misspelt_field_problems(raw),
        *_verification_problems(raw),
    ]


# This site's own fields (see Adding studies). BibTeX ignores a field it does not know, so `staus = {partial}` would
# silently show the study as unverified: a name one or two letters from one of these, and not a field reference
# managers write, is reported.
SITE_FIELDS = (
    "studytype", "status", "verified", "unconfirmed", "seedcitation", "note", "trial", "knownas", "finding",
    "compared", "numbersfrom", "supersededby",
)  # fmt: skip
EXPORTED_FIELDS = frozenset(("notes", "date", "type", "file", "month", "issue", "urldate", "pmcid", "isrn", "venue"))


def _misspelt_field_problems(raw: RawEntry) -> list[Problem]:
    problems = []
    for name in raw.fields:
        meant = _site_field_meant(name)
        if meant:
            message = f"unknown field '{name}' in '{raw.key}'"
            hint = f"did you mean '{meant}'? Fields BibTeX does not know are ignored"
            problems.append(Problem(raw.path, raw.line_of(name), message, hint, entry=raw.key))
    return problems


@functools.cache
def _site_field_meant(name: str) -> str:
    """The site field `name` is a misspelling of, or "". Once per distinct name: a 5,000-entry export has some 50
    field names but 50,000 fields (compared one by one, that took 36 s)."""
    if name in SITE_FIELDS or name in EXPORTED_FIELDS or len(name) < 3:
        return ""
    close = (field for field in SITE_FIELDS if edit_distance(name, field) <= (1 if len(field) <= 5 else 2))
    return next(close, "")


def _verification_problems(raw: RawEntry) -> list[Problem]:
    """A study page must not say "Verified" above "we found no public record of this reference", nor "what we could
    not confirm is listed below" above nothing."""
    if raw.get("status") == "verified" and raw.get("verified").lower() == "no":
        message = f"'{raw.key}' is marked verified, but its 'verified' field says no record was found"
        hint = "give the record's address in 'verified', or set status = {partial} or {unverified}"
        return [Problem(raw.path, raw.line_of("verified"), message, hint, entry=raw.key)]
    if raw.get("status") == "partial" and not raw.get("unconfirmed").strip():
        message = f"'{raw.key}' is marked partly verified, but does not say what could not be confirmed"
        hint = "say it in 'unconfirmed', e.g. unconfirmed = {page numbers}; or set status = {verified}"
        return [Problem(raw.path, raw.line_of("status"), message, hint, entry=raw.key)]
    return []


def _missing_field_problems(raw: RawEntry) -> list[Problem]:
    required = REQUIRED_FIELDS.get(raw.entry_type, DEFAULT_REQUIRED)
    swallowed = {m[1].lower() for value in raw.fields.values() if (m := _swallowed(value))}
    missing = [name for name in required if not raw.get(name) and name not in swallowed]
    if "author" in missing and (raw.get("organization") or raw.get("editor") or raw.get("status") != "verified"):
        missing.remove("author")
    if not missing:
        return []
    message = f"entry '{raw.key}' (@{raw.entry_type}) is missing {', '.join(missing)}"
    hint = "add the field" + "s" * (len(missing) > 1)
    # A field lost to a broken brace or macro is reported there first; this one then follows from it.
    return [Problem(raw.path, raw.line, message, hint, entry=raw.key, follows=(entry_input(raw.key),))]


def _missing_comma_problems(raw: RawEntry) -> list[Problem]:
    problems = []
    for name, value in raw.fields.items():
        match = _swallowed(value)
        if match:
            line = raw.line_of(name) + value[: match.start(1)].count("\n")
            message = f"missing comma before field '{match[1]}' in '{raw.key}'"
            hint = "end the previous field with a comma"
            problems.append(Problem(raw.path, line, message, hint, entry=raw.key, breaks=(entry_input(raw.key),)))
    return problems


def _swallowed(value: str) -> re.Match[str] | None:
    return SWALLOWED_FIELD.search(value) if "=" in value and "\n" in value else None


def _vocabulary_problems(raw: RawEntry) -> list[Problem]:
    problems = []
    for name, vocabulary, what in (("studytype", STUDY_TYPES, "study type"), ("status", STATUSES, "status")):
        value = raw.get(name)
        if value and value not in vocabulary:
            hint = did_you_mean(value, vocabulary) or "one of " + ", ".join(vocabulary)
            message = f"unknown {what} '{value}' in '{raw.key}'"
            problems.append(Problem(raw.path, raw.line_of(name), message, hint, entry=raw.key))
    return problems


def _identifier_problems(raw: RawEntry) -> list[Problem]:
    checks = (
        ("doi", DOI_PATTERN, "malformed DOI", "a DOI looks like 10.1056/NEJMoa0900563"),
        ("pmid", PMID_PATTERN, "malformed PMID", "a PMID is digits only"),
        ("url", URL_PATTERN, "URL must start with http:// or https://", "use the page's web address"),
        ("year", YEAR_PATTERN, "year must be four digits", "e.g. 2009"),
    )
    problems = []
    for name, pattern, message, hint in checks:
        value = raw.get(name)
        if value and not pattern.match(value):
            problems.append(
                Problem(raw.path, raw.line_of(name), f"{message} in '{raw.key}': '{value}'", hint, entry=raw.key)
            )
    return problems
