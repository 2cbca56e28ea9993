"""imports and `python -m evidence_engine import`: RIS and PubMed exports appended to a .bib as unverified entries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from evidence_engine import imports
from evidence_engine.imports import Record, bibtex_escape, detect_format, parse_export, run_import
from evidence_engine.library.decode import decode
from evidence_engine.library.load import parse

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures" / "imports"


def _library(tmp_path: Path) -> Path:
    bib = tmp_path / "library.bib"
    shutil.copy(FIXTURES / "library.bib", bib)
    return bib


def _run(source: Path, bib: Path, dry_run: bool = False) -> tuple[int, list[str]]:
    """Import with paths shown relative to the fixture folder, as an editor would type them."""
    lines: list[str] = []
    code = run_import(source, bib, dry_run=dry_run, echo=lines.append)
    return code, [line.replace(f"{bib.parent}/", "").replace(f"{FIXTURES}/", "") for line in lines]


def _fixture(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / name, tmp_path / name))


def test_ris_records_carry_the_exported_fields() -> None:
    """RIS: authors, journal (T2), pages from SP/EP, DOI from a doi.org link, PMID from a PubMed accession number."""
    parsed = parse_export((FIXTURES / "zotero.ris").read_text(), "zotero.ris")
    kallmes, buchbinder, page = parsed.records
    assert parsed.problems == ()
    assert (kallmes.line, kallmes.entry_type, kallmes.authors[0], len(kallmes.authors)) == (
        1,
        "article",
        "Kallmes, David F.",
        6,
    )
    assert (kallmes.journal, kallmes.year, kallmes.volume, kallmes.number) == (
        "New England Journal of Medicine",
        "2009",
        "361",
        "6",
    )
    assert (kallmes.pages, kallmes.doi, kallmes.pmid) == ("569--579", "10.1056/NEJMoa0900563", "")
    assert (buchbinder.doi, buchbinder.pmid, buchbinder.pages) == ("10.1056/NEJMoa0900429", "19657121", "557--568")
    assert buchbinder.url == "https://www.scribd.com/document/529276670/Vertebroplastia-Evidencia-2-Australia"
    assert (page.entry_type, page.title, page.authors, page.year) == ("online", "Vertebroplasty & Kyphoplasty", (), "")


def test_pubmed_records_carry_the_exported_fields() -> None:
    """PubMed: wrapped title joined without its final full stop, short page range expanded, PMID and DOI."""
    parsed = parse_export((FIXTURES / "pubmed.nbib").read_text(), "pubmed.nbib")
    buchbinder, chandra = parsed.records
    assert parsed.problems == ()
    assert buchbinder.line == 2
    assert buchbinder.title == "A Randomized Trial of Vertebroplasty for Painful Osteoporotic Vertebral Fractures"
    assert (buchbinder.pages, buchbinder.pmid, buchbinder.doi) == ("557--568", "19657121", "10.1056/NEJMoa0900429")
    assert buchbinder.authors[-1] == "Murphy, Bridie" and len(buchbinder.authors) == 9
    assert chandra.title.endswith("What Are the Latest Data?")
    assert (chandra.journal, chandra.year, chandra.volume, chandra.number) == (
        "American Journal of Neuroradiology",
        "2018",
        "39",
        "5",
    )


def test_pubmed_doi_given_only_as_the_location_id() -> None:
    """A record whose DOI is only on its `LID - … [doi]` line (no `AID`) still carries it, so the import knows the
    study when the library has it under its DOI."""
    lines = (FIXTURES / "pubmed.nbib").read_text().splitlines()
    text = "\n".join(line.replace("AID - ", "LID - ") for line in lines)
    buchbinder = parse_export(text, "pubmed.nbib").records[0]
    assert buchbinder.doi == "10.1056/NEJMoa0900429"


def test_pubmed_initials_when_full_names_are_missing() -> None:
    """A record with only `AU  - Buchbinder R` lines still gets its authors, as `Buchbinder, R.`."""
    text = "\n".join(line for line in (FIXTURES / "pubmed.nbib").read_text().splitlines() if not line.startswith("FAU"))
    buchbinder = parse_export(text, "pubmed.nbib").records[0]
    assert buchbinder.authors[:2] == ("Buchbinder, R.", "Osborne, R. H.")


@pytest.mark.parametrize(
    ("name", "fixture", "expected"),
    [("export.txt", "zotero.ris", "ris"), ("export.ris", "pubmed.nbib", "pubmed"), ("export.nbib", "library.bib", "")],
)
def test_format_is_sniffed_from_content_before_extension(name: str, fixture: str, expected: str) -> None:
    """The content decides: RIS saved as .txt is RIS; BibTeX is neither."""
    assert detect_format(name, (FIXTURES / fixture).read_text()) == expected


def test_import_appends_after_the_original_bytes(tmp_path: Path) -> None:
    """New entries follow the library's bytes unchanged; a duplicate of a library entry is skipped and said so."""
    bib = _library(tmp_path)
    original = bib.read_bytes()
    code, lines = _run(FIXTURES / "zotero.ris", bib)
    assert code == 0
    assert lines == [
        "library.bib: added 'kallmes2009' (DOI 10.1056/NEJMoa0900563)",
        "library.bib: skipped zotero.ris:18: DOI 10.1056/NEJMoa0900429 is already in the library as 'buchbinder2009'",
        "library.bib: added 'vertebroplastynd' (no DOI or PMID)",
    ]
    written = bib.read_bytes()
    assert written.startswith(original)
    assert written[len(original) :].startswith(b"\n@article{kallmes2009,\n  author       = {Kallmes, David F. and")


