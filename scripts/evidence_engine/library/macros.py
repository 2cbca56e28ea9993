"""`@string` macros and `#` concatenation, resolved during parsing.

bibtexparser's ResolveStringReferencesMiddleware replaces a field whose whole value is one macro name (`journal =
nejm`); a concatenation (`title = nejm # " trial"`), a macro defined with `#`, and an undefined name stay as written,
and would be printed raw. This middleware runs after it and resolves what is left, as BibTeX does; each undefined
name is recorded in the entry's parser metadata for the loader to report.
"""

from __future__ import annotations

import re

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware

Value = tuple[str, tuple[str, ...]]  # text, and the undefined names used in it

# BibTeX's predefined macros (plain.bst and every standard style).
# fmt: off
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# fmt: on
PREDEFINED: dict[str, Value] = {month[:3].lower(): (month, ()) for month in MONTHS}


class ResolveConcatenationMiddleware(LibraryMiddleware):
    """Resolve what ResolveStringReferencesMiddleware leaves: `#` expressions, macros built with them, and names
    no `@string` defines (kept as written, listed in `parser_metadata[UNDEFINED]` as (field, name) pairs)."""

    UNDEFINED = "undefined_macros"

    @classmethod
    def metadata_key(cls) -> str:
        return "ResolveConcatenation"

    def transform(self, library: Library) -> Library:
        library = super().transform(library)
        macros: dict[str, Value] = dict(PREDEFINED)
        for string in library.strings:  # in file order: a macro may use those defined before it
            if isinstance(string.value, str):
                text, undefined = evaluate(string.value, macros)
                macros[string.key.lower()] = (text, undefined)
        for entry in library.entries:
            undefined_names: list[tuple[str, str]] = []
            for field in entry.fields:
                if isinstance(field.value, str) and is_expression(field.value):
                    text, undefined = evaluate(field.value, macros)
                    field.value = "{" + text + "}"
                    undefined_names += [(field.key, name) for name in undefined]
            if undefined_names:
                entry.parser_metadata[self.UNDEFINED] = undefined_names
        return library


def is_expression(value: str) -> bool:
    """Not one braced or quoted value, nor a number: a macro name or a `#` concatenation."""
    if value[:1] in ("{", '"') and "#" not in value:  # nearly every value: skip the scan
        return False
    parts = split_concatenation(value)
    return not (len(parts) == 1 and (_is_enclosed(parts[0]) or parts[0].isdigit()))


def evaluate(value: str, macros: dict[str, Value]) -> Value:
    texts: list[str] = []
    undefined: list[str] = []
    for part in split_concatenation(value):
        if _is_enclosed(part) or part.isdigit():
            texts.append(part[1:-1] if _is_enclosed(part) else part)
        elif part.lower() in macros:
            text, inner_undefined = macros[part.lower()]
            texts.append(text)
            undefined += inner_undefined
        elif part:
            texts.append(part)  # BibTeX prints nothing for it; the name itself at least shows where it went wrong
            undefined.append(part)
    return "".join(texts), tuple(undefined)


def split_concatenation(value: str) -> list[str]:
    """The operands of `a # "b" # {c}`: `#` inside braces or quotes is text."""
    parts, depth, quoted, start = [], 0, False, 0
    for mark in _MARKS.finditer(value):
        char, index = mark[0], mark.start()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


_MARKS = re.compile(r'(?<!\\)[{}"#]')  # a backslash escapes the next character, as in bibtexparser's splitter


def _is_enclosed(part: str) -> bool:
    return len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"'))
