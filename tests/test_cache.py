"""cache: references decoded and formatted in one build are not decoded or formatted again in the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_engine import cache, formatting, references
from evidence_engine.references import parse

BIB = b"@article{a2020, author={M{\\\"u}ller, B}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified}}"


@pytest.fixture
def fresh_process(monkeypatch):
    """As if in a new process: empty in-memory caches, no cache file loaded."""
    monkeypatch.setattr(references, "_DECODED", {})
    monkeypatch.setattr(formatting, "_FORMATTED", {})
    monkeypatch.setattr(cache, "_records", {})
    monkeypatch.setattr(cache, "_state", {"path": None, "dirty": False})


def test_second_build_reads_the_cache_instead_of_formatting(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """After one build saved the cache, a new process gets the same text without decoding or formatting."""
    cache.load(tmp_path)
    first = formatting.format_reference(parse(BIB, "r.bib").reference("a2020"))
    cache.save()
    assert cache.cache_file(tmp_path).is_file()

    monkeypatch.setattr(references, "_DECODED", {})
    monkeypatch.setattr(formatting, "_FORMATTED", {})
    monkeypatch.setattr(cache, "_state", {"path": None, "dirty": False})
    monkeypatch.setattr(references, "decode", lambda raw: pytest.fail("decoded again"))
    monkeypatch.setattr(formatting, "_format", lambda reference: pytest.fail("formatted again"))
    cache.load(tmp_path)
    again = formatting.format_reference(parse(BIB, "r.bib").reference("a2020"))
    assert again == first and again.text.startswith("Müller B. T.")


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
