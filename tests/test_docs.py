"""The editors' documentation covers every problem the engine can report.

The messages are read from the engine's source, not listed here: every `Problem(...)` call (or a helper that passes
its message on to one) gives a template, with each `{…}` of an f-string as a placeholder. Names are followed to the
string assignments, loop tuples and call arguments they come from, so `f"unknown {what} '{value}'"` in a loop over
`("study type", …), ("status", …)` gives both messages. A new message fails this test until problems.md explains it.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
ENGINE = PROJECT / "scripts"
CATALOGUE = PROJECT / "docs" / "editors" / "problems.md"
HOLE = None  # a placeholder in a template: a value only known when the problem is found


@dataclass(frozen=True)
class Template:
    parts: tuple[str | None, ...]  # literal text, or HOLE
    origin: str  # file:line of the Problem(...) call

    def __str__(self) -> str:
        return "".join("…" if part is HOLE else part for part in self.parts)

    def documented_by(self, example: str) -> bool:
        """True if the catalogue's example is this message, or its start cut after a word (the docs may leave out
        trailing context such as " in 'key': 'value'"), with any text standing in for each placeholder."""
        without_hint = re.sub(r" \([^()]*\)$", "", example.strip())  # `message (hint)`, as the build prints it
        return any(re.fullmatch(cut, text) for cut in self._cuts() for text in {example.strip(), without_hint})

    def _cuts(self) -> Iterator[str]:
        """Regexes for the message cut after each word from the second on; a cut may drop a trailing ':' or '('."""
        pattern, words = "", 0
        for index, part in enumerate(self.parts):
            if part is HOLE:
                following = self.parts[index + 1] if index + 1 < len(self.parts) else ""
                quoted = pattern.endswith("'") and (following or "").startswith("'")
                pattern += "[^']+?" if quoted else ".+?"  # a quoted value holds no quote
                words += 1
                if words >= 2:  # at least two words, so that a bare "unknown" documents nothing
                    yield pattern
                continue
            for piece in re.split(r"(?<=\S)(?=\s)", part):
                before, pattern = pattern, pattern + re.escape(piece)
                words += bool(piece.strip())
                if words >= 2:
                    yield pattern
                    yield before + re.escape(piece.rstrip(" :("))


def _literal_words(template: Template) -> int:
    return sum(len(part.split()) for part in template.parts if part is not HOLE)


class _Scope:
    """A module, with what its functions assign, so that a name in a message can be followed to its values."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}

    def enclosing_functions(self, node: ast.AST) -> Iterator[ast.FunctionDef]:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                yield node

    def values(self, name: str, at: ast.AST, depth: int) -> list[tuple[str | None, ...]]:
        """Every template a local name can hold at `at`: from assignments, `for` tuples, or the function's callers."""
        for function in self.enclosing_functions(at):
            found = list(self._assigned(function, name, depth)) + list(self._looped(function, name, depth))
            if found:
                return found
            if name in [argument.arg for argument in function.args.args]:
                return self._passed(function, name, depth) or [(HOLE,)]
        return [(HOLE,)]

    def _assigned(self, function: ast.FunctionDef, name: str, depth: int) -> Iterator[tuple[str | None, ...]]:
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == name for target in node.targets
            ):
                yield from self.templates(node.value, depth + 1)

    def _looped(self, function: ast.FunctionDef, name: str, depth: int) -> Iterator[tuple[str | None, ...]]:
        for node in ast.walk(function):
            if not (isinstance(node, ast.For) and isinstance(node.target, ast.Tuple)):
                continue
            names = [element.id if isinstance(element, ast.Name) else "" for element in node.target.elts]
            if name not in names:
                continue
            rows = self._tuple_rows(node.iter, function)
            for row in rows:
                if isinstance(row, ast.Tuple) and len(row.elts) == len(names):
                    yield from self.templates(row.elts[names.index(name)], depth + 1)

    @staticmethod
    def _tuple_rows(iterable: ast.expr, function: ast.FunctionDef) -> list[ast.expr]:
        if isinstance(iterable, ast.Name):  # `checks = (...)` then `for ... in checks`
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == iterable.id for t in node.targets
                ):
                    iterable = node.value
                    break
        return list(iterable.elts) if isinstance(iterable, ast.Tuple | ast.List) else []

    def _passed(self, function: ast.FunctionDef, name: str, depth: int) -> list[tuple[str | None, ...]]:
        index = [argument.arg for argument in function.args.args].index(name)
        found: list[tuple[str | None, ...]] = []
        for call in ast.walk(self.tree):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == function.name:
                argument = next((k.value for k in call.keywords if k.arg == name), None)
                if argument is None and index < len(call.args):
                    argument = call.args[index]
                if argument is not None:
                    found += self.templates(argument, depth + 1)
        return found

    def templates(self, node: ast.expr, depth: int = 0) -> list[tuple[str | None, ...]]:
        """The message templates an expression can produce, each a tuple of literal parts and HOLEs."""
        if depth > 6:
            return [(HOLE,)]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [(node.value,)]
        if isinstance(node, ast.IfExp):
            return self.templates(node.body, depth) + self.templates(node.orelse, depth)
        if isinstance(node, ast.JoinedStr):
            choices = []
            for index, value in enumerate(node.values):
                if isinstance(value, ast.Constant):
                    choices.append([(value.value,)])
                elif isinstance(value.value, ast.Name) and value.format_spec is None and not _quoted(node, index):
                    choices.append(self.values(value.value.id, node, depth))
                else:  # an expression, or a quoted value such as '{key}' (data, whatever its fallback)
                    choices.append([(HOLE,)])
            return [tuple(itertools.chain.from_iterable(combination)) for combination in itertools.product(*choices)]
        if isinstance(node, ast.Name):
            return self.values(node.id, node, depth)
        return [(HOLE,)]


