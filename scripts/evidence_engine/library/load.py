"""Read `.bib` files with bibtexparser v2, merge them into one Library, and report what cannot be used.

Several files are parsed into one bibtexparser library, so that `@string` macros defined in one are seen by the next
and a key defined in two files is a duplicate like any other; each entry remembers the file it came from.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library as BibLibrary
from bibtexparser.middlewares import RemoveEnclosingMiddleware, ResolveStringReferencesMiddleware
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import Block, DuplicateFieldKeyBlock, Entry

from .. import cache, textfile
from ..problems import LIBRARY, Problem, did_you_mean
from .catalog import Library
from .checks import check_entry
from .macros import PREDEFINED, ResolveConcatenationMiddleware
from .model import RawEntry
from .normalise import normalise
from .snapshot import library_from_snapshot, library_snapshot
from .syntax import block_problems, broken_keys, unread_problems

# bibtexparser logs each syntax error itself; we report them as Problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

BibFile = tuple[Path, str]  # where the file is, and how problems name it (e.g. `references.bib`)


def load(files: Sequence[BibFile]) -> Library:
    """Read, check and merge `.bib` files; never raises for bad content. While the files' bytes are unchanged the
    parse is read from a snapshot in `.cache/` (bibtexparser takes ~2 s on 10,000 entries; the snapshot ~0.2 s)."""
    sources: list[tuple[str, bytes]] = []
    unread: list[Problem] = []
    for path, display_path in files:
        try:
            sources.append((display_path, path.read_bytes()))
        except FileNotFoundError:
            hint = "create it, even if empty"
            unread.append(Problem(display_path, 0, "reference library not found", hint, breaks=(LIBRARY,)))
        except OSError as error:
            message = f"cannot read the reference library: {error.strerror}"
            unread.append(Problem(display_path, 0, message, "check the file", breaks=(LIBRARY,)))
    library = _parse_or_restore(sources)
    return replace(
        library,
        path=files[0][1] if files else "",
        problems=[*library.problems, *unread],
        missing=tuple(problem.path for problem in unread),
    )


def _parse_or_restore(sources: Sequence[tuple[str, bytes]]) -> Library:
    content = hashlib.sha256()
    for display_path, data in sources:
        content.update(f"{len(display_path)}:{display_path}{len(data)}:".encode() + data)
    name = f"library-2-{content.hexdigest()[:16]}.json"
    if name in _LAST:  # a `mkdocs serve` rebuild with the files unchanged: the library already in memory
        return _LAST[name]
    paths = [display_path for display_path, _ in sources]
    library = library_from_snapshot(cache.read_snapshot(name), paths)
    if library is None:
        library = parse_sources(sources)
        cache.write_snapshot(name, library_snapshot(library, paths), replaces="library-")
    _LAST.clear()
    _LAST[name] = library
    return library


_LAST: dict[str, Library] = {}  # the last library loaded, by the digest of its files


def parse(data: bytes, display_path: str) -> Library:
    """One file's content as a library."""
    return parse_sources([(display_path, data)])


def parse_sources(sources: Sequence[tuple[str, bytes]]) -> Library:
    """Parse each (display path, content) into one library, then resolve crossrefs, normalise and check entries."""
    problems: list[Problem] = []
    unread_file: list[Problem] = []  # bibtexparser itself failed: nothing of the file was read
    blocks: list[tuple[Block, str]] = []
    merged = BibLibrary()
    for display_path, data in sources:
        text, decode_problems = textfile.decode(data, display_path)
        problems += decode_problems
        if not text.strip():
            problems.append(
                Problem(display_path, 0, "reference library is empty", "add at least one entry", breaks=(LIBRARY,))
            )
            continue
        first = len(merged.blocks)
        try:
            parse_string(text, parse_stack=_parse_stack(), library=merged)
        except Exception as error:  # bibtexparser reports syntax errors as blocks; anything else is its bug
            message = f"cannot read the file: {error}"
            unread_file.append(Problem(display_path, 0, message, "check the file's syntax", breaks=(LIBRARY,)))
            continue
        blocks += [(block, display_path) for block in merged.blocks[first:]]
    entries = _entries(blocks)
    unread = unread_file + unread_problems(blocks)
    problems += unread
    problems += block_problems(blocks, entries, macros=[*PREDEFINED, *(key.lower() for key in merged.strings_dict)])
    problems += _resolve_crossrefs(entries) + _superseded_problems(entries)
    for key, raw in entries.items():
        entries[key], notices = normalise(raw)
        problems += notices + check_entry(entries[key])
    broken = broken_keys(block for block, _ in blocks) - set(entries)
    return Library(sources[0][0] if sources else "", entries, problems, frozenset(broken), unread=tuple(unread))


