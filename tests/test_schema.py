"""schema: the JSON Schema of the `/// claim` block, committed, valid, and in step with the claims parser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from evidence_engine.claims import OPTIONAL, REQUIRED, parse_claims_page
from evidence_engine.library.load import load
from evidence_engine.schema import claim_schema, findings_schema, schema_text
from jsonschema import Draft202012Validator, FormatChecker

PROJECT = Path(__file__).resolve().parent.parent
COMMITTED = PROJECT / "schemas" / "claim.schema.json"
VALIDATOR = Draft202012Validator(claim_schema(), format_checker=FormatChecker())


def _blocks(page: Path) -> list[tuple[int, str]]:
    """(line of `/// claim`, YAML text) for each claim block on a page."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    for start, line in enumerate(lines):
        if line.strip() == "/// claim":
            end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "///")
            blocks.append((start + 1, "\n".join(lines[start + 1 : end])))
    return blocks


def _errors(data: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


def test_committed_schema_is_the_generated_one() -> None:
    """schemas/claim.schema.json is exactly what the engine generates, so the two cannot drift."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schemas/claim.schema.json is out of date: regenerate it with "
        "`.venv/bin/python -m evidence_engine schema > schemas/claim.schema.json`"
    )


def test_schema_is_draft_2020_12() -> None:
    """The schema is itself valid under the Draft 2020-12 metaschema."""
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_describes_every_claim_field() -> None:
    """Its fields are the parser's, required where the parser requires them, each with help text."""
    schema = claim_schema()
    assert set(schema["properties"]) == set(REQUIRED + OPTIONAL)
    assert schema["required"] == list(REQUIRED)
    assert all(field.get("description") for field in schema["properties"].values())


@pytest.mark.parametrize("page", sorted((PROJECT / "docs" / "claims").glob("*.md")), ids=lambda p: p.name)
def test_every_claim_block_validates(page: Path) -> None:
    """Every claim block on the site's claims pages validates, read as the build reads it (YAML BaseLoader)."""
    blocks = _blocks(page)
    for line, text in blocks:
        data = yaml.load(text, Loader=yaml.BaseLoader)
        assert _errors(data) == [], f"{page.relative_to(PROJECT)}:{line}"
    assert blocks or page.name == "index.md"


BLOCK = """bottom_line: It probably does not help more than a sham procedure.
verdict: contradicted
certainty: moderate
certainty_reason: Two sham-controlled trials.
reviewed: 2026-11-22
search: sham, placebo
sources:
  SOURCE:
    stance: qualify
    says: Says it helps most people.
evidence:
  kallmes2009: contradicts
  buchbinder2009: contradicts
"""


def test_unknown_verdict_fails() -> None:
    """A verdict outside the vocabulary is an error."""
    data = yaml.load(BLOCK.replace("verdict: contradicted", "verdict: false"), Loader=yaml.BaseLoader)
    assert any("'false' is not one of" in message for message in _errors(data))


def test_missing_required_field_fails() -> None:
    """A block without `reviewed` is an error."""
    data = yaml.load(BLOCK.replace("reviewed: 2026-11-22\n", ""), Loader=yaml.BaseLoader)
    assert _errors(data) == ["'reviewed' is a required property"]


LONG_QUOTE = " ".join(["word"] * 31)
SPLIT = "verdicts:\n  vp-vs-sham: {{verdict: contradicted, certainty: moderate, {}}}\n"
SOURCES = "sources:\n  SOURCE:\n    stance: qualify\n    says: Says it helps most people.\n"
VARIANTS = {
    "as written": ("", "", True),
    "stance alone": (SOURCES, "sources:\n  SOURCE: qualify\n", True),
    "sources empty": (SOURCES, "sources:\n", True),
    "search as a list": ("search: sham, placebo", "search: [sham, placebo]", True),
    "empty says": ("says: Says it helps most people.", "says:", True),
    "30-word quote": ("says: Says it helps most people.", "quote: " + " ".join(["word"] * 30), True),
    "31-word quote": ("says: Says it helps most people.", "quote: " + LONG_QUOTE, False),
    "no stance": ("    stance: qualify\n", "", False),
    "unknown stance": ("stance: qualify", "stance: agrees", False),
    "unknown direction": ("kallmes2009: contradicts", "kallmes2009: refutes", False),
    "empty direction": ("kallmes2009: contradicts", "kallmes2009:", False),
    "evidence as a list": ("  kallmes2009: contradicts\n  buchbinder2009: contradicts\n", "  - kallmes2009\n", False),
    "no evidence": ("evidence:\n  kallmes2009: contradicts\n  buchbinder2009: contradicts\n", "evidence:\n", False),
    "not a date": ("reviewed: 2026-11-22", "reviewed: 2026-02-30", False),
    "empty verdict": ("verdict: contradicted", "verdict:", False),
    "unknown field": ("search:", "tags: x\nsearch:", False),
    "sources as text": (SOURCES, "sources: x\n", False),
    "citation in bottom_line": ("than a sham procedure.", "than a sham procedure [@kallmes2009].", False),
    "citation in says": ("Says it helps most people.", "Says it helps [see @kallmes2009].", False),
    "citation in search": ("search: sham, placebo", "search: [sham, '[@kallmes2009]']", False),
    "email in says": ("Says it helps most people.", "Write to editor@example.org [today].", True),
    "verdict on pain rows": ("reviewed:", SPLIT.format("outcome: pain") + "reviewed:", True),
    "verdict on fracture rows, no says": ("reviewed:", SPLIT.format("outcome: new-fracture") + "reviewed:", False),
    "verdict on fracture rows, says": (
        "reviewed:",
        SPLIT.format("outcome: new-fracture, says: worse") + "reviewed:",
        True,
    ),
    "says neither": ("reviewed:", SPLIT.format("outcome: new-fracture, says: same") + "reviewed:", False),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_schema_and_parser_agree(name: str) -> None:
    """For each variant of a block, the schema accepts it exactly when the claims parser does."""
    library = load([(PROJECT / "references.bib", "references.bib")])
    old, new, valid = VARIANTS[name]
    assert old in BLOCK
    block = BLOCK.replace(old, new).replace("SOURCE", library.compared_pages[0])
    page = parse_claims_page(f"## Claim {{#a-claim}}\n\n/// claim\n{block}///\n", "x.md", "efficacy", library)
    parser_problems = [str(problem) for problem in page.problems]
    schema_errors = _errors(yaml.load(block, Loader=yaml.BaseLoader))
    assert (parser_problems == [], schema_errors == []) == (valid, valid), (parser_problems, schema_errors)


def test_blocks_are_found_like_the_parser_finds_them() -> None:
    """The block extraction above sees as many blocks as the claims parser does on each page."""
    library = load([(PROJECT / "references.bib", "references.bib")])
    for page in sorted((PROJECT / "docs" / "claims").glob("*.md")):
        category = page.stem
        if category == "index":
            continue
        text = page.read_text(encoding="utf-8")
        parsed = parse_claims_page(text, page.name, category, library)
        assert len(parsed.blocks) == len(_blocks(page)) == len(re.findall(r"(?m)^///\s*claim\s*$", text))


FINDINGS_VALIDATOR = Draft202012Validator(findings_schema())


def test_committed_findings_schema_is_the_generated_one() -> None:
    """schemas/findings.schema.json is what the engine generates from the fields findings.py checks."""
    committed = PROJECT / "schemas" / "findings.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text("findings"), (
        "schemas/findings.schema.json is out of date: regenerate it with "
        "`.venv/bin/python -m evidence_engine schema findings > schemas/findings.schema.json`"
    )


@pytest.mark.parametrize("path", sorted((PROJECT / "findings").glob("*.yml")), ids=lambda path: path.stem)
def test_every_findings_file_validates(path: Path) -> None:
    """Each study's findings file passes the schema editors' tooling uses."""
    assert [error.message for error in FINDINGS_VALIDATOR.iter_errors(yaml.safe_load(path.read_text()))] == []


def test_findings_schema_rejects_a_misspelt_field_and_an_unknown_outcome() -> None:
    """The schema forbids what the build reports: an unknown field, an outcome outside the vocabulary."""
    data = {"study": "x", "findings": [{"comparison": "vp-vs-sham", "outcome": "pian", "timepoint": "1 month"}]}
    data["findings"][0]["efect"] = {}
    messages = [error.message for error in FINDINGS_VALIDATOR.iter_errors(data)]
    assert any("'pian' is not one of" in message for message in messages)
    assert any("'efect' was unexpected" in message for message in messages)
