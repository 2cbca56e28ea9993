"""LaTeX decoding and name splitting, with bibtexparser's middleware, one entry at a time and only on demand.

Parsing a 10,000-entry file takes ~1.7 s, but decoding all of it ~33 s, so entries are kept raw and decoded when a
page shows them; each distinct content is decoded once, even across `mkdocs serve` rebuilds (and, through the disk
cache, across builds).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import astuple, replace
from types import MappingProxyType
from typing import Any

from bibtexparser import middlewares
from bibtexparser.library import Library as BibLibrary
from bibtexparser.model import Entry, Field

from .. import cache
from .model import Fingerprint, Person, RawEntry, Reference

# Fields shown as written: LaTeX would read the `%` in `10.1007%2Fs00586...` as a comment.
VERBATIM_FIELDS = ("doi", "url", "verified", "pmid", "numbersfrom", "pages")
# Fields a page shows. Reference managers export large ones nobody displays (abstract, keywords, file): those are
# never run through the LaTeX decoder.
# fmt: off
DISPLAYED_FIELDS = frozenset((
    "title", "subtitle", "shorttitle", "journal", "booktitle", "publisher", "institution", "organization", "school",
    "address", "series", "edition", "volume", "number", "howpublished", "type", "note", "unconfirmed", "seedcitation",
    "trial", "knownas", "finding",
))
# fmt: on

_DECODED: dict[Fingerprint, Reference] = {}
# Braced groups are kept through decoding so that `{National Institute ...}` stays one corporate name when split.
_DECODE_STACK = (
    middlewares.LatexDecodingMiddleware(keep_braced_groups=True, allow_inplace_modification=False),
    middlewares.SeparateCoAuthors(),
    middlewares.SplitNameParts(),
)


def decoded(raw: RawEntry) -> Reference:
    """The entry decoded: from memory, else from the disk cache, else decoded now (and cached)."""
    reference = _DECODED.get(raw.fingerprint)
    if reference is None:
        stored = cache.get(raw.fingerprint)
        if stored and "fields" in stored:  # only read: rewriting a hit would dirty the cache on every build
            reference = _remember(raw, stored["fields"], tuple(Person(*person) for person in stored["authors"]))
        else:
            reference = decode(raw)
            _DECODED[raw.fingerprint] = reference
            cache.put(raw.fingerprint, _record(reference.fields, reference.authors))
    else:
        cache.keep(raw.fingerprint)  # so that saving keeps its record (and its formatting, under the same key)
    if (reference.line, reference.path) != (raw.line, raw.path):  # same content, moved within or between files
        reference = _DECODED[raw.fingerprint] = replace(reference, line=raw.line, path=raw.path)
    return reference


def decode(raw: RawEntry) -> Reference:
    fields, authors = decode_fields(raw)
    return _reference(raw, fields, authors)


def remember_decoded(raw: RawEntry, fields: dict[str, str], authors: tuple[Person, ...]) -> Reference:
    """Keep a decoding done in a worker process as if `decode` had done it here, and cache it."""
    cache.put(raw.fingerprint, _record(fields, authors))
    return _remember(raw, fields, authors)


def is_decoded(raw: RawEntry) -> bool:
    stored = cache.get(raw.fingerprint)
    return raw.fingerprint in _DECODED or bool(stored and "fields" in stored)


def _remember(raw: RawEntry, fields: dict[str, str], authors: tuple[Person, ...]) -> Reference:
    reference = _reference(raw, fields, authors)
    _DECODED[raw.fingerprint] = reference
    return reference


def _reference(raw: RawEntry, fields: dict[str, str], authors: tuple[Person, ...]) -> Reference:
    return Reference(raw.key, raw.entry_type, MappingProxyType(fields), authors, raw.line, raw.fingerprint, raw.path)


def _record(fields: Mapping[str, str], authors: tuple[Person, ...]) -> dict[str, Any]:
    return {"fields": dict(fields), "authors": [list(astuple(person)) for person in authors]}


def decode_fields(raw: RawEntry) -> tuple[dict[str, str], tuple[Person, ...]]:
    """LaTeX-decode one entry and split its names, with bibtexparser's middleware.

    Only displayed fields that contain LaTeX go through the decoder (it dominates the cost); identifiers never do.
    """
    plain = {
        name: value
        for name, value in raw.fields.items()
        if name in VERBATIM_FIELDS or name not in DISPLAYED_FIELDS or not _has_latex(value)
    }
    latex = {name: value for name, value in raw.fields.items() if name not in plain}
    people = {name: raw.fields[name] for name in ("author", "editor") if name in raw.fields}
    stack = _DECODE_STACK if latex or any(_has_latex(v) for v in people.values()) else _DECODE_STACK[1:]
    to_decode = {**latex, **people}
    entry = Entry(raw.entry_type, raw.key, [Field(n, _escape_specials(_hold_braces(v))) for n, v in to_decode.items()])
    library = BibLibrary([entry])
    try:
        for middleware in stack:
            library = middleware.transform(library)
        decoded_entry = library.entries[0]
    except Exception:  # pragma: no cover - a middleware bug must not stop the build; show the raw text instead
        decoded_entry = entry
    fields = {name: value if name in VERBATIM_FIELDS else _strip_braces(value) for name, value in plain.items()}
    fields.update({f.key: _strip_braces(_as_text(f.value)) for f in decoded_entry.fields if f.key in latex})
    for name in people:
        fields.pop(name, None)
    return fields, _people(decoded_entry.fields_dict.get("author"))


_LATEX = re.compile(r"[\\$~%&]|--|``|''")
# An unescaped `%` starts a LaTeX comment (the rest of the field would vanish) and a bare `&` is an alignment tab
# (it would be dropped); editors who write `50% fewer` or `Costs & benefits` mean the characters.
_BARE_SPECIAL = re.compile(r"(?<!\\)((?:\\\\)*)([%&])")


def _escape_specials(value: str) -> str:
    return _BARE_SPECIAL.sub(r"\1\\\2", value)


def _has_latex(value: str) -> bool:
    return bool(_LATEX.search(value))


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


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


# `\{` and `\}` are braces the author means (a title that contains one); the other braces only group. Held as
# characters no text uses while grouping braces are removed, then given back.
_HELD_BRACES = {"\\{": "\ue000", "\\}": "\ue001"}


def _hold_braces(value: str) -> str:
    for written, held in _HELD_BRACES.items():
        value = value.replace(written, held)
    return value


def _strip_braces(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()
    return text.replace("\ue000", "{").replace("\ue001", "}")
