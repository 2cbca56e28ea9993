"""library.load: reading, merging and parsing .bib files; every problem as `path:line: message (hint)`."""

from __future__ import annotations

from pathlib import Path

from evidence_engine.library.load import load, parse
from evidence_engine.library.snapshot import library_from_snapshot, library_snapshot

ENTRY = "@misc{{{key}, title = {{T}}, year = {{2020}}}}\n"


def messages(library) -> list[str]:
    return [str(p) for p in library.problems]


def test_line_numbers_are_one_based() -> None:
    """The entry header on the file's first line is line 1 (bibtexparser counts from 0)."""
    assert parse(ENTRY.format(key="a").encode(), "r.bib").entries["a"].line == 1


def test_missing_file_is_one_problem_and_marks_the_library_missing(tmp_path: Path) -> None:
    """A missing library is one problem with its path, and the library says so (to silence knock-on messages)."""
    library = load([(tmp_path / "nope.bib", "nope.bib")])
    assert messages(library) == ["nope.bib: reference library not found (create it, even if empty)"]
    assert library.is_missing and library.missing == ("nope.bib",) and len(library) == 0


def test_a_readable_library_is_not_missing(tmp_path: Path) -> None:
    """A library whose files were all read is not missing."""
    (tmp_path / "r.bib").write_text(ENTRY.format(key="a"))
    library = load([(tmp_path / "r.bib", "r.bib")])
    assert not library.is_missing and list(library) == ["a"]


def test_several_files_merge_into_one_library(tmp_path: Path) -> None:
    """Entries of every file are in the library; each knows its file; macros of the first serve the second."""
    (tmp_path / "a.bib").write_text('@string{nejm = "N Engl J Med"}\n' + ENTRY.format(key="a"))
    (tmp_path / "b.bib").write_text("\n@article{b, title = {T}, journal = nejm, year = {2021}}\n")
    library = load([(tmp_path / "a.bib", "refs/a.bib"), (tmp_path / "b.bib", "refs/b.bib")])
    assert messages(library) == []
    assert [(raw.key, raw.path, raw.line) for raw in library.entries.values()] == [
        ("a", "refs/a.bib", 2),
        ("b", "refs/b.bib", 2),
    ]
    assert library.reference("b").get("journal") == "N Engl J Med"
    assert library.reference("b").path == "refs/b.bib"


def test_a_key_defined_in_two_files_is_a_duplicate_naming_both(tmp_path: Path) -> None:
    """The second definition is reported in its own file, pointing at the first; it stays an error of no entry."""
    (tmp_path / "a.bib").write_text(ENTRY.format(key="kallmes2009"))
    (tmp_path / "b.bib").write_text("\n\n" + ENTRY.format(key="kallmes2009"))
    library = load([(tmp_path / "a.bib", "a.bib"), (tmp_path / "b.bib", "b.bib")])
    assert messages(library) == [
        "b.bib:3: duplicate key 'kallmes2009' (first defined at a.bib:1; rename or remove one)"
    ]
    assert library.problems[0].entry == "" and library.entries["kallmes2009"].path == "a.bib"


def test_problems_of_an_entry_name_it_in_a_later_file(tmp_path: Path) -> None:
    """A problem inside the second file is printed with that file's path and line, and carries its entry."""
    (tmp_path / "a.bib").write_text(ENTRY.format(key="a"))
    (tmp_path / "b.bib").write_text("\n@misc{b, title = {T}, year = {20}}\n")
    library = load([(tmp_path / "a.bib", "a.bib"), (tmp_path / "b.bib", "b.bib")])
    assert messages(library) == ["b.bib:2: year must be four digits in 'b': '20' (e.g. 2009)"]
    assert library.problems[0].entry == "b"


def test_undefined_macro_is_reported_at_its_field() -> None:
    """`journal = nejmx` with no such @string: a problem at the journal line, with the closest defined macro."""
    bib = b'@string{nejm = "N Engl J Med"}\n@article{a,\n  title = {T},\n  journal = nejmx,\n  year = 2009\n}\n'
    library = parse(bib, "r.bib")
    assert messages(library) == ["r.bib:4: undefined @string macro 'nejmx' in 'a' (did you mean 'nejm'?)"]
    assert library.problems[0].entry == "a"


def test_undefined_macro_without_a_close_one_says_how_to_fix_it() -> None:
    """No similar macro: the hint says to define it or brace the value."""
    library = parse(b"@misc{a, title = Lancet, year = 2009}", "r.bib")
    assert messages(library) == [
        "r.bib:1: undefined @string macro 'Lancet' in 'a' (define it with @string, or put the value in braces)"
    ]


def test_concatenation_resolves_macros_and_literals() -> None:
    """`nejm # " trial"`, numbers, braces and macros built with `#` give the text BibTeX would print."""
    bib = b"""@string{nejm = "New England Journal of Medicine"}
@string{full = nejm # { (NEJM)}}
@article{a, author = {A, B}, title = nejm # " trial " # 2 # {\\#1}, journal = full, year = 2009, month = aug}
"""
    library = parse(bib, "r.bib")
    assert messages(library) == []
    reference = library.reference("a")
    assert reference.title == "New England Journal of Medicine trial 2#1"
    assert reference.get("journal") == "New England Journal of Medicine (NEJM)"
    assert reference.get("month") == "August"