def _quoted(node: ast.JoinedStr, index: int) -> bool:
    """True if the f-string's value at `index` is written between quotes, as `'{key}'`."""
    if index == 0 or index + 1 >= len(node.values):
        return False
    before, after = node.values[index - 1], node.values[index + 1]
    return (
        isinstance(before, ast.Constant)
        and str(before.value).endswith("'")
        and isinstance(after, ast.Constant)
        and str(after.value).startswith("'")
    )


def _message_argument(call: ast.Call, message_index: int) -> ast.expr | None:
    keyword = next((k.value for k in call.keywords if k.arg == "message"), None)
    if keyword is not None:
        return keyword
    return call.args[message_index] if len(call.args) > message_index else None


def _forwarders(scope: _Scope) -> dict[str, int]:
    """Helpers such as `report(name, message, hint)` that pass one of their parameters on as a Problem's message."""
    found = {}
    for function in scope.functions.values():
        parameters = [argument.arg for argument in function.args.args]
        for call in ast.walk(function):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "Problem":
                message = _message_argument(call, 2)
                if isinstance(message, ast.Name) and message.id in parameters:
                    found[function.name] = parameters.index(message.id)
    return found


def message_templates(source: str, origin: str) -> list[Template]:
    """Every message template in one module's source."""
    scope = _Scope(ast.parse(source))
    forwarders = _forwarders(scope)
    found = []
    for call in ast.walk(scope.tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        if call.func.id == "Problem":
            message = _message_argument(call, 2)
        elif call.func.id in forwarders:
            message = _message_argument(call, forwarders[call.func.id])
        else:
            continue
        for parts in scope.templates(message) if message is not None else []:
            template = Template(_merge(parts), f"{origin}:{call.lineno}")
            if _literal_words(template) >= 1:  # a bare variable (e.g. a cached problem read back) is no kind
                found.append(template)
    return found


def engine_templates() -> list[Template]:
    """Every message template in scripts/ (the engine and its MkDocs glue)."""
    return [
        template
        for path in sorted(ENGINE.rglob("*.py"))
        for template in message_templates(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT)))
    ]


