"""watch: under `mkdocs serve`, a change to one of the engine's inputs rebuilds; a file written beside them does not."""

from __future__ import annotations

from pathlib import Path

from evidence_mkdocs.watch import InputFiles
from watchdog.events import DirModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent


def rebuilds(handler_files: list[Path], event) -> bool:
    calls: list[bool] = []
    InputFiles([str(f) for f in handler_files], lambda: calls.append(True)).dispatch(event)
    return bool(calls)


def test_an_input_written_created_deleted_or_saved_by_rename_rebuilds(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    assert rebuilds([bib], FileModifiedEvent(str(bib)))
    assert rebuilds([bib], FileCreatedEvent(str(bib)))
    assert rebuilds([bib], FileDeletedEvent(str(bib)))
    # editors' tools save by writing a temporary file and renaming it over the original
    assert rebuilds([bib], FileMovedEvent(str(tmp_path / ".references.bib.swp"), str(bib)))


def test_a_log_or_other_file_beside_the_inputs_does_not_rebuild(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    assert not rebuilds([bib], FileModifiedEvent(str(tmp_path / "serve.log")))
    assert not rebuilds([bib], FileCreatedEvent(str(tmp_path / "references.bib.bak")))
    assert not rebuilds([bib], DirModifiedEvent(str(tmp_path)))
