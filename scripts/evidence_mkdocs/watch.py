"""What `mkdocs serve` watches besides docs/ and mkdocs.yml (MkDocs' own): the engine's inputs, and only them.

A file is watched through its folder, so that one missing when serving starts, or deleted and written anew by an
editor's tool, is still seen; only events on the inputs themselves rebuild, so that a log written beside
mkdocs.yml (`make serve > serve.log`) does not rebuild the site on every line it gains.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler


class InputFiles(FileSystemEventHandler):
    """Calls `rebuild` when one of `files` (absolute paths) is written, created, deleted or renamed to or from."""

    def __init__(self, files: Iterable[str], rebuild: Callable[[], None]) -> None:
        self.files = frozenset(os.path.abspath(f) for f in files)
        self.rebuild = rebuild

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        touched = {os.path.abspath(os.fsdecode(p)) for p in (event.src_path, event.dest_path) if p}
        if touched & self.files:
            self.rebuild()


def watch_inputs(server: Any, files: Iterable[Path], folders: Iterable[Path]) -> None:
    """Rebuild when one of `files` changes, or anything under one of `folders` (those that exist)."""
    for folder in folders:
        if folder.is_dir():
            server.watch(str(folder))
    by_folder: dict[Path, list[str]] = defaultdict(list)
    for file in files:
        by_folder[file.parent].append(str(file))
    for folder, names in by_folder.items():
        if folder.is_dir():
            server.observer.schedule(InputFiles(names, lambda: _request_rebuild(server)), str(folder))


def _request_rebuild(server: Any) -> None:
    # What MkDocs' own watch callback does (mkdocs/livereload, 1.6.1: the last MkDocs release, pinned); MkDocs has
    # no public call for it, and its `watch` cannot filter what it sees.
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