def test_undefined_macro_inside_a_concatenation_is_reported() -> None:
    """An unknown name among `#` operands is reported, not printed silently."""
    library = parse(b'@misc{a, title = {T}, note = "a " # nejmx, year = 2009}', "r.bib")
    assert messages(library) == [
        "r.bib:1: undefined @string macro 'nejmx' in 'a' (define it with @string, or put the value in braces)"
    ]


def test_unclosed_field_is_reported_at_its_own_line() -> None:
    """A field missing its closing brace is reported where it starts, not at the entry's first line."""
    bib = b"""@article{a,
  author  = {A, B},
  title   = {A randomized trial,
  journal = {J},
  year    = {2009},
}

@misc{b, title = {T}, year = {2020}}
"""
    library = parse(bib, "r.bib")
    assert messages(library) == [
        "r.bib:3: cannot parse entry 'a': field 'title' is not closed (end its value with '}')"
    ]
    assert library.broken_keys == {"a"} and "b" in library


def test_unclosed_quote_is_reported_at_its_own_line() -> None:
    """The same for a value opened with a quote."""
    bib = b'@article{a,\n  title = "T,\n  journal = {J},\n  year = {2009},\n}\n\n@misc{b, title = {T}, year = 2020}\n'
    assert (
        messages(parse(bib, "r.bib"))[0]
        == "r.bib:2: cannot parse entry 'a': field 'title' is not closed (end its value with '\"')"
    )


def test_an_unclosed_entry_is_still_reported_at_its_start() -> None:
    """An entry missing only its own closing brace has no unclosed field: its first line is reported."""
    bib = b"@misc{a,\n  title = {T},\n  year = {2020},\n\n@misc{b, title = {T}, year = 2020}\n"
    assert messages(parse(bib, "r.bib")) == [
        "r.bib:1: cannot parse this entry (the entry is not closed: a '}' is missing)"
    ]


def test_snapshot_round_trip_keeps_entries_problems_lines_and_files() -> None:
    """A library restored from its cache snapshot is the library parsing gave, for the same files only."""
    library = parse(
        ENTRY.format(key="a").encode() + b"@misc{b, title={T}, year={20}}\n@article{bad title={x}}\n", "r.bib"
    )
    restored = library_from_snapshot(library_snapshot(library, ["r.bib"]), ["r.bib"])
    assert restored is not None
    assert restored.entries == library.entries
    assert restored.problems == library.problems
    # The fields left out of equality too: `follows` and `breaks` decide which knock-ons a cached build hides.
    fields = [(p.entry, p.follows, p.breaks) for p in library.problems]
    assert [(p.entry, p.follows, p.breaks) for p in restored.problems] == fields
    assert any(p.breaks for p in library.problems)
    assert restored.broken_keys == library.broken_keys
    assert library_from_snapshot(library_snapshot(library, ["r.bib"]), ["other.bib"]) is None


def test_unchanged_files_are_read_from_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    """With the cache on, a second load of the same bytes does not parse; an edit to any file parses again."""
    from evidence_engine import cache
    from evidence_engine.library import load as load_module

    monkeypatch.setattr(cache, "_records", {})
    monkeypatch.setattr(cache, "_used", set())
    monkeypatch.setattr(cache, "_state", {"path": None, "dirty": False})
    cache.load(tmp_path)
    parsed = []
    real = load_module.parse_sources
    monkeypatch.setattr(load_module, "parse_sources", lambda sources: parsed.append(len(sources)) or real(sources))
    (tmp_path / "a.bib").write_text(ENTRY.format(key="a"))
    (tmp_path / "b.bib").write_text(ENTRY.format(key="b"))
    files = [(tmp_path / "a.bib", "a.bib"), (tmp_path / "b.bib", "b.bib")]
    first = load(files)
    again = load(files)
    assert parsed == [2] and again.entries == first.entries
    (tmp_path / "b.bib").write_text(ENTRY.format(key="b2"))
    assert list(load(files)) == ["a", "b2"] and parsed == [2, 2]


def test_a_superseding_key_that_is_not_an_entry_is_reported_at_its_field() -> None:
    """`supersededby` must name another entry: a typo is reported at the field's line, with the closest key."""
    text = (
        ENTRY.format(key="review2018b")
        + "@misc{review2018a,\n  title = {T},\n  year = {2018},\n  supersededby = {reveiw2018b}\n}\n"
    )
    assert messages(parse(text.encode(), "r.bib")) == [
        "r.bib:5: 'review2018a' is superseded by unknown entry 'reveiw2018b' (did you mean 'review2018b'?)"
    ]
    fixed = text.replace("reveiw2018b}", "review2018b}")
    assert messages(parse(fixed.encode(), "r.bib")) == []
