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
        _refuse_repeated_keys(node)
        try:
            return node, (loader.construct_document(node) if node is not None else None)
        except ValueError:  # a date YAML recognises but the calendar lacks (2026-02-30): PyYAML does not say where
            raise _impossible_date(node, loader) from None
    finally:
        loader.dispose()


def _refuse_repeated_keys(node: yaml.Node | None) -> None:
    """A field given twice in one mapping is an error at its second line: YAML would keep only the last value, and
    the editor's first would vanish without a word."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.SequenceNode):
            pending += current.value
        elif isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if key.value in seen:
                        problem = f"'{key.value}' is given twice, and only the last would count"
                        raise yaml.constructor.ConstructorError(None, None, problem, key.start_mark)
                    seen[key.value] = key.start_mark.line
                pending.append(value)


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


# YAML's words for the mistakes editors make most, in theirs.
_REASONS = (
    ("found character '\\t'", "a tab character: indent with spaces"),
    (
        "expected <block end>, but found '<block mapping start>'",
        "this line is indented differently from the lines around it",
    ),
    ("expected <block end>, but found '<scalar>'", "text YAML did not expect here (is a quote above left open?)"),
    ("mapping values are not allowed here", "a ':' YAML did not expect (quote a value that contains ': ')"),
)


def error_place(error: yaml.YAMLError) -> tuple[int, str]:
    """(1-based line within the YAML text, reason) of a YAML error: where an unclosed quote or bracket began, else
    the line YAML stopped at. (For other errors YAML's context is the start of the enclosing block, often many lines
    above the mistake.)"""
    context = getattr(error, "context", None) or ""
    opened = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    mark = (getattr(error, "context_mark", None) if opened else None) or getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or "invalid YAML"
    reason = next((plain for words, plain in _REASONS if reason.startswith(words)), reason)
    return (mark.line + 1 if mark else 1), reason
