"""Material's theme as the glue uses it: what it mends in Material's page HTML (at build time rather than by a
script, so that it holds before any script runs, and for readers without scripts), and its templates compiled once
per process."""

from __future__ import annotations

import jinja2
import jinja2.bccache

# Material's search panel is a dialog without a name, which screen readers announce as an unnamed dialog (axe:
# aria-dialog-name). Its markup is fixed by the pinned Material release; a test builds a page and looks for the name.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def mend(html: str) -> str:
    """The page with Material's search dialog named."""
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


class CompiledTemplates(jinja2.BytecodeCache):
    """Material's templates compiled once per process. MkDocs makes a new Jinja environment for every build, so
    `mkdocs serve` compiled all of them again on each save (~0.4 s of a 4 s rebuild at 5,000 references). Jinja
    keys each by the template's name and checks its source's checksum: an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()
