"""Problems parsing found: blocks bibtexparser could not read, duplicates, undefined macros — each at its line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from bibtexparser.model import Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from ..problems import Problem, did_you_mean, entry_input
from .macros import ResolveConcatenationMiddleware
from .model import RawEntry

BROKEN_KEY = re.compile(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()=]+)")


def broken_keys(blocks: Iterable[Block]) -> set[str]:
    """Keys of entries that could not be read: their citations are reported once, at the .bib, not on every page."""
    return {
        m[1] for block in blocks if isinstance(block, ParsingFailedBlock) and (m := BROKEN_KEY.match(block.raw or ""))
    }


def block_problems(
    blocks: Sequence[tuple[Block, str]], entries: Mapping[str, RawEntry], macros: Sequence[str]
) -> list[Problem]:
    """Undefined macros and duplicate keys (`unread_problems` has the blocks that are not entries at all). `blocks`
    with the file each came from; `macros`, the names `@string` defines (for did-you-mean)."""
    problems = []
    for block, path in blocks:
        if isinstance(block, Entry):
            problems += _undefined_macro_problems(block, path, macros)
        elif isinstance(block, DuplicateBlockKeyBlock):
            first = entries.get(block.key)
            where = f"first defined at {first.path}:{first.line}" if first else "defined twice"
            problems.append(
                Problem(path, _line(block), f"duplicate key '{block.key}'", f"{where}; rename or remove one")
            )
    return problems


def unread_problems(blocks: Sequence[tuple[Block, str]]) -> list[Problem]:
    """Blocks bibtexparser could not make into an entry: whatever they hold is unknown to the site (and to `import`,
    which would not see a duplicate there)."""
    problems = []
    for block, path in blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            names = ", ".join(f"'{name}'" for name in sorted(block.duplicate_keys))
            key = getattr(block.ignore_error_block, "key", "")
            message = f"duplicate field {names} in one entry"
            breaks = (entry_input(key),)
            problems.append(Problem(path, _line(block), message, "keep only one", entry=key, breaks=breaks))
        elif isinstance(block, ParsingFailedBlock) and not isinstance(block, DuplicateBlockKeyBlock):
            problems.append(_syntax_problem(block, path))
    return problems


def _undefined_macro_problems(entry: Entry, path: str, macros: Sequence[str]) -> list[Problem]:
    problems = []
    for name, macro in entry.parser_metadata.get(ResolveConcatenationMiddleware.UNDEFINED, []):
        line = next((f.start_line + 1 for f in entry.fields if f.key == name), (entry.start_line or 0) + 1)
        hint = did_you_mean(macro.lower(), macros) or "define it with @string, or put the value in braces"
        message = f"undefined @string macro '{macro}' in '{entry.key}'"
        problems.append(Problem(path, line, message, hint, entry=entry.key, breaks=(entry_input(entry.key),)))
    return problems


def _syntax_problem(block: ParsingFailedBlock, path: str) -> Problem:
    line = _line(block)
    key = m[1] if (m := BROKEN_KEY.match(block.raw or "")) else ""
    breaks = (entry_input(key),) if key else ()  # its citations, findings and summary rows follow from this one
    unclosed = _unclosed_field(block.raw or "")
    if unclosed:
        name, offset, closer = unclosed
        message = f"cannot parse entry '{key or '?'}': field '{name}' is not closed"
        return Problem(path, line + offset, message, f"end its value with {closer}", breaks=breaks)
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    return Problem(path, line, "cannot parse this entry", _syntax_hint(reason), breaks=breaks)


def _syntax_hint(reason: str) -> str:
    if "Expected comma after entry key" in reason:
        return "put a comma after the entry key"
    if "but found `@" in reason:  # the next entry began where this one's next field should
        return "the entry is not closed: a '}' is missing"
    if "field-value closing" in reason or "Unexpected block start" in reason:
        return "a brace or quote is not closed, or a comma is missing between fields"
    if "Unexpected end of file" in reason or "end of" in reason.lower():
        return "the entry is not closed: a '}' is missing"
    return reason.strip().rstrip(".") or "check braces, quotes and commas"


_MARKS = re.compile(r'(?<!\\)[{}"=\n]')
_FIELD_NAME = re.compile(r"([A-Za-z][\w:.+-]*)\s*$")
_FIELD_LINE = re.compile(r"\s*[A-Za-z][\w:.+-]*\s*=\s*[{\"\w]")


def _unclosed_field(text: str) -> tuple[str, int, str] | None:
    """The field whose value runs on into the next field's line: (name, line within the block, missing closer).

    bibtexparser only notices at the next entry, so its error points at the entry's first line.
    """
    depth, quoted, line = 0, False, 0
    field: tuple[str, int] | None = None
    for mark in _MARKS.finditer(text):
        char = mark[0]
        if char == "\n":
            line += 1
            if field and (depth > 1 or quoted) and _FIELD_LINE.match(text, mark.end()):
                return field[0], field[1], "'\"'" if quoted else "'}'"
        elif char == "=" and depth == 1 and not quoted:
            name = _FIELD_NAME.search(text, 0, mark.start())
            field = (name[1].lower(), line) if name else field
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif not quoted:
            depth += 1 if char == "{" else -1
    return None


def _line(block: Block) -> int:
    return (block.start_line or 0) + 1  # bibtexparser counts from 0; None only for blocks made in code
