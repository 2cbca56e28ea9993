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
        try:
            return node, (loader.construct_document(node) if node is not None else None)
        except ValueError:  # a date YAML recognises but the calendar lacks (2026-02-30): PyYAML does not say where
            raise _impossible_date(node, loader) from None
    finally:
        loader.dispose()


TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _impossible_date(node: yaml.Node, loader: Any) -> yaml.YAMLError:
    """The error of the first date in `node` that is not a day of the calendar, at its line."""
    pending = [node]
    while pending:
        current = pending.pop(0)
        if isinstance(current, yaml.ScalarNode) and current.tag == TIMESTAMP:
            try:
                yaml.SafeLoader.construct_yaml_timestamp(loader, current)
            except ValueError:
                problem = f"'{current.value}' is not a real date; dates are written YYYY-MM-DD"
                return yaml.constructor.ConstructorError(None, None, problem, current.start_mark)
        elif isinstance(current, yaml.SequenceNode):
            pending += current.value
        elif isinstance(current, yaml.MappingNode):
            pending += [part for pair in current.value for part in pair]
    return yaml.constructor.ConstructorError(None, None, "a value YAML cannot read", node.start_mark)


def error_place(error: yaml.YAMLError) -> tuple[int, str]:
    """(1-based line within the YAML text, reason) of a YAML error: where an unclosed bracket or quote began, when
    YAML says so, else where it noticed the problem."""
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    return (mark.line + 1 if mark else 1), getattr(error, "problem", None) or "invalid YAML"
