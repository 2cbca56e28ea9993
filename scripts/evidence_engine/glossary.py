"""The glossary: one file of `*[TERM]: definition` lines gives both hover definitions site-wide (Python-Markdown's
`abbr`, appended to every page by pymdownx.snippets) and the generated glossary page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str


def parse_glossary(text: str) -> list[GlossaryTerm]:
    terms = [GlossaryTerm(m["term"], m["definition"]) for line in text.splitlines() if (m := ABBREVIATION.match(line))]
    return sorted(terms, key=lambda t: t.term.lower())


def glossary_markdown(terms: list[GlossaryTerm]) -> str:
    items = "".join(
        f'<dt id="{escape(_anchor(t.term))}">{escape(t.term)}</dt><dd>{escape(t.definition)}</dd>' for t in terms
    )
    return (
        "---\ntitle: Glossary\n---\n\n# Glossary\n\n"
        "Words used on this site, in plain language. Wherever one of these words appears on a page, hover over it "
        "or tap it to see its meaning.\n\n"
        f'<dl class="glossary">{items}</dl>\n'
    )


def _anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