def _parse_stack() -> list[Middleware]:
    return [
        ResolveStringReferencesMiddleware(),
        ResolveConcatenationMiddleware(),
        RemoveEnclosingMiddleware(),
    ]


def _entries(blocks: Sequence[tuple[Block, str]]) -> dict[str, RawEntry]:
    entries = {block.key: _raw_entry(block, path) for block, path in blocks if isinstance(block, Entry)}
    for block, path in blocks:  # keep an entry whose only fault is a repeated field: its first value wins
        if isinstance(block, DuplicateFieldKeyBlock) and isinstance(block.ignore_error_block, Entry):
            entries.setdefault(block.ignore_error_block.key, _raw_entry(block.ignore_error_block, path, unenclose=True))
    return entries


def _raw_entry(entry: Entry, path: str, unenclose: bool = False) -> RawEntry:
    """`unenclose` strips the outer braces or quotes the parse stack had no chance to remove."""
    fields = {f.key.lower(): _unenclose(_as_text(f.value)) if unenclose else _as_text(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields}
    return RawEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=MappingProxyType(fields),
        line=(entry.start_line or 0) + 1,  # None only for entries made in code, not parsed
        field_lines=MappingProxyType(lines),
        path=path,
    )


def _unenclose(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


# A child of a crossref takes its parent's fields but not what is about the parent alone: its own crossref, whether
# it is one of the compared pages, which version replaces it.
NOT_INHERITED = frozenset(("crossref", "compared", "supersededby"))


def _resolve_crossrefs(entries: dict[str, RawEntry]) -> list[Problem]:
    """BibTeX `crossref`: a child inherits the fields it lacks from its parent (a parent's title is its booktitle)."""
    problems = []
    lowered = {key.lower(): key for key in entries}
    for key, raw in list(entries.items()):
        target = raw.get("crossref")
        if not target:
            continue
        parent = entries.get(lowered.get(target.lower(), ""))
        if parent is None:
            hint = did_you_mean(target, entries) or "add the parent entry or remove the crossref"
            message = f"crossref to unknown entry '{target}' in '{key}'"
            problems.append(Problem(raw.path, raw.line_of("crossref"), message, hint, entry=key))
            continue
        inherited = {name: value for name, value in parent.fields.items() if name not in NOT_INHERITED}
        if "title" in parent.fields and "booktitle" not in raw.fields:
            inherited["booktitle"] = parent.fields["title"]
        if "title" in raw.fields:
            inherited.pop("title", None)
        merged = {**inherited, **raw.fields}
        lines = {name: raw.line_of(name) for name in merged}
        entries[key] = RawEntry(
            key, raw.entry_type, MappingProxyType(merged), raw.line, MappingProxyType(lines), raw.path
        )
    return problems


def _superseded_problems(entries: dict[str, RawEntry]) -> list[Problem]:
    """`supersededby`: the key of the version that replaces this one (an updated review, a corrected report). Its
    page points readers there, so the key must be another entry's."""
    problems = []
    for key, raw in entries.items():
        target = raw.get("supersededby")
        if target and target not in entries:
            hint = did_you_mean(target, entries) or "give the key of the newer version's entry, or remove the field"
            message = f"'{key}' is superseded by unknown entry '{target}'"
            problems.append(Problem(raw.path, raw.line_of("supersededby"), message, hint, entry=key))
    return problems
