"""Ready-made HTML that skips Markdown: the page source holds a placeholder comment, the HTML goes in later.

Two moments. `hold`: put in right after conversion, so the search index sees it (claim cards, study facts).
`hold_late`: put in only into the finished HTML file, after the search plugin has read the page — for what readers
see but search should not (reference lists, matrices, JSON-LD, backlinks).

Raw HTML written into Markdown is still parsed by Python-Markdown's HTML block parser, and everything in a page is
parsed again by the search plugin: at thousands of pages, those two parses of our HTML cost more than the engine.

Each build draws a random token that every placeholder carries, so an editor's own HTML comment can never stand for
a fragment (it would have to guess the token); a placeholder whose fragment is unknown is left as it is.
"""

from __future__ import annotations

import re
import secrets


class Fragments:
    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_hex(8)
        self._early: dict[str, str] = {}
        self._late: dict[str, str] = {}
        self._reserved: dict[str, str] = {}  # name → number of a late fragment whose HTML is known only later
        self._early_pattern = re.compile(rf"<!-- evidence-{self.token}-early (\d+) -->")
        self._late_pattern = re.compile(rf"<!-- evidence-{self.token}-late (\d+) -->")

    def hold(self, html: str) -> str:
        """A block-level placeholder to put in Markdown in place of `html`, released after conversion."""
        number = str(len(self._early))
        self._early[number] = html
        return f"\n\n<!-- evidence-{self.token}-early {number} -->\n\n"

    def hold_late(self, html: str) -> str:
        """A block-level placeholder released only into the final HTML file (never indexed by search)."""
        return f"\n\n{self.late_marker(html)}\n\n"

    def late_marker(self, html: str) -> str:
        """The bare placeholder comment, for places other than a Markdown block (e.g. inside a tree element)."""
        number = str(len(self._late))
        self._late[number] = html
        return f"<!-- evidence-{self.token}-late {number} -->"

    def reserve(self, name: str) -> str:
        """A late placeholder whose HTML is given later with `fill` (a study's backlinks, known once every page is
        rendered); until then, and if never filled, it stays as it is."""
        number = str(len(self._late))
        self._late[number] = ""
        self._reserved[name] = number
        return f"<!-- evidence-{self.token}-late {number} -->"

    def fill(self, name: str, html: str) -> None:
        if name in self._reserved:
            self._late[self._reserved.pop(name)] = html

    def release(self, html: str) -> str:
        """The converted page with every early placeholder replaced by its HTML."""
        return _replace(self._early_pattern, self._early, html)

    def release_late(self, html: str) -> str:
        """The finished HTML file with every late placeholder replaced; each fragment is released once, then freed."""
        return _replace(self._late_pattern, self._late, html, free=True)


def _replace(pattern: re.Pattern[str], held: dict[str, str], html: str, free: bool = False) -> str:
    if "<!-- evidence-" not in html:
        return html

    def fragment(match: re.Match[str]) -> str:
        found = held.pop(match[1], None) if free else held.get(match[1])
        return match[0] if found is None else found

    return pattern.sub(fragment, html)