def test_imported_entries_round_trip(tmp_path: Path) -> None:
    """The grown library parses cleanly, without a problem: imported entries are unclassified and unverified."""
    bib = _library(tmp_path)
    _run(FIXTURES / "zotero.ris", bib)
    _run(FIXTURES / "pubmed.nbib", bib)
    parsed = bibtexparser.parse_string(bib.read_text())
    assert parsed.failed_blocks == []
    library = parse(bib.read_bytes(), "library.bib")
    assert sorted(library) == ["buchbinder2009", "chandra2018", "kallmes2009", "vertebroplastynd"]
    assert library.problems == []
    assert {decode(library.entries[key]).status for key in ("kallmes2009", "chandra2018")} == {"unverified"}
    page = decode(library.entries["vertebroplastynd"])
    assert page.title == "Vertebroplasty & Kyphoplasty"
    chandra = library.entries["chandra2018"]
    assert (chandra.get("pmid"), chandra.get("pages"), chandra.get("status"), chandra.get("verified")) == (
        "29170272", "798--806", "unverified", "no",
    )  # fmt: skip
    assert "studytype" not in chandra.fields


def test_second_import_adds_nothing(tmp_path: Path) -> None:
    """Importing the same file again skips every record by its DOI or PMID and leaves the file as it was."""
    bib = _library(tmp_path)
    _run(FIXTURES / "pubmed.nbib", bib)
    before = bib.read_bytes()
    code, lines = _run(FIXTURES / "pubmed.nbib", bib)
    assert code == 0
    assert lines == [
        "library.bib: skipped pubmed.nbib:2: DOI 10.1056/NEJMoa0900429 is already in the library as 'buchbinder2009'",
        "library.bib: skipped pubmed.nbib:30: DOI 10.3174/ajnr.A5458 is already in the library as 'chandra2018'",
    ]
    assert bib.read_bytes() == before


def test_real_library_already_holds_every_fixture_record() -> None:
    """Against references.bib both NEJM trials (by DOI) and the patient page (by URL, having neither) are skipped."""
    code, lines = _run(FIXTURES / "zotero.ris", PROJECT / "references.bib", dry_run=True)
    assert code == 0
    assert len(lines) == 3
    assert lines[2].endswith("is already in the library as 'radiologypracticend'")
    assert lines[0].endswith("zotero.ris:1: DOI 10.1056/NEJMoa0900563 is already in the library as 'kallmes2009'")
    assert "as 'buchbinder2009'" in lines[1]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    """--dry-run prints what it would add, with the BibTeX, and leaves the library untouched."""
    bib = _library(tmp_path)
    before = bib.read_bytes()
    code, lines = _run(FIXTURES / "pubmed.nbib", bib, dry_run=True)
    assert code == 0
    assert "library.bib: would add 'chandra2018' (PMID 29170272)" in lines
    assert "@article{chandra2018," in lines[-1]
    assert bib.read_bytes() == before


