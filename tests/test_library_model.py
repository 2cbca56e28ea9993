"""library.model: how a decoded entry names itself to readers."""

from __future__ import annotations

from evidence_engine.library.load import parse

ARTICLE = b'@article{mueller2020, author = {M{\\"u}ller, J}, title = {T}, journal = {J}, year = {2020}}'


def test_short_label_disambiguates_same_author_year() -> None:
    """Two 2020 papers by one author are told apart by the key's letter."""
    data = ARTICLE.replace(b"mueller2020", b"mueller2020b")
    assert parse(data, "r.bib").reference("mueller2020b").short_label == "Müller 2020b"


def test_short_label_without_an_author_uses_the_titles_opening_words() -> None:
    """An entry whose authors were never confirmed is labelled by its own title, never a bare year or invented name."""
    data = (
        b"@article{anon2010, title = {Prediction of long-term benefit after kyphoplasty}, journal = {J}, year = {2010}}"
    )
    assert parse(data, "r.bib").reference("anon2010").short_label == "Prediction of long-term… 2010"


def test_compared_pages_are_the_entries_marked_yes() -> None:
    """`compared = {yes}` or `{true}` marks a patient page the site compares; the entry and the library agree."""
    data = b"@online{p, title = {P}, compared = {Yes}}\n@online{q, title = {Q}, compared = {no}}"
    library = parse(data, "r.bib")
    assert library.compared_pages == ("p",)
    assert library.reference("p").is_compared_page and not library.reference("q").is_compared_page
