"""cache: references decoded and formatted in one build are not decoded or formatted again in the next."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evidence_engine import cache, formatting
from evidence_engine.library import decode
from evidence_engine.library.load import parse

BIB = (
    b'@article{a2020, author={M{\\"u}ller, B}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified}}'
)
TWO = BIB + b"\n@misc{b2021, title={Other}, year={2021}}"


def new_process(monkeypatch) -> None:
    """As if in a new process: empty in-memory caches, no cache file loaded."""
    monkeypatch.setattr(decode, "_DECODED", {})
    monkeypatch.setattr(formatting, "_FORMATTED", {})
    monkeypatch.setattr(cache, "_records", {})
    monkeypatch.setattr(cache, "_used", set())
    monkeypatch.setattr(cache, "_state", {"path": None, "dirty": False})


@pytest.fixture
def fresh_process(monkeypatch):
    new_process(monkeypatch)


def build(root: Path, bib: bytes, keys: list[str]) -> list[formatting.FormattedReference]:
    """What a build does with the cache: load it, format the references its pages show, save it."""
    cache.load(root)
    library = parse(bib, "r.bib")
    formatted = [formatting.format_reference(library.reference(key)) for key in keys]
    cache.save()
    return formatted


def saved_records(root: Path) -> dict:
    return json.loads(cache.cache_file(root).read_text(encoding="utf-8"))


def test_second_build_reads_the_cache_instead_of_formatting(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """After one build saved the cache, a new process gets the same text without decoding or formatting."""
    [first] = build(tmp_path, BIB, ["a2020"])
    assert cache.cache_file(tmp_path).is_file()

    new_process(monkeypatch)
    monkeypatch.setattr(decode, "decode", lambda raw: pytest.fail("decoded again"))
    monkeypatch.setattr(formatting, "_format", lambda reference: pytest.fail("formatted again"))
    [again] = build(tmp_path, BIB, ["a2020"])
    assert again == first and again.text.startswith("Müller B. T.")


def test_a_cache_hit_never_rewrites_the_cache(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """A build that finds everything in the cache leaves it unchanged and does not write the file."""
    build(tmp_path, BIB, ["a2020"])
    path = cache.cache_file(tmp_path)
    before = path.read_bytes()

    new_process(monkeypatch)
    written = []
    monkeypatch.setattr(Path, "replace", lambda self, target: written.append(target))
    build(tmp_path, BIB, ["a2020"])
    assert cache._state["dirty"] is False and written == []
    assert path.read_bytes() == before


def test_a_serve_rebuild_keeps_records_it_took_from_memory(tmp_path: Path, fresh_process) -> None:
    """In `mkdocs serve` later builds find references in memory; saving still keeps their records."""
    build(tmp_path, TWO, ["a2020", "b2021"])
    build(tmp_path, TWO + b"\n@misc{c2022, title={New}, year={2022}}", ["a2020", "b2021", "c2022"])
    assert len(saved_records(tmp_path)) == 3


def test_records_no_build_uses_are_dropped_when_saving(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """Records of edited or removed entries do not pile up: saving keeps only what that build used."""
    build(tmp_path, TWO, ["a2020", "b2021"])
    assert len(saved_records(tmp_path)) == 2

    new_process(monkeypatch)
    build(tmp_path, BIB.replace(b"{T}", b"{Edited}"), ["a2020"])  # b2021 removed, a2020 edited
    records = saved_records(tmp_path)
    assert len(records) == 1
    assert "Edited" in next(iter(records.values()))["text"]


def test_an_edited_entry_is_formatted_afresh(tmp_path: Path, fresh_process) -> None:
    """The cache is keyed by content: a changed title is never served stale."""
    cache.load(tmp_path)
    formatting.format_reference(parse(BIB, "r.bib").reference("a2020"))
    edited = formatting.format_reference(parse(BIB.replace(b"{T}", b"{New title}"), "r.bib").reference("a2020"))
    assert "New title" in edited.text


def test_a_damaged_cache_file_is_ignored(tmp_path: Path, fresh_process) -> None:
    """Garbage in the cache file means formatting again, not failing."""
    path = cache.cache_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    cache.load(tmp_path)
    assert formatting.format_reference(parse(BIB, "r.bib").reference("a2020")).text
