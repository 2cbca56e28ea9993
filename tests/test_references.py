"""references: loading references.bib, LaTeX decoding and name splitting, entry checks."""

from __future__ import annotations

from pathlib import Path

from evidence_engine import references
from evidence_engine.references import parse

GOOD = b"""@article{mueller2020,
  author = {M{\\"u}ller, J{\\"o}rg and {National Institute for Health and Care Excellence} and others},
  title = {A {{Protected}} r{\\'e}view},
  journal = {Spine},
  year = {2020},
  doi = {10.1000/xyz},
  url = {https://example.org/a%2Fb},
  studytype = {cohort},
  status = {verified},
  note = {50\\% of leaks were silent.}
}
"""


def test_latex_accents_are_decoded() -> None:
    """M{\\"u}ller becomes Müller and r{\\'e}view becomes review with an accent."""
    reference = parse(GOOD, "refs.bib").reference("mueller2020")
    assert reference.authors[0].family == "Müller"
    assert reference.authors[0].given == "Jörg"
    assert reference.title == "A Protected révi" + "ew"


def test_corporate_author_stays_one_name_and_others_is_flagged() -> None:
    """A braced corporate author is one name; 'and others' is marked, not a person called Others."""
    authors = parse(GOOD, "refs.bib").reference("mueller2020").authors
    assert authors[1].family == "National Institute for Health and Care Excellence"
    assert authors[1].given == ""
    assert authors[2].is_others


def test_custom_fields_are_kept_and_escaped_percent_decoded() -> None:
    """Project fields survive parsing; LaTeX in them is decoded."""
    reference = parse(GOOD, "refs.bib").reference("mueller2020")
    assert reference.study_type == "cohort"
    assert reference.status == "verified"
    assert reference.get("note") == "50% of leaks were silent."


def test_identifiers_are_not_latex_decoded() -> None:
    """A % in a URL is not a LaTeX comment."""
    reference = parse(GOOD, "refs.bib").reference("mueller2020")
    assert reference.url == "https://example.org/a%2Fb"
    assert reference.doi == "10.1000/xyz"


def test_entries_are_decoded_only_when_asked(monkeypatch) -> None:
    """Loading does not decode; the first look-up decodes, the second reuses it."""
    calls = []
    real_decode = references.decode
    monkeypatch.setattr(references, "decode", lambda raw: calls.append(raw.key) or real_decode(raw))
    monkeypatch.setattr(references, "_DECODED", {})
    library = parse(GOOD, "refs.bib")
    assert calls == []
    library.reference("mueller2020")
    library.reference("mueller2020")
    assert calls == ["mueller2020"]


def test_line_numbers_are_one_based() -> None:
    """The entry header on the file's first line is line 1 (bibtexparser counts from 0)."""
    assert parse(GOOD, "refs.bib").entries["mueller2020"].line == 1


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    """A missing library is reported with its path."""
    library = references.load(tmp_path / "nope.bib", "nope.bib")
    assert [str(p) for p in library.problems] == ["nope.bib: reference library not found (create it, even if empty)"]


def test_short_label_disambiguates_same_author_year() -> None:
    """Two 2018 papers by one author are told apart by the key's letter."""
    data = GOOD.replace(b"mueller2020", b"mueller2020b")
    assert parse(data, "r.bib").reference("mueller2020b").short_label == "Müller 2020b"


def test_short_label_without_an_author_uses_the_titles_opening_words() -> None:
    """An entry whose authors were never confirmed is labelled by its own title, not by a bare year or a made-up name."""
    data = b"@article{anon2010, title = {Prediction of long-term benefit after kyphoplasty}, journal = {J}, year = {2010}}"
    assert parse(data, "r.bib").reference("anon2010").short_label == "Prediction of long-term… 2010"


def test_snapshot_round_trip_keeps_entries_problems_and_lines() -> None:
    """A library restored from its cache snapshot is the library parsing gave."""
    from evidence_engine.references import library_from_snapshot, library_snapshot

    data = GOOD + b"@article{bad title={x}}\n"
    library = parse(data, "refs.bib")
    restored = library_from_snapshot(library_snapshot(library), "refs.bib")
    assert restored is not None
    assert restored.entries == library.entries
    assert restored.problems == library.problems
    assert library_from_snapshot(library_snapshot(library), "other.bib") is None
