"""A page's source as an editor wrote it: its bytes decoded, its YAML front matter read, every problem kept.

MkDocs itself renders broken front matter as text and stops with a traceback on bytes that are not UTF-8; every page
is read here first, so that both become a `path:line` problem and the page still builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import textfile, yamltext
from .problems import Problem

FRONT_MATTER_END = ("---", "...")


@dataclass(frozen=True)
class PageSource:
    """A page's Markdown without its front matter, and where it sits in its file."""

    src_path: str  # relative to docs_dir, e.g. `claims/risks.md`
    display_path: str  # as printed in problems, e.g. `docs/claims/risks.md`
    markdown: str
    first_line: int = 1  # line of the file that `markdown` starts on
    meta: Mapping[str, Any] = field(default_factory=dict)  # the page's front matter


@dataclass(frozen=True)
class ReadPage:
    source: PageSource
    text: str  # the whole file as text (undecodable bytes replaced), for MkDocs to render
    problems: tuple[Problem, ...] = ()


def read_page(src_path: str, display_path: str, data: bytes) -> ReadPage:
    """Decode a page and split off its front matter; never raises."""
    text, problems = textfile.decode(data, display_path)
    markdown, first_line, meta, front_problems = split_front_matter(text, display_path)
    source = PageSource(src_path, display_path, markdown, first_line, meta)
    return ReadPage(source, text, tuple(problems + front_problems))


def split_front_matter(text: str, display_path: str = "") -> tuple[str, int, dict[str, Any], list[Problem]]:
    """(Markdown after the front matter, the file line it starts on, the front matter, problems in it)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return text, 1, {}, []
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in FRONT_MATTER_END), None)
    if end is None:
        hint = "end it with a line '---', or remove the first line if this is not front matter"
        return text, 1, {}, [Problem(display_path, 1, "front matter is not closed", hint)]
    rest = "".join(lines[end + 1 :])
    markdown = rest.lstrip("\n")
    first_line = end + 2 + (len(rest) - len(markdown))
    try:
        _, meta = yamltext.read("".join(lines[1:end]), yamltext.FAST_SAFE, yaml.SafeLoader)
    except yaml.YAMLError as error:
        line, reason = yamltext.error_place(error)
        line += 1  # the front matter's text starts on the file's second line
        hint = "quote values that contain ':', '[' or '{', and indent with spaces"
        problem = Problem(display_path, line, f"front matter is not valid YAML: {reason}", hint)
        return markdown, first_line, {}, [problem]
    if meta is None:
        return markdown, first_line, {}, []
    if not isinstance(meta, dict):
        return markdown, first_line, {}, [Problem(display_path, 2, "front matter must be 'key: value' lines", "")]
    return markdown, first_line, meta, []