def _merge(parts: tuple[str | None, ...]) -> tuple[str | None, ...]:
    merged: list[str | None] = []
    for part in parts:
        if part is not HOLE and merged and merged[-1] is not HOLE:
            merged[-1] += part
        elif not (part is HOLE and merged and merged[-1] is HOLE):
            merged.append(part)
    return tuple(merged)


def catalogue_examples() -> list[str]:
    """The message examples in problems.md: the code spans that start a table row (after an optional 'notice:')."""
    examples = []
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*(?:notice:\s*)?`([^`]+)`", line)
        if match:
            examples.append(match[1])
    return examples


SAMPLE_MODULE = """
def load(path, key, value, byte, empty, rows):
    Problem(path, 0, "library not found")
    Problem(path, 1, f"duplicate key '{key}'", "rename one")
    message = "'sources' must map keys"
    Problem(path, 2, message)
    for name, what in (("studytype", "study type"), ("status", "status")):
        Problem(path, 3, f"unknown {what} '{value}'")
    checks = (("doi", "malformed DOI"), ("pmid", "malformed PMID"))
    for field, text in checks:
        Problem(path, 4, f"{text} in '{key}'")
    Problem(path, 5, "no evidence" if empty else f"missing '{field}'")
    Problem(path, 6, message=f"bytes 0x{byte:02x}")
    return [Problem(p, ln, m) for p, ln, m in rows]

def build(data, path):
    def report(name, message, hint=""):
        problems.append(Problem(path, 7, message, hint))
    report("x", f"unknown field '{data}'")
    vocabulary(data, "verdict", report)

def vocabulary(data, name, report):
    report(name, f"unknown {name} '{data[name]}'")
"""


def test_the_scan_finds_messages_however_they_are_written() -> None:
    """Literal, f-string, variable, loop-tuple, conditional, keyword and helper-passed messages are all found."""
    assert {str(template) for template in message_templates(SAMPLE_MODULE, "sample.py")} == {
        "library not found",
        "duplicate key '…'",
        "'sources' must map keys",
        "unknown study type '…'",
        "unknown status '…'",
        "malformed DOI in '…'",
        "malformed PMID in '…'",
        "no evidence",
        "missing '…'",
        "bytes 0x…",
        "unknown field '…'",
        "unknown verdict '…'",
    }


@pytest.mark.parametrize(
    ("template", "example", "documented"),
    [
        ("unknown citation key '{}'", "unknown citation key 'kallmes2090' (did you mean 'kallmes2009'?)", True),
        ("malformed PMID in '{}': '{}'", "malformed PMID", True),  # trailing context left out
        ("claim metadata is not valid YAML: {}", "claim metadata is not valid YAML", True),
        ("claim '{}' has no '/// claim' block", "claim 'X' has no '/// claim' block", True),
        ("unknown {} '{}'", "unknown", False),  # one word documents nothing
        ("claim '{}' has no '/// claim' block", "claim id 'X' is not lowercase", False),
        ("cannot use this block", "cannot parse this entry", False),
    ],
)
def test_a_catalogue_example_documents_its_message(template: str, example: str, documented: bool) -> None:
    """An example documents a message it spells out, or spells out the start of, with any text in each placeholder."""
    parts = tuple(HOLE if part == "{}" else part for part in re.split(r"(\{\})", template) if part)
    assert Template(parts, "sample.py:1").documented_by(example) is documented


def test_the_engine_scan_is_not_empty() -> None:
    """The scan of scripts/ finds the engine's messages (a broken scan would otherwise find nothing to miss)."""
    messages = {str(template) for template in engine_templates()}
    assert len(messages) >= 30
    assert "reference library not found" in messages


def test_every_message_the_engine_can_emit_is_in_the_catalogue() -> None:
    """Each problem the engine can report is explained in docs/editors/problems.md."""
    examples = catalogue_examples()
    missing = sorted(
        {
            f"{template}  ({template.origin})"
            for template in engine_templates()
            if not any(template.documented_by(example) for example in examples)
        }
    )
    assert not missing, "not in docs/editors/problems.md:\n" + "\n".join(missing)
