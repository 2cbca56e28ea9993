"""yamltext: libyaml reads every YAML document of the site exactly as PyYAML's own parser does, and a broken one
is reported in PyYAML's words (those the editors' guide documents)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from evidence_engine import yamltext
from evidence_engine.findings import _FastLineLoader, _LineLoader
from evidence_engine.pages import split_front_matter

PROJECT = Path(__file__).resolve().parent.parent
CLAIM_BLOCK = re.compile(r"^/// claim\n(.*?)^///$", re.M | re.S)
FRONT_MATTER = re.compile(r"\A---\n(.*?)^---$", re.M | re.S)


def lines_of(value: Any) -> Any:
    """Every mapping's line and its keys' lines, nested as the data is."""
    if isinstance(value, dict):
        own = (getattr(value, "line", None), getattr(value, "key_lines", None))
        return own, {k: lines_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lines_of(v) for v in value]
    return None


def node_lines(node: yaml.Node | None) -> Any:
    if isinstance(node, yaml.MappingNode):
        return [(k.value, k.start_mark.line, node_lines(v)) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [node_lines(v) for v in node.value]
    return None


def test_the_fast_reader_is_libyaml() -> None:
    """The pinned PyYAML wheel carries libyaml; without it every read would silently take the slow path."""
    assert yaml.__with_libyaml__ and yamltext.FAST_SAFE is yaml.CSafeLoader and yamltext.FAST_BASE is yaml.CBaseLoader


@pytest.mark.parametrize("path", sorted(PROJECT.glob("findings/**/*.yml")) + [PROJECT / "corrections.yml"], ids=str)
def test_findings_summaries_and_corrections_read_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamltext._read(text, _FastLineLoader)[1]
    exact = yamltext._read(text, _LineLoader)[1]
    assert fast == exact
    assert lines_of(fast) == lines_of(exact)
    assert repr(fast) == repr(exact)  # numbers keep the text they were written with


def test_claim_blocks_and_front_matter_read_alike() -> None:
    documents = 0
    for page in sorted((PROJECT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for body in CLAIM_BLOCK.findall(text):
            fast_node, fast = yamltext._read(body, yamltext.FAST_BASE)
            exact_node, exact = yamltext._read(body, yaml.BaseLoader)
            assert fast == exact, page
            assert node_lines(fast_node) == node_lines(exact_node), page
            documents += 1
        for meta in FRONT_MATTER.findall(text):
            assert yamltext._read(meta, yamltext.FAST_SAFE)[1] == yaml.safe_load(meta), page
            documents += 1
    assert documents > 59  # every claim, and the pages' front matter


def test_a_broken_document_is_reported_in_pyyamls_words() -> None:
    """libyaml would say "did not find expected ',' or ']'"; the guide documents PyYAML's wording and line."""
    _, _, _, problems = split_front_matter("---\ntitle: [unclosed\n---\nText\n", "docs/page.md")
    assert [str(p) for p in problems] == [
        "docs/page.md:2: front matter is not valid YAML: expected ',' or ']', but got '<stream end>' "
        "(quote values that contain ':', '[' or '{', and indent with spaces)"
    ]
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yamltext.read("a: [b\n", yamltext.FAST_SAFE, yaml.SafeLoader)
    assert raised.value.problem == "expected ',' or ']', but got '<stream end>'"


def place(text: str) -> tuple[int, str]:
    with pytest.raises(yaml.YAMLError) as raised:
        yamltext.read(text, _FastLineLoader, _LineLoader)
    return yamltext.error_place(raised.value)


def test_a_mistake_is_placed_at_its_own_line_not_at_the_start_of_its_block() -> None:
    """A line indented one space short, 500 lines into a list, is reported at that line (YAML's context is the
    list's first line); an unclosed bracket or quote where it opens; a tab and a repeated field in plain words."""
    filler = "".join(f"  - date: 2026-01-01\n    claim: c{i}\n" for i in range(250))
    assert place("changes:\n" + filler + "  - date: 2026-01-01\n    claim: x\n   change: y\n") == (
        504,
        "this line is indented differently from the lines around it",
    )
    assert place("a: 1\nb: [x, y\nc: 2\n")[0] == 2
    assert place('a: 1\nb: "open\nc: 2\n')[0] == 2
    assert place("a: 1\n\tb: 2\n") == (2, "a tab character: indent with spaces")
    assert place("a:\n  b: 1\n  c: 2\n  b: 3\n") == (4, "'b' is given twice, and only the last would count")


def test_an_impossible_date_in_a_located_file_stays_text_for_its_field_to_report() -> None:
    """2026-02-30 does not stop the file being read: the field keeps the text, and its own check reports it."""
    _, data = yamltext.read("date: 2026-02-30\nother: 2026-02-28\n", _FastLineLoader, _LineLoader)
    assert data["date"] == "2026-02-30" and str(data["other"]) == "2026-02-28"
