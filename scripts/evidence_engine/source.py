"""Which parts of a page's Markdown are prose: the one scanner every feature that reads the source uses.

Claims are found and citations located in the source (to give problems their line numbers) before Python-Markdown
renders it, so this scanner must agree with what Python-Markdown and pymdownx treat as code: fenced blocks of any
length (closed only by a fence of the same character at least as long), indented code (four spaces after a blank line,
unless the indent continues a list item or an admonition), code spans and HTML comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
CONTAINER = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|///)")  # list items, admonitions, details, blocks
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
COMMENT_START, COMMENT_END = "<!--", "-->"


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based, counted in the text scanned
    raw: str
    prose: str  # the line with code spans and HTML comments blanked; empty for a line of code
    is_code: bool = False


def scan(markdown: str) -> list[SourceLine]:
    """Every line of `markdown`, with what of it is prose."""
    result = []
    fence = ""
    in_comment = in_container = in_indented_code = False
    previous_blank = True
    for number, raw in enumerate(markdown.splitlines(), start=1):
        blank = not raw.strip()
        indented = raw.startswith(("    ", "\t")) and not blank
        if fence:
            fence = "" if _closes(fence, raw) else fence
            code = True
        elif in_comment:
            code = False
        else:
            if not blank:
                # Indented code starts after a blank line outside a list or admonition and goes on, over blank
                # lines, until a line that is not indented.
                in_indented_code = indented and (in_indented_code or (previous_blank and not in_container))
            match = None if in_indented_code else FENCE.match(raw)
            fence = match["fence"] if match else ""
            code = in_indented_code or bool(match)
        if code:
            result.append(SourceLine(number, raw, "", is_code=True))
        else:
            prose, in_comment = _without_comments(raw, in_comment)
            result.append(SourceLine(number, raw, CODE_SPAN.sub(lambda m: " " * len(m[0]), prose)))
            if not blank and not indented:
                in_container = bool(CONTAINER.match(raw))
        previous_blank = blank
    return result


def _closes(fence: str, line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with HTML comment text blanked, and whether a comment is still open at its end."""
    out, position = [], 0
    while position < len(line):
        marker = COMMENT_END if in_comment else COMMENT_START
        found = line.find(marker, position)
        end = len(line) if found < 0 else found + (len(marker) if in_comment else 0)
        out.append(" " * (end - position) if in_comment else line[position:end])
        if found < 0:
            break
        position = end if in_comment else found
        in_comment = not in_comment
    return "".join(out), in_comment
