"""library.checks and library.normalise: what an entry must have, and fields as exports write them."""

from __future__ import annotations

from evidence_engine.library.load import parse


def messages(bib: str) -> list[str]:
    return [str(p) for p in parse(bib.encode(), "r.bib").problems]


def test_studytype_and_status_are_optional() -> None:
    """An entry without them is not a problem: it is shown as not classified and unverified."""
    bib = "@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2009}}"
    assert messages(bib) == []
    reference = parse(bib.encode(), "r.bib").reference("a")
    assert (reference.study_type, reference.study_type_label, reference.status) == ("", "Not classified", "unverified")


def test_study_type_label_is_the_vocabulary_label() -> None:
    """A classified entry shows its design as readers read it."""
    bib = b"@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2009}, studytype = {rct-sham}}"
    assert parse(bib, "r.bib").reference("a").study_type_label == "Sham-controlled randomised trial"


def test_an_unknown_study_type_is_still_a_problem_of_its_entry() -> None:
    """A misspelt design is reported at its line, with the closest term, and names its entry."""
    bib = "@misc{a,\n  title = {T},\n  year = {2009},\n  studytype = {sytematic-review}\n}"
    library = parse(bib.encode(), "r.bib")
    assert [str(p) for p in library.problems] == [
        "r.bib:4: unknown study type 'sytematic-review' in 'a' (did you mean 'systematic-review'?)"
    ]
    assert library.problems[0].entry == "a"


def test_missing_fields_name_the_entry() -> None:
    """The missing-field problem says which fields, and carries its entry."""
    library = parse(b"@article{a, author = {A, B}, title = {T}, year = {2009}}", "r.bib")
    assert [(str(p), p.entry) for p in library.problems] == [
        ("r.bib:1: entry 'a' (@article) is missing journal (add the field)", "a")
    ]


def test_biblatex_date_and_journaltitle_are_understood() -> None:
    """`date = {2009-08-06}` gives the year and `journaltitle` the journal, with no problem."""
    bib = "@article{a, author = {A, B}, title = {T}, journaltitle = {N Engl J Med}, date = {2009-08-06}}"
    assert messages(bib) == []
    reference = parse(bib.encode(), "r.bib").reference("a")
    assert (reference.get("journal"), reference.year) == ("N Engl J Med", "2009")
    assert parse(b"@misc{b, title = {T}, date = {2011/2012}}", "r.bib").reference("b").year == "2011"


def test_written_year_and_journal_win_over_the_biblatex_ones() -> None:
    """An entry with both keeps what it says in `year` and `journal`."""
    bib = b"@article{a, author={A, B}, title={T}, journal={J}, journaltitle={Other}, year={2010}, date={2009}}"
    reference = parse(bib, "r.bib").reference("a")
    assert (reference.get("journal"), reference.year) == ("J", "2010")


def test_eprint_gives_the_pmid_or_doi() -> None:
    """`eprint` with `eprinttype = {pmid}` (or pubmed) is the PubMed id; with `{doi}` the DOI."""
    pmid = parse(b"@misc{a, title={T}, year={2009}, eprinttype={pmid}, eprint={19657123}}", "r.bib").reference("a")
    doi = parse(b"@misc{a, title={T}, year={2009}, eprinttype={doi}, eprint={10.1056/X1}}", "r.bib").reference("a")
    assert (pmid.pmid, doi.doi) == ("19657123", "10.1056/X1")


def test_export_fields_are_accepted_silently() -> None:
    """Zotero and PubMed fields the site does not show give no problem."""
    bib = (
        "@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2009}, pmid = {19657123},"
        " langid = {english}, file = {Full Text:files/1/a.pdf:application/pdf}, abstract = {50% fewer & more},"
        " keywords = {spine, cement}}"
    )
    assert messages(bib) == []


def test_doi_links_are_normalised_to_the_bare_doi() -> None:
    """https://doi.org/, http://dx.doi.org/ and doi: prefixes are dropped, with no problem."""
    for written in ("https://doi.org/10.1056/X1", "http://dx.doi.org/10.1056/X1", "doi:10.1056/X1", "DOI: 10.1056/X1"):
        bib = f"@misc{{a, title={{T}}, year={{2009}}, doi={{{written}}}}}"
        assert messages(bib) == []
        assert parse(bib.encode(), "r.bib").reference("a").doi == "10.1056/X1"


def test_a_malformed_doi_is_still_reported() -> None:
    """What is not a DOI even without its prefix is a problem of its entry."""
    assert messages("@misc{a, title={T}, year={2009}, doi={https://doi.org/NEJMoa}}") == [
        "r.bib:1: malformed DOI in 'a': 'https://doi.org/NEJMoa' (a DOI looks like 10.1056/NEJMoa0900563)"
    ]


def test_several_urls_use_the_first_with_a_notice() -> None:
    """A url field holding several addresses links the first; a notice (not an error) says so."""
    bib = "@misc{a,\n  title = {T},\n  year = {2009},\n  url = {https://a.org/1\n         https://b.org/2}\n}"
    library = parse(bib.encode(), "r.bib")
    assert [str(p) for p in library.problems] == [
        "r.bib:4: 'url' of 'a' holds 2 addresses; the first is used (keep one, or move the others to a note)"
    ]
    assert not library.problems[0].is_error and library.problems[0].entry == "a"
    assert library.reference("a").url == "https://a.org/1"


def test_biblatex_sets_need_no_title() -> None:
    """A BibLaTeX @set groups other entries; it has no title or year of its own."""
    assert messages("@set{s, entryset = {a,b}}") == []


def test_a_partly_verified_entry_says_what_could_not_be_confirmed() -> None:
    """Its study page says "what we could not confirm is listed below": with nothing to list, that is untrue."""
    entry = "@article{a2020,\n author = {A, B},\n title = {T},\n journal = {J},\n year = {2020},\n status = {partial}"
    assert messages(entry + "\n}") == [
        "r.bib:6: 'a2020' is marked partly verified, but does not say what could not be confirmed (say it in"
        " 'unconfirmed', e.g. unconfirmed = {page numbers}; or set status = {verified})"
    ]
    assert messages(entry + ",\n  unconfirmed = {page numbers}\n}") == []
