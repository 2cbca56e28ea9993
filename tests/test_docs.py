"""The editors' documentation covers every problem the engine reports."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CATALOGUE = (PROJECT / "docs" / "editors" / "problems.md").read_text()


def message_kinds() -> set[str]:
    """The fixed start of each message in the broken-input corpus, before any quoted value."""
    kinds = set()
    for expected in (PROJECT / "tests" / "broken").glob("*/expected.txt"):
        for line in expected.read_text().splitlines():
            message = line.split(": ", 1)[1]
            kinds.add(re.split(r" '|\(|: ", message, maxsplit=1)[0].strip())
    return kinds


def test_every_message_in_the_corpus_is_in_the_catalogue() -> None:
    """Each kind of problem an editor can meet is explained in docs/editors/problems.md."""
    missing = sorted(kind for kind in message_kinds() if kind not in CATALOGUE)
    assert missing == []
