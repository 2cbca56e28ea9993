"""The glossary: one file of `*[TERM]: definition` lines gives both hover definitions site-wide (Python-Markdown's
`abbr`, appended to every page by pymdownx.snippets) and the generated glossary page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .templating import render_markdown

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str


def parse_glossary(text: str) -> list[GlossaryTerm]:
    terms = [GlossaryTerm(m["term"], m["definition"]) for line in text.splitlines() if (m := ABBREVIATION.match(line))]
    return sorted(terms, key=lambda t: t.term.lower())


def glossary_markdown(terms: list[GlossaryTerm]) -> str:
    return render_markdown("glossary.md", terms=[(term, _anchor(term.term)) for term in terms])


def _anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