def test_taken_key_gets_a_letter(tmp_path: Path) -> None:
    """A key already used by another entry gets the next free letter: kallmes2009a."""
    bib = tmp_path / "library.bib"
    bib.write_text((FIXTURES / "library.bib").read_text().replace("{buchbinder2009,", "{kallmes2009,"))
    _, lines = _run(FIXTURES / "zotero.ris", bib)
    assert lines[0] == "library.bib: added 'kallmes2009a' (DOI 10.1056/NEJMoa0900563)"


def test_duplicate_within_the_file_is_skipped(tmp_path: Path) -> None:
    """The same record twice in one export is added once; the second names the first's line."""
    bib = _library(tmp_path)
    ris = (FIXTURES / "zotero.ris").read_text().split("\n\n")[0] + "\n"
    source = tmp_path / "twice.ris"
    source.write_text(ris + "\n" + ris)
    _, lines = _run(source, bib)
    assert lines == [
        "library.bib: added 'kallmes2009' (DOI 10.1056/NEJMoa0900563)",
        "library.bib: skipped twice.ris:18: DOI 10.1056/NEJMoa0900563 is already the same as the record at line 1 "
        "('kallmes2009')",
    ]


def test_library_without_final_newline(tmp_path: Path) -> None:
    """A library whose last line has no newline keeps its bytes; the entry starts after a blank line."""
    bib = tmp_path / "library.bib"
    original = (FIXTURES / "library.bib").read_bytes().rstrip(b"\n")
    bib.write_bytes(original)
    _run(FIXTURES / "pubmed.nbib", bib)
    assert bib.read_bytes().startswith(original + b"\n\n@article{chandra2018,")


def test_library_with_windows_line_endings(tmp_path: Path) -> None:
    """A library written with CRLF line endings gets its new entries in CRLF too."""
    bib = tmp_path / "library.bib"
    original = (FIXTURES / "library.bib").read_bytes().replace(b"\n", b"\r\n")
    bib.write_bytes(original)
    _run(FIXTURES / "pubmed.nbib", bib)
    added = bib.read_bytes()[len(original) :]
    assert added.startswith(b"\r\n@article{chandra2018,\r\n") and b"\n" not in added.replace(b"\r\n", b"")


def test_broken_ris_reports_each_record_with_its_line(tmp_path: Path) -> None:
    """Stray text, a record without a title and an unclosed record are reported; the good record still imports."""
    bib = _library(tmp_path)
    code, lines = _run(_fixture("broken.ris", tmp_path), bib)
    assert code == 1
    assert lines == [
        "library.bib: added 'chandra2018' (DOI 10.3174/ajnr.A5458)",
        "broken.ris:1: text outside a RIS record (a record starts with 'TY  - ' and ends with 'ER  - ')",
        "broken.ris:2: record has no title; it was not imported (add the title to the export)",
        "broken.ris:17: RIS record is not closed at the end of the file; it was not imported "
        "(end it with a line 'ER  - ')",
    ]


def test_broken_pubmed_reports_the_line(tmp_path: Path) -> None:
    """A continuation line without its six spaces is reported at its own line; the next record still imports."""
    bib = _library(tmp_path)
    code, lines = _run(_fixture("broken.nbib", tmp_path), bib)
    assert code == 1
    assert lines == [
        "library.bib: added 'chandra2018' (PMID 29170272)",
        "broken.nbib:3: line is not in PubMed format; its record was not imported "
        "(start it with a tag padded to four characters and '- ', or six spaces to continue the line above)",
    ]


