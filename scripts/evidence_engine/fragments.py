"""Ready-made HTML that skips Markdown: the page source holds a placeholder comment, the HTML goes in after conversion.

Raw HTML written into Markdown is still parsed by Python-Markdown's HTML block parser, which at thousands of study
pages cost more than the engine itself; a one-line comment costs nothing.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"<!-- evidence-fragment (\d+) -->")


class Fragments:
    def __init__(self) -> None:
        self._html: list[str] = []

    def hold(self, html: str) -> str:
        """A block-level placeholder to put in Markdown in place of `html`."""
        self._html.append(html)
        return f"\n\n<!-- evidence-fragment {len(self._html) - 1} -->\n\n"

    def release(self, html: str) -> str:
        """The converted page with every placeholder replaced by its HTML."""
        if "evidence-fragment" not in html:
            return html
        return PLACEHOLDER.sub(lambda match: self._html[int(match[1])], html)
