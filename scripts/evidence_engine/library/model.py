"""The values the library holds: entries as written and as shown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..vocabulary import STUDY_TYPES

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
URL_PATTERN = re.compile(r"^https?://\S+$", re.IGNORECASE)


def is_yes(value: str) -> bool:
    """`compared = {yes}` (or `true`): the entry is one of the patient pages the site compares."""
    return value.strip().lower() in {"yes", "true"}


Fingerprint = tuple[object, ...]  # an entry's content, as a hashable value


@dataclass(frozen=True)
class RawEntry:
    """An entry as written in its file: field values with LaTeX still encoded."""

    key: str
    entry_type: str
    fields: Mapping[str, str]
    line: int  # 1-based line of the `@type{key,` header
    field_lines: Mapping[str, int]
    path: str = ""  # the file it was read from, as problems name it

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def line_of(self, name: str) -> int:
        """Where a field is written; the entry's header when it was inherited or derived."""
        return self.field_lines.get(name, self.line)

    @property
    def fingerprint(self) -> Fingerprint:
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
    fingerprint: Fingerprint = field(repr=False)  # of the raw entry it was decoded from
    path: str = ""

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
        """The design as the editor wrote it; empty when the entry is not classified."""
        return self.get("studytype")

    @property
    def study_type_label(self) -> str:
        term = STUDY_TYPES.get(self.study_type)
        return term.label if term else self.study_type or "Not classified"

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
        return is_yes(self.get("compared"))

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