def test_unreadable_inputs_are_problems_not_tracebacks(tmp_path: Path) -> None:
    """Latin-1 bytes, BibTeX and an empty file each give one problem and exit 1; the library is untouched."""
    bib = _library(tmp_path)
    before = bib.read_bytes()
    latin = tmp_path / "latin.ris"
    latin.write_bytes(b"TY  - JOUR\nAU  - M\xfcller\nER  - \n")
    empty = tmp_path / "empty.nbib"
    empty.write_text("\n")
    assert _run(latin, bib) == (
        1,
        ["latin.ris:2: bytes that are not UTF-8 (byte 0xfc) (export the file as UTF-8 (Unicode))"],
    )
    assert _run(FIXTURES / "library.bib", bib)[1] == [
        "library.bib: cannot tell whether this is a RIS or a PubMed export "
        "(this looks like BibTeX: copy the entries into references.bib by hand)"
    ]
    assert _run(empty, bib)[1] == ["empty.nbib: no records found (is the file empty, or an export in another format?)"]
    assert bib.read_bytes() == before


def test_a_library_with_an_unreadable_entry_gets_nothing_added(tmp_path: Path) -> None:
    """An entry with an unclosed brace is text no entry holds: it could be one of the studies being imported (the
    check for duplicates cannot see it), so the import adds nothing and says where the library needs correcting."""
    bib = tmp_path / "library.bib"
    text = (FIXTURES / "library.bib").read_text()
    broken = text.replace("@article{buchbinder2009,", "@article{buchbinder2009,\n  note = {unclosed,", 1)
    assert broken != text
    bib.write_text(broken)
    code, lines = _run(FIXTURES / "zotero.ris", bib)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("library.bib:") and "'buchbinder2009'" in lines[0]
    assert lines[0].endswith(
        "; nothing was added: correct the library first, as this part could hold one of the studies)"
    )
    assert bib.read_text() == broken
    bib.write_text(text)  # corrected, the same import goes through
    assert _run(FIXTURES / "zotero.ris", bib)[0] == 0


def test_malformed_identifiers_are_not_imported(tmp_path: Path) -> None:
    """A record whose DOI is not a DOI is reported, not added with a broken link."""
    source = tmp_path / "bad-doi.ris"
    source.write_text(
        (FIXTURES / "zotero.ris").read_text().replace("DO  - 10.1056/NEJMoa0900563", "DO  - NEJMoa0900563")
    )
    code, lines = _run(source, _library(tmp_path))
    assert code == 1
    assert "bad-doi.ris:1: malformed DOI 'NEJMoa0900563'; the record was not imported (a DOI looks like" in lines[-1]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("50% & #1 a_b", r"50\% \& \#1 a\_b"),
        ("a {b} c", "a {b} c"),
        ("a } b {", r"a \} b \{"),
        ("x $y$ ~ ^ \\", r"x \$y\$ \textasciitilde{} \textasciicircum{} \textbackslash{}"),
    ],
)
def test_bibtex_escape(text: str, escaped: str) -> None:
    """LaTeX's special characters are escaped; balanced braces kept, unbalanced ones made literal."""
    assert bibtex_escape(text) == escaped


def test_escaped_values_parse_and_decode_back() -> None:
    """Every escaped value is one field to bibtexparser and decodes to the text it came from, braces included."""
    text = "50% & #1 a_b } {"
    record = Record(line=1, entry_type="misc", title=text, year="2009")
    library = parse(imports.entry_text(record, "x2009").encode(), "x.bib")
    assert library.problems == []
    assert decode(library.entries["x2009"]).title == text


@pytest.mark.parametrize(
    ("start", "end", "pages"),
    [("557", "68", "557--568"), ("1346", "55", "1346--1355"), ("557-68", "", "557--568"), ("k1551", "", "k1551")],
)
def test_page_ranges(start: str, end: str, pages: str) -> None:
    """PubMed's shortened end pages are written out in full, with BibTeX's en dash."""
    assert imports._pages(start, end) == pages


def test_cli_exit_codes(tmp_path: Path) -> None:
    """0 when all imported, 1 on problems, 2 on usage errors; never a traceback."""
    bib = _library(tmp_path)
    command = [sys.executable, "-m", "evidence_engine", "import"]
    runs = {
        0: [str(FIXTURES / "pubmed.nbib"), "--bib", str(bib)],
        1: [str(FIXTURES / "broken.ris"), "--bib", str(bib), "--dry-run"],
        2: [str(tmp_path / "missing.ris"), "--bib", str(bib)],
    }
    for code, args in runs.items():
        result = subprocess.run(command + args, cwd=PROJECT, capture_output=True, text=True, check=False)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    usage = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "usage:" in usage.stderr
