"""pages: a page's bytes and front matter read with every problem kept, never a traceback."""

from __future__ import annotations

from evidence_engine.pages import read_page, split_front_matter


def test_front_matter_is_split_with_the_line_the_text_starts_on() -> None:
    """The Markdown after front matter starts on the right line of the file, and the metadata is read."""
    markdown, first_line, meta, problems = split_front_matter("---\ntitle: X\n---\n\n# Heading\n")
    assert (markdown, first_line, meta, problems) == ("# Heading\n", 5, {"title": "X"}, [])


def test_broken_front_matter_is_a_problem_at_its_line() -> None:
    """`title: [unclosed` is reported with YAML's reason, and the page text after it still renders."""
    read = read_page("index.md", "docs/index.md", b"---\nsource: x\ntitle: [unclosed\n---\n\n# Home\n")
    assert [str(p) for p in read.problems] == [
        "docs/index.md:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>' "
        "(quote values that contain ':', '[' or '{', and indent with spaces)"
    ]
    assert read.source.markdown == "# Home\n" and read.source.meta == {}


def test_front_matter_that_is_not_a_mapping_is_a_problem() -> None:
    """A list where `key: value` lines belong is reported."""
    read = read_page("index.md", "docs/index.md", b"---\n- a\n---\ntext\n")
    assert [p.message for p in read.problems] == ["front matter must be 'key: value' lines"]


def test_unclosed_front_matter_is_a_problem() -> None:
    """A first line `---` with no closing line is reported at line 1."""
    read = read_page("index.md", "docs/index.md", b"---\ntitle: X\n\n# Heading\n")
    assert [(p.line, p.message) for p in read.problems] == [(1, "front matter is not closed")]


def test_latin1_bytes_are_a_problem_at_their_line_and_the_page_still_reads() -> None:
    """A page saved as Latin-1: one problem naming the byte and line; the text is kept with a replacement mark."""
    read = read_page("claims/risks.md", "docs/claims/risks.md", "# Risks\n\nM\u00fcller\n".encode("latin-1"))
    assert [str(p) for p in read.problems] == [
        "docs/claims/risks.md:3: bytes that are not UTF-8 (byte 0xfc) (save the file as UTF-8)"
    ]
    assert read.source.markdown == "# Risks\n\nM\ufffdller\n"
