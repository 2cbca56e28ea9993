"""project: one build's state; the library is parsed once per distinct content, across serve rebuilds."""

from __future__ import annotations

from pathlib import Path

from evidence_engine.library import load as library_load
from evidence_engine.library.load import load
from evidence_engine.pages import PageSource, split_front_matter
from evidence_engine.project import Project

BIB = "@article{a2020, author={A, B}, title={T}, journal={J}, year={2020}, studytype={rct}, status={verified}}\n"


def test_unchanged_library_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    """A second build with the same references.bib bytes reuses the parsed library; an edit re-parses."""
    bib = tmp_path / "references.bib"
    bib.write_text(BIB)
    calls = []
    real_parse = library_load.parse_sources
    monkeypatch.setattr(library_load, "parse_sources", lambda sources: calls.append(1) or real_parse(sources))
    monkeypatch.setattr(library_load, "_LAST", {})
    monkeypatch.setenv("EVIDENCE_ENGINE_CACHE", "0")
    first = load([(bib, "references.bib")])
    assert load([(bib, "references.bib")]).entries == first.entries
    assert len(calls) == 1
    bib.write_text(BIB.replace("{T}", "{T2}"))
    assert load([(bib, "references.bib")]).reference("a2020").title == "T2"
    assert len(calls) == 2


def test_unknown_key_problem_points_at_the_file_line(tmp_path: Path) -> None:
    """Citation problems are placed at their line in the file, front matter counted."""
    from evidence_engine.library.load import parse

    build = Project(parse(BIB.encode(), "references.bib"))
    raw = "---\ntitle: X\n---\n\nText.\n\nMore [@a2021].\n"
    markdown, first_line, _, _ = split_front_matter(raw)
    page = PageSource("notes.md", "docs/notes.md", markdown, first_line)
    import markdown as md

    md.markdown(build.prepare(page, "notes/"), extensions=["attr_list", build.extension])
    build.record(page, "notes/", "Notes")
    assert [str(p) for p in build.problems() if p.is_error] == [
        "docs/notes.md:7: unknown citation key 'a2021' (did you mean 'a2020'?)"
    ]
