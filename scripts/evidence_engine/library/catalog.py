"""Library: every entry of one build's `.bib` files, with the problems found while reading them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..problems import LIBRARY, Problem, did_you_mean, entry_input, key_input
from .decode import decoded
from .model import RawEntry, Reference, is_yes


@dataclass
class Library:
    path: str  # the first file, as problems name it (several files: each entry knows its own, `RawEntry.path`)
    entries: Mapping[str, RawEntry]
    problems: list[Problem] = field(default_factory=list)
    broken_keys: frozenset[str] = frozenset()  # entries that exist but could not be read; reported once, at the .bib
    missing: tuple[str, ...] = ()  # files that could not be read: any key might have been in them
    unread: tuple[Problem, ...] = ()  # why some of the files' text is in no entry (unparsable blocks, unreadable files)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def is_missing(self) -> bool:
        """A library file was not found or not readable: unknown keys are then its knock-ons, not typos."""
        return bool(self.missing)

    def reference(self, key: str) -> Reference:
        """The decoded entry; decoded once per distinct content, even across `mkdocs serve` rebuilds."""
        return decoded(self.entries[key])

    @cached_property
    def compared_pages(self) -> tuple[str, ...]:
        """Keys of the patient pages the site compares (entries with `compared = {yes}`)."""
        return tuple(key for key, raw in self.entries.items() if is_yes(raw.get("compared")))

    def suggest(self, key: str) -> str:
        return did_you_mean(key, self.entries)

    def unknown_key(self, path: str, line: int, key: str) -> Problem:
        """A citation of a key no entry has. A missing library or an entry of that key that could not be read is
        the cause, when there is one; the checks that need the study's findings follow from this problem."""
        hint = self.suggest(key) or "add it to references.bib"
        follows, breaks = (LIBRARY, entry_input(key)), (key_input(key),)
        return Problem(path, line, f"unknown citation key '{key}'", hint, follows=follows, breaks=breaks)
