"""Fields as reference managers and BibLaTeX write them, mapped to the ones the engine reads.

Zotero, EndNote, PubMed and BibLaTeX exports say `date = {2009-08-06}` for `year`, `journaltitle` for `journal`,
`eprint` with `eprinttype = {pmid}` for a PubMed id, and write DOIs as links. The original fields are kept; the
derived ones are added only where the entry does not already have them, at the line of the field they come from.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..problems import Problem, Severity
from .model import DOI_PATTERN, RawEntry

ALIASES = (("journal", "journaltitle"), ("address", "location"))  # (what the engine reads, BibLaTeX's name)
EPRINT_TYPES = {"pmid": "pmid", "pubmed": "pmid", "doi": "doi"}
DATE_YEAR = re.compile(r"^(\d{4})(?:-\d{2}(?:-\d{2})?)?(?:/|$)")  # 2009, 2009-08, 2009-08-06, 2009/2010
DOI_LINK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise(raw: RawEntry) -> tuple[RawEntry, list[Problem]]:
    fields, lines = dict(raw.fields), dict(raw.field_lines)
    for name, alias in ALIASES:
        _derive(fields, lines, name, alias, raw.get(alias))
    date = DATE_YEAR.match(raw.get("date"))
    _derive(fields, lines, "year", "date", date[1] if date else "")
    target = EPRINT_TYPES.get(raw.get("eprinttype").lower())
    if target:
        _derive(fields, lines, target, "eprint", raw.get("eprint"))
    bare_doi = DOI_LINK.sub("", fields.get("doi", "").strip())
    if DOI_PATTERN.match(bare_doi):  # anything else is reported as written
        fields["doi"] = bare_doi
    problems = _first_url(raw, fields)
    if fields == raw.fields:
        return raw, problems
    return RawEntry(
        raw.key, raw.entry_type, MappingProxyType(fields), raw.line, MappingProxyType(lines), raw.path
    ), problems


def _derive(fields: dict[str, str], lines: dict[str, int], name: str, source: str, value: str) -> None:
    if value and not fields.get(name, "").strip():
        fields[name] = value
        if source in lines:
            lines[name] = lines[source]


def _first_url(raw: RawEntry, fields: dict[str, str]) -> list[Problem]:
    """Exports put every link they know in `url`, one per line: the first is the entry's own."""
    urls = raw.get("url").split()
    if len(urls) < 2:
        return []
    fields["url"] = urls[0]
    message = f"'url' of '{raw.key}' holds {len(urls)} addresses; the first is used"
    hint = "keep one, or move the others to a note"
    return [Problem(raw.path, raw.line_of("url"), message, hint, Severity.NOTICE, entry=raw.key)]
