"""library.decode: LaTeX decoding and name splitting, on demand, with what editors type kept literally."""

from __future__ import annotations

from evidence_engine import cache
from evidence_engine.library import decode
from evidence_engine.library.load import parse

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


def reference_with(field: str, value: str, key: str = "x2020"):
    bib = f"@misc{{{key}, title = {{T}}, year = {{2020}}, {field} = {{{value}}}}}"
    return parse(bib.encode(), "r.bib").reference(key)


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


def test_escaped_percent_is_decoded() -> None:
    """`50\\%` in a note is shown as 50%."""
    assert parse(GOOD, "refs.bib").reference("mueller2020").get("note") == "50% of leaks were silent."


def test_unescaped_percent_keeps_the_rest_of_the_field() -> None:
    """`50% fewer` is text, not a LaTeX comment that would cut the field after 50."""
    assert reference_with("note", "50% fewer \\'e days; 3% more").get("note") == "50% fewer é days; 3% more"


def test_unescaped_ampersand_is_kept() -> None:
    """`Costs & benefits` keeps its `&` (LaTeX would drop it as an alignment tab); `\\&` still works."""
    assert (
        reference_with("title", "Costs & benefits \\& harms --- a review").title
        == "Costs & benefits & harms — a review"
    )


def test_braces_written_as_braces_are_kept_and_grouping_braces_removed() -> None:
    """`\\{` is a brace the title contains (the importer writes one so); `{NICE}` only groups."""
    title = reference_with("title", "A \\{braced\\} title, {NICE} and an open \\{ brace").title
    assert title == "A {braced} title, NICE and an open { brace"


def test_identifiers_are_not_latex_decoded() -> None:
    """A % in a URL is not a LaTeX comment; identifiers stay as written."""
    reference = parse(GOOD, "refs.bib").reference("mueller2020")
    assert reference.url == "https://example.org/a%2Fb"
    assert reference.doi == "10.1000/xyz"
    assert reference_with("doi", "10.1007/s00586-010-1588-y%2Fa").doi == "10.1007/s00586-010-1588-y%2Fa"


def test_entries_are_decoded_only_when_asked(monkeypatch) -> None:
    """Loading does not decode; the first look-up decodes, the second reuses it."""
    calls = []
    real_decode = decode.decode
    monkeypatch.setattr(decode, "decode", lambda raw: calls.append(raw.key) or real_decode(raw))
    monkeypatch.setattr(decode, "_DECODED", {})
    monkeypatch.setattr(cache, "_state", {"path": None, "dirty": False})  # no disk cache left by an earlier build
    library = parse(GOOD, "refs.bib")
    assert calls == []
    library.reference("mueller2020")
    library.reference("mueller2020")
    assert calls == ["mueller2020"]


def test_a_moved_entry_keeps_its_new_place(monkeypatch) -> None:
    """The same content at another line or in another file is not decoded again, but reports where it now is."""
    monkeypatch.setattr(decode, "_DECODED", {})
    parse(GOOD, "refs.bib").reference("mueller2020")
    moved = parse(b"\n\n" + GOOD, "other.bib").reference("mueller2020")
    assert (moved.path, moved.line) == ("other.bib", 3)
