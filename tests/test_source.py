"""source: the one scanner that tells prose from code, for claims and citations alike."""

from __future__ import annotations

from evidence_engine.citations import cited_keys, source_lines_citing
from evidence_engine.source import scan

PAGE = """Text [@nokey].

    indented code [@nokey]

<!-- a comment [@nokey]
over two lines [@nokey] -->
after <!-- x --> [@a] `[@b]`
~~~~
fence [@nokey]
~~~
a shorter fence does not close a longer one [@nokey]
~~~~
- a list item

    its second paragraph [@c]

!!! note
    an admonition's body [@d]
"""


def prose_of(text: str) -> dict[int, str]:
    return {line.number: line.prose.strip() for line in scan(text)}


def test_code_comments_and_fences_are_not_prose() -> None:
    """Indented code, HTML comments, code spans and fences of any length hide what they hold."""
    prose = prose_of(PAGE)
    assert [number for number, text in prose.items() if "nokey" in text] == [1]
    assert prose[7] == "after            [@a]"


def test_list_and_admonition_bodies_are_prose() -> None:
    """Four-space indents that continue a list item or an admonition are text, not code."""
    prose = prose_of(PAGE)
    assert prose[15] == "its second paragraph [@c]"
    assert prose[18] == "an admonition's body [@d]"


def test_one_citation_is_located_once() -> None:
    """The review's case: a key cited once in prose and again in code, a comment and a fence gives one line."""
    assert source_lines_citing(PAGE, "nokey") == [1]
    assert cited_keys(PAGE) == {"nokey", "a", "c", "d"}


def test_indented_code_continues_over_blank_lines() -> None:
    """An indented block goes on after a blank line while the next line is still indented."""
    text = "Para.\n\n    code [@x]\n\n    more code [@y]\nProse [@z]\n"
    assert cited_keys(text) == {"z"}


def test_a_fence_closes_only_with_its_own_character() -> None:
    """A ``` line does not close a ~~~ fence."""
    text = "~~~\n```\n[@inside]\n~~~\n[@outside]\n"
    assert cited_keys(text) == {"outside"}
