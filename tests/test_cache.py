"""cache: references decoded and formatted in one build are not decoded or formatted again in the next."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from evidence_engine import cache, formatting
from evidence_engine import findings as findings_module
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
    monkeypatch.setattr(cache, "_LAST_FINDINGS", {})
    monkeypatch.setattr(cache, "_findings_files", {})
    monkeypatch.setattr(cache, "_pages", {})
    monkeypatch.setattr(cache, "_pages_used", set())
    monkeypatch.setattr(cache, "_pages_state", {"name": None, "dirty": False})


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
    assert "Edited" in next(iter(records.values()))["html"]


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


FINDINGS = "study: a2020\nread_at: https://example.org/a\nfacts:\n  - {value: 12, what: participants}\n"


def load_findings_folder(root: Path) -> cache.Findings:
    """What a build does with the findings: load the cache, read findings/ (through the snapshot), save."""
    cache.load(root)
    loaded = cache.findings(root / "findings", "findings", parse(BIB, "r.bib"))
    cache.save()
    return loaded


def test_findings_are_read_from_the_snapshot_in_the_next_build(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """After one build parsed findings/, a new process with the same files gets the same findings without YAML."""
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "a2020.yml").write_text(FINDINGS)
    first, problems = load_findings_folder(tmp_path)
    assert first["a2020"].facts[0].value == 12 and problems == []

    new_process(monkeypatch)
    monkeypatch.setattr(findings_module, "load_findings", lambda *args: pytest.fail("parsed again"))
    assert load_findings_folder(tmp_path) == (first, [])


def test_an_edited_findings_file_is_parsed_afresh(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """Any change to a file's bytes makes a new snapshot; its problems come back with it."""
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "a2020.yml").write_text(FINDINGS)
    load_findings_folder(tmp_path)

    new_process(monkeypatch)
    (tmp_path / "findings" / "a2020.yml").write_text(FINDINGS.replace("12", "13") + "colour: red\n")
    findings, problems = load_findings_folder(tmp_path)
    assert findings["a2020"].facts[0].value == 13
    assert [problem.message for problem in problems] == ["unknown file field 'colour'"]
    assert len(list(cache.cache_file(tmp_path).parent.glob("findings-*"))) == 1  # the old snapshot removed


def test_a_damaged_findings_snapshot_is_ignored(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """Garbage in the snapshot means parsing the files again, not failing."""
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "a2020.yml").write_text(FINDINGS)
    load_findings_folder(tmp_path)
    [snapshot] = cache.cache_file(tmp_path).parent.glob("findings-*")
    snapshot.write_bytes(b"not a pickle")

    new_process(monkeypatch)
    findings, _ = load_findings_folder(tmp_path)
    assert findings["a2020"].facts[0].value == 12


def render_study_page(root: Path, bib: bytes, findings_text: str | None, rendered: list[str]) -> list[str]:
    """What a build does for one study page: the pieces from the cache, rendered (and counted) only when missing."""
    cache.load(root)
    library = parse(bib, "r.bib")
    study = None
    if findings_text is not None:
        (root / "findings").mkdir(exist_ok=True)
        (root / "findings" / "a2020.yml").write_text(findings_text)
        study = cache.findings(root / "findings", "findings", library)[0]["a2020"]
    reference = library.reference("a2020")

    def render() -> list[str]:
        rendered.append(reference.key)
        return ["<script></script>", f"<h1>{reference.title}</h1>", "<table></table>", findings_text or ""]

    pieces = cache.study_page(reference.fingerprint, study, render)
    cache.save()
    return pieces


def test_a_study_page_is_rendered_once_across_builds(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """A new process with the same entry, findings file and engine gets the stored pieces without rendering."""
    rendered: list[str] = []
    first = render_study_page(tmp_path, BIB, FINDINGS, rendered)
    new_process(monkeypatch)
    assert render_study_page(tmp_path, BIB, FINDINGS, rendered) == first
    assert rendered == ["a2020"]


def test_an_edited_entry_or_findings_file_renders_its_page_afresh(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """The stored page is keyed by the entry's content and its findings file's bytes: neither is served stale."""
    rendered: list[str] = []
    render_study_page(tmp_path, BIB, FINDINGS, rendered)
    new_process(monkeypatch)
    assert render_study_page(tmp_path, BIB.replace(b"{T}", b"{New}"), FINDINGS, rendered)[1] == "<h1>New</h1>"
    new_process(monkeypatch)
    assert render_study_page(tmp_path, BIB, FINDINGS + "population: adults\n", rendered)[3].endswith("adults\n")
    assert len(rendered) == 3


def test_study_pages_no_build_uses_are_dropped(tmp_path: Path, fresh_process, monkeypatch) -> None:
    """Saving keeps only the pages the build used, so edited entries' old pages do not pile up."""
    render_study_page(tmp_path, BIB, None, [])
    new_process(monkeypatch)
    render_study_page(tmp_path, BIB.replace(b"{T}", b"{New}"), None, [])
    [stored] = cache.cache_file(tmp_path).parent.glob("pages-*")
    assert len(pickle.loads(stored.read_bytes())) == 1
