"""The parsed library as JSON-ready data, kept in `.cache/` so that unchanged files are not parsed again."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from ..problems import Problem, Severity
from .catalog import Library
from .model import RawEntry


def library_snapshot(library: Library, paths: Sequence[str]) -> dict[str, Any]:
    """Everything parsing `paths` produced."""
    return {
        "paths": list(paths),
        "entries": [
            [raw.key, raw.entry_type, dict(raw.fields), raw.line, dict(raw.field_lines), raw.path]
            for raw in library.entries.values()
        ],
        # Every field of each problem: `follows` and `breaks` decide which knock-ons the next build hides.
        "problems": [
            [p.path, p.line, p.message, p.hint, p.severity.value, p.entry, list(p.follows), list(p.breaks)]
            for p in library.problems
        ],
        "broken": sorted(library.broken_keys),
    }


def library_from_snapshot(data: object, paths: Sequence[str]) -> Library | None:
    """The library a snapshot of `paths` holds; None when there is none or it does not fit."""
    if not isinstance(data, dict) or data.get("paths") != list(paths):
        return None
    try:
        entries = {
            key: RawEntry(key, kind, MappingProxyType(fields), line, MappingProxyType(lines), path)
            for key, kind, fields, line, lines, path in data["entries"]
        }
        problems = [
            Problem(p, ln, m, h, Severity(s), entry, tuple(follows), tuple(breaks))
            for p, ln, m, h, s, entry, follows, breaks in data["problems"]
        ]
        return Library(paths[0] if paths else "", entries, problems, frozenset(data["broken"]))
    except (KeyError, TypeError, ValueError):
        return None
