"""Problems found in editors' input, reported as data and printed as `path:line: message (hint)`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    ERROR = "error"  # fails `mkdocs build --strict` and `check`
    NOTICE = "notice"  # reported, never fails (e.g. an unused reference)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # The library entry the problem concerns ("" for none), so that a build can demote problems of entries no page
    # uses; left out of equality and order, which stay those of the printed problem.
    entry: str = field(default="", compare=False)
    # Knock-ons: the inputs this problem follows from, and the inputs a root problem leaves unusable, named by
    # `entry_input`, `findings_input` and the like below. A problem that follows from an input some error leaves
    # unusable is not shown: fixing the root removes it or shows it again, so the editor sees the cause first.
    follows: tuple[str, ...] = field(default=(), compare=False)
    breaks: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" ({self.hint})" if self.hint else ""
        return f"{location}: {self.message}{hint}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known choice, or an empty string.

    difflib finds similar words; among them the fewest edits wins, a swap of two neighbouring letters counting as
    one edit, since that is the typo people make (`goz2101` → `goz2011`, not `goz2015`).
    """
    close = difflib.get_close_matches(word, list(choices), n=6, cutoff=0.6)
    if not close:
        return ""
    best = min(close, key=lambda choice: (edit_distance(word.lower(), choice.lower()), close.index(choice)))
    return f"did you mean '{best}'?"


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) that turn `a` into `b` (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


LIBRARY = "library"  # the reference library as a whole (missing, empty)


def entry_input(key: str) -> str:
    """The name of a library entry as an input other problems follow from (broken: it cannot be read whole)."""
    return f"entry:{key}"


def key_input(key: str) -> str:
    """A citation key as pages use it (broken: no entry has it, a typo)."""
    return f"key:{key}"


def findings_input(key: str) -> str:
    return f"findings:{key}"


def claim_input(claim_id: str) -> str:
    return f"claim:{claim_id}"


def study_inputs(key: str) -> tuple[str, ...]:
    """What a check of a study's numbers relies on: the library, the study's entry and key, its findings file."""
    return LIBRARY, entry_input(key), key_input(key), findings_input(key)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order, knock-ons left out: by file, then line; each reported once."""
    found = set(problems)
    broken = {name for problem in found if problem.is_error for name in problem.breaks}
    return sorted(
        (problem for problem in found if broken.isdisjoint(problem.follows)), key=lambda p: (p.path, p.line, p.message)
    )


SHOWN_PER_KIND = 10  # repeated problems of one kind: the first few, then a count
QUOTED = re.compile(r"'[^']*'")


def report(problems: Iterable[Problem], list_all: bool = False) -> list[Problem]:
    """What to print: every error and notice, except that a kind repeated many times is shown a few times and
    then counted ("4,843 more like this"), so the problems that matter are not buried. Errors come first, and
    among them root causes (a problem that leaves an input unusable), then the rest in reading order."""
    ordered = sorted(problems, key=_printed_order)
    if list_all:
        return ordered
    shown: list[Problem] = []
    counts: dict[tuple[Severity, str, str], list[Problem]] = {}
    for problem in ordered:
        kind = (problem.severity, problem.path, QUOTED.sub("'…'", problem.message))
        same = counts.setdefault(kind, [])
        same.append(problem)
        if len(same) <= SHOWN_PER_KIND:
            shown.append(problem)
    for (severity, path, message), same in counts.items():
        if len(same) > SHOWN_PER_KIND:
            more = len(same) - SHOWN_PER_KIND
            summary = f'{more:,} more like "{message}"'
            hint = "list every one with `python -m evidence_engine check --all`"
            shown.append(Problem(path, 0, summary, hint, severity, breaks=same[0].breaks))
    return sorted(shown, key=lambda p: (*_printed_order(p)[:3], p.line == 0, p.line, p.message))


def _printed_order(problem: Problem) -> tuple[bool, bool, str, int, str]:
    return (not problem.is_error, not problem.breaks, problem.path, problem.line, problem.message)
