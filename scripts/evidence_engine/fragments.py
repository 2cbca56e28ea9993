"""Ready-made HTML that skips Markdown: the page source holds a placeholder comment, the HTML goes in later.

Two moments. `hold`: put in right after conversion, so the search index sees it (claim cards, study facts).
`hold_late`: put in only into the finished HTML file, after the search plugin has read the page — for what readers
see but search should not (reference lists, tooltips, matrices, JSON-LD, backlinks).

Raw HTML written into Markdown is still parsed by Python-Markdown's HTML block parser, and everything in a page is
parsed again by the search plugin: at thousands of pages, those two parses of our HTML cost more than the engine.
"""

from __future__ import annotations

import re

EARLY = re.compile(r"<!-- evidence-fragment (\d+) -->")
LATE = re.compile(r"<!-- evidence-late (\d+) -->")


class Fragments:
    def __init__(self) -> None:
        self._early: list[str] = []
        self._late: list[str] = []

    def hold(self, html: str) -> str:
        """A block-level placeholder to put in Markdown in place of `html`, released after conversion."""
        self._early.append(html)
        return f"\n\n<!-- evidence-fragment {len(self._early) - 1} -->\n\n"

    def hold_late(self, html: str) -> str:
        """A block-level placeholder released only into the final HTML file (never indexed by search)."""
        return f"\n\n{self.late_marker(html)}\n\n"

    def late_marker(self, html: str) -> str:
        """The bare placeholder comment, for places other than a Markdown block (e.g. inside a tree element)."""
        self._late.append(html)
        return f"<!-- evidence-late {len(self._late) - 1} -->"

    def release(self, html: str) -> str:
        """The converted page with every early placeholder replaced by its HTML."""
        if "evidence-fragment" not in html:
            return html
        return EARLY.sub(lambda match: self._early[int(match[1])], html)

    def release_late(self, html: str) -> str:
        """The finished HTML file with every late placeholder replaced."""
        if "evidence-late" not in html:
            return html
        return LATE.sub(lambda match: self._late[int(match[1])], html)
