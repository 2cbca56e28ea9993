"""YAML as editors write it (claim blocks, front matter, findings, summaries, corrections), read by libyaml.

libyaml (PyYAML's C parser) reads a document about five times faster than PyYAML's own parser, which is most of
what a rebuild under `mkdocs serve` spends on YAML. A document libyaml rejects is read again by PyYAML's own parser,
so a problem keeps the words and the line the editors' guide documents (and a document only libyaml objects to
still reads).
"""

from __future__ import annotations

from typing import Any

import yaml

FAST_BASE: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
FAST_SAFE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(text: str, fast: type[Any], exact: type[Any]) -> tuple[yaml.Node | None, Any]:
    """(the document's node, its value), read by `fast`, a C loader; when that fails, by `exact`, the same loader in
    pure Python, whose `yaml.YAMLError` the caller reports."""
    try:
        return _read(text, fast)
    except yaml.YAMLError:
        return _read(text, exact)


def _read(text: str, loader_class: type[Any]) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def error_place(error: yaml.YAMLError) -> tuple[int, str]:
    """(1-based line within the YAML text, reason) of a YAML error: where an unclosed bracket or quote began, when
    YAML says so, else where it noticed the problem."""
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    return (mark.line + 1 if mark else 1), getattr(error, "problem", None) or "invalid YAML"
