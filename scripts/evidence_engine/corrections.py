"""The corrections log: every change to a verdict, a certainty, a number or a statement on a claim, with its date
and reason (`corrections.yml`). The site shows it as a public page, and each claim says when it last changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .findings import Located, read_located
from .problems import Problem, claim_input, did_you_mean
from .templating import render_markdown

# `removed`: the claim was taken off the site; its history stays, and its `before` is the claim as it read.
CHANGE_KINDS = ("verdict", "certainty", "number", "statement", "reference", "removed")
FIELDS = ("date", "claim", "change", "before", "after", "reason")


@dataclass(frozen=True)
class Correction:
    date: str  # YYYY-MM-DD
    claim: str  # the claim's id
    change: str  # one of CHANGE_KINDS
    before: str
    after: str
    reason: str
    line: int
    claim_line: int  # where its `claim:` is, for a problem with the claim it names


def load_corrections(path: Path, display: str) -> tuple[tuple[Correction, ...], list[Problem]]:
    """The log, newest first; a site without one has no corrections. Every problem at its line."""
    if not path.is_file():
        return (), []
    data, problems = read_located(path, display, "corrections")
    if data is None:
        return (), problems
    changes = data.get("changes")
    if not isinstance(changes, list) or not all(isinstance(item, Located) for item in changes):
        hint = "start each change with '- date: YYYY-MM-DD'"
        return (), [Problem(display, data.key_lines.get("changes", 1), "'changes' must be a list of changes", hint)]
    read = []
    for item in changes:
        correction, found = _correction(item, display)
        problems += found
        if correction:
            read.append(correction)
    return tuple(sorted(read, key=lambda c: c.date, reverse=True)), problems


def _correction(item: Located, display: str) -> tuple[Correction | None, list[Problem]]:
    problems = []

    def report(key: str, message: str, hint: str = "") -> None:
        problems.append(Problem(display, item.key_lines.get(key, item.line), message, hint))

    for name in item:
        if name not in FIELDS:
            report(str(name), f"unknown field '{name}' in a correction", did_you_mean(str(name), FIELDS))
    for name in FIELDS:
        if not str(item.get(name) or "").strip():
            report(name, f"a correction needs '{name}'", "date, claim, change, before, after and reason")
    date = item.get("date")
    if isinstance(date, str):  # YAML reads a well-formed date as a date; anything else stays text
        report("date", f"date '{date}' is not a date", "write it as YYYY-MM-DD")
    change = str(item.get("change") or "")
    if change and change not in CHANGE_KINDS:
        report("change", f"unknown change '{change}'", did_you_mean(change, CHANGE_KINDS) or ", ".join(CHANGE_KINDS))
    if problems:
        return None, problems
    text = {name: str(item[name]).strip() for name in FIELDS}
    return Correction(
        **{**text, "date": date.isoformat() if isinstance(date, dt.date) else text["date"]},
        line=item.line,
        claim_line=item.key_lines.get("claim", item.line),
    ), []


def claim_problems(corrections: tuple[Correction, ...], claim_ids: Mapping[str, object], display: str) -> list[Problem]:
    """A correction names a claim by its id: a renamed claim must not leave its history pointing nowhere, and a
    claim taken off the site keeps its history through a `removed` change. A claim whose block has errors is left out
    of the site: those errors are the cause, not the correction."""
    removal = removals(corrections)
    latest: dict[str, Correction] = {}
    for correction in corrections:  # newest first
        latest.setdefault(correction.claim, correction)
    problems = []
    for correction in corrections:
        if correction.claim not in claim_ids and correction.claim not in removal:
            hint = did_you_mean(correction.claim, claim_ids) or "a claim taken off the site needs a 'removed' change"
            message = f"unknown claim '{correction.claim}' in a correction"
            problem = Problem(display, correction.claim_line, message, hint, follows=(claim_input(correction.claim),))
            problems.append(problem)
    for claim_id, correction in latest.items():
        if claim_id in claim_ids and correction.change == "removed":
            message = f"claim '{claim_id}' is on a page, but its latest change says it was removed"
            hint = "take it off its page, or record the change that brought it back"
            problems.append(Problem(display, correction.line, message, hint))
    return sorted(problems, key=lambda p: p.line)


def removals(corrections: tuple[Correction, ...]) -> dict[str, Correction]:
    """Claim id → its latest `removed` change."""
    found: dict[str, Correction] = {}
    for correction in corrections:  # newest first
        if correction.change == "removed":
            found.setdefault(correction.claim, correction)
    return found


def last_changed(corrections: tuple[Correction, ...]) -> dict[str, str]:
    """Claim id → the date of its latest correction."""
    latest: dict[str, str] = {}
    for correction in corrections:
        latest[correction.claim] = max(latest.get(correction.claim, ""), correction.date)
    return latest


def corrections_markdown(corrections: tuple[Correction, ...], claim_of: Callable[[str], tuple[str, str] | None]) -> str:
    """The public page: every change, newest first, with a link to the claim (`claim_of` gives its title and URL); a
    removed claim is named as it read before it was removed, without a link."""
    removed = removals(corrections)
    rows, anchored = [], set()
    for correction in corrections:
        found = claim_of(correction.claim)
        gone = removed.get(correction.claim)
        title, url = found if found else (gone.before if gone else correction.claim, "")
        anchor = "" if correction.claim in anchored else correction.claim  # a claim's card links to its latest
        anchored.add(correction.claim)
        rows.append((correction, title, url, dt.date.fromisoformat(correction.date), anchor))
    return render_markdown("corrections.md", rows=rows)
