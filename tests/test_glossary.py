"""glossary: `*[TERM]: definition` lines parsed, and the glossary page made from them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from evidence_engine.glossary import GlossaryTerm, glossary_markdown, parse_glossary

from .views_support import PAYLOAD, only_text


def test_abbreviation_lines_are_parsed_and_sorted() -> None:
    """Only `*[TERM]: definition` lines count; terms are sorted without regard to case."""
    text = "*[VP]: Vertebroplasty.\nSome prose.\n*[kyphoplasty]: Balloon first.\n*[AAOS]:   A society.  \n"
    assert parse_glossary(text) == [
        GlossaryTerm("AAOS", "A society."),
        GlossaryTerm("kyphoplasty", "Balloon first."),
        GlossaryTerm("VP", "Vertebroplasty."),
    ]


def test_each_term_has_an_anchor_and_its_definition() -> None:
    """A term's id is its lower-cased words joined by hyphens, so pages can link a definition; each term is a
    heading, so that search finds its definition as a result of its own."""
    page = BeautifulSoup(glossary_markdown([GlossaryTerm("Sham RCT", "A fake-procedure trial.")]), "html.parser")
    term = page.select_one(".glossary h2")
    assert (term["id"], term.text, term.find_next_sibling("p").text) == (
        "sham-rct",
        "Sham RCT",
        "A fake-procedure trial.",
    )


def test_editor_markup_in_a_term_or_definition_is_text() -> None:
    """Markup in the glossary file is escaped on the glossary page."""
    page = BeautifulSoup(glossary_markdown([GlossaryTerm(PAYLOAD, PAYLOAD)]), "html.parser")
    assert only_text(page)
    assert page.h2.text == PAYLOAD and page.h2.find_next_sibling("p").text == PAYLOAD


def test_the_page_has_its_title() -> None:
    """The generated page carries front matter with its title, then its heading."""
    assert glossary_markdown([]).startswith("---\ntitle: Glossary\n---\n\n# Glossary\n")
