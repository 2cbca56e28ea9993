"""The JSON Schema (Draft 2020-12) of a claim's `/// claim` YAML block, generated from the vocabulary.

Editors' YAML tooling reads `schemas/claim.schema.json` for completion and help; `python -m evidence_engine schema`
prints it, and a test keeps the committed file equal to this output. The schema accepts what `claims.py` accepts,
except what needs the library: whether a `sources` or `evidence` key is an entry of references.bib, and whether a
study weighed as evidence has a study type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .claims import CITATION_IN_TEXT, MAX_QUOTE_WORDS, REQUIRED
from .findings import (
    ARM_FIELDS,
    EFFECT_FIELDS,
    FACT_FIELDS,
    FILE_FIELDS,
    FINDING_FIELDS,
    POOLED_FIELDS,
)
from .vocabulary import (
    BENEFIT_OUTCOMES,
    CERTAINTIES,
    COMPARISONS,
    DIRECTIONS,
    EFFECT_MEASURES,
    OUTCOMES,
    SAYS,
    STANCES,
    VERDICT_CERTAINTIES,
    VERDICTS,
    Term,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
EMPTY = {"enum": ["", None]}  # an optional field written with no value: "" to the build's YAML loader, null to editors'
# Claim fields are shown as plain text in many places, where a citation cannot work (claims.py says the same).
NO_CITATION = {"not": {"type": "string", "pattern": CITATION_IN_TEXT.pattern}}
NO_CITATION_HELP = " No citations ([@key]) here: list the study under 'evidence' and cite it below the card."


def claim_schema() -> dict[str, Any]:
    properties = {
        "bottom_line": _text("One or two plain sentences a patient understands, with the GRADE verb that matches "
                             "the certainty: high 'reduces', moderate 'probably', low 'may', very low 'we are very "
                             "uncertain'."),
        "verdict": _choice("What the evidence says of the claim as the pages make it.", VERDICTS),
        "certainty": _choice("GRADE certainty of the evidence.", CERTAINTIES),
        "certainty_reason": _text("Why that certainty: design, risk of bias, inconsistency, imprecision, "
                                  "indirectness."),
        "reviewed": {
            "description": "Date the claim was last reviewed, YYYY-MM-DD.",
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "format": "date",
        },
        "evidence": {
            "description": "Studies that bear on the claim, as 'key: direction'; at least one. Each key is an entry "
                           "of references.bib (the build checks it); each direction one of "
                           + ", ".join(DIRECTIONS) + ".",
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"$ref": "#/$defs/direction"},
        },
        "search": {
            "description": "Comma-separated words a reader might type (plain-language synonyms), or a list of them."
                           + NO_CITATION_HELP,
            "type": ["string", "array", "null"],
            "items": {"type": "string", **NO_CITATION},
            **NO_CITATION,
        },
        "verdicts": {
            "description": "Where the answer depends on the comparison: one verdict per comparison (e.g. vp-vs-sham, "
                           "kp-vs-usual-care), each with its certainty and a short note.",
            "type": "object",
            "propertyNames": {"enum": list(COMPARISONS)},
            "additionalProperties": {"$ref": "#/$defs/split"},
        },
        "pictures": {
            "description": "Recorded findings counted in people to draw as 'out of 100' pictures on the card, one "
                           "per line; each must match one finding of the study (the build checks it).",
            "type": "array",
            "items": {
                "type": "object",
                "required": ["study", "comparison", "outcome", "timepoint"],
                "properties": {
                    "study": {"type": "string"},
                    "comparison": {"enum": list(COMPARISONS)},
                    "outcome": {"enum": list(OUTCOMES)},
                    "timepoint": {"type": "string"},
                    "which": {"type": "string", "description": "Words of its definition, when several match."},
                    "caption": {
                        "type": "string",
                        "description": "The picture's title in plain words (else the finding's definition and time "
                                       "point).",
                    },
                },
                "additionalProperties": False,
            },
        },
        "sources": {
            "description": "What the compared patient pages say, keyed by their references.bib key (entries with "
                           "compared = {yes}; the build checks it). A page not listed is shown as silent.",
            "anyOf": [{"type": "object", "additionalProperties": {"$ref": "#/$defs/source"}}, EMPTY],
        },
    }  # fmt: skip
    return {
        "$schema": DRAFT,
        "title": "Claim metadata",
        "description": "The YAML between '/// claim' and '///' below a claim's heading in docs/claims/<category>.md. "
        "See docs/editors/writing-claims.md.",
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": properties,
        "allOf": _verdict_fits_certainty(),
        "$defs": {
            "direction": _choice("How the study bears on the claim.", DIRECTIONS),
            "source": _source(),
            "split": _split(),
        },
    }


def _verdict_fits_certainty() -> list[dict[str, Any]]:
    """The certainties each verdict can be given with (the build checks the same rule)."""
    return [
        {
            "if": {"properties": {"verdict": {"const": verdict}}, "required": ["verdict"]},
            "then": {"properties": {"certainty": {"enum": list(levels)}}},
        }
        for verdict, levels in VERDICT_CERTAINTIES.items()
    ]


def _split() -> dict[str, Any]:
    return {
        "description": "The verdict for one comparison.",
        "type": "object",
        "required": ["verdict", "certainty"],
        "properties": {
            "verdict": _choice("What the trials of this comparison say of the claim.", VERDICTS),
            "certainty": _choice("GRADE certainty for this comparison.", CERTAINTIES),
            "note": {"description": "One short plain sentence: what the trials show.", "type": ["string", "null"]},
            "outcome": {
                "description": "The outcome of the summary-of-findings rows this verdict rests on; it cannot be surer "
                "than they are, nor at odds with what they show.",
                "enum": list(OUTCOMES),
            },
            "timepoint": {
                "description": "With outcome: only the rows at this time point, as the summary file writes it "
                "(e.g. '24 months' for a claim that relief lasts).",
                "type": "string",
            },
            "says": {
                "description": "What the claim says the procedure does on that outcome against the comparator: better "
                "(it relieves pain, prevents fractures) or worse (it causes fractures). Better unless given on "
                "pain, disability, quality of life and the like; required on harms.",
                "enum": list(SAYS),
            },
        },
        "additionalProperties": False,
        "allOf": [*_verdict_fits_certainty(), _says_on_harms()],
    }


def _says_on_harms() -> dict[str, Any]:
    """A verdict resting on a harm's rows says which way the claim goes (the build checks the same)."""
    harms = [outcome for outcome in OUTCOMES if outcome not in BENEFIT_OUTCOMES]
    return {"if": {"properties": {"outcome": {"enum": harms}}, "required": ["outcome"]}, "then": {"required": ["says"]}}


def _source() -> dict[str, Any]:
    stance = _choice("The page's stance on the claim.", STANCES)
    words = MAX_QUOTE_WORDS
    return {
        "description": "A stance, or a mapping with 'stance' and optionally 'says' and 'quote'.",
        "anyOf": [
            stance,
            {
                "type": "object",
                "required": ["stance"],
                "properties": {
                    "stance": stance,
                    "says": {
                        "description": "Your paraphrase of what the page says." + NO_CITATION_HELP,
                        "type": ["string", "null"],
                        **NO_CITATION,
                    },
                    "quote": {
                        "description": f"The page's own words: at most one short sentence ({words} words)."
                        + NO_CITATION_HELP,
                        "type": ["string", "null"],
                        "pattern": rf"^\s*(?:\S+\s+){{0,{words - 1}}}\S*\s*$",
                        **NO_CITATION,
                    },
                },
                "additionalProperties": False,
            },
        ],
    }


def _text(description: str) -> dict[str, Any]:
    return {"description": description + NO_CITATION_HELP, "type": "string", "minLength": 1, **NO_CITATION}


def _choice(description: str, vocabulary: Mapping[str, Term]) -> dict[str, Any]:
    return {"description": f"{description} {_listing(vocabulary)}", "type": "string", "enum": list(vocabulary)}


def _listing(vocabulary: Mapping[str, Term]) -> str:
    choices = (
        f"{name} ({term.description.rstrip('.')})" if term.description else name for name, term in vocabulary.items()
    )
    return "One of: " + "; ".join(choices) + "."


NUMBER = {"type": "number"}
NUMBER_OR_TEXT = {"type": ["number", "string"]}
COUNT = {"type": "integer", "minimum": 0, "description": "A count of people, bones or events: whole, not negative."}


def findings_schema() -> dict[str, Any]:
    """The JSON Schema of a `findings/<key>.yml` file, from the same field lists and vocabularies the build checks
    (findings.py); the build's own checks go further (an estimate inside its CI, events within the total)."""
    arm = _record(
        ARM_FIELDS,
        {
            "group": {"type": "string"},
            "iqr": {"type": "array", "items": NUMBER},
            "note": {"type": "string"},
            **dict.fromkeys(("n", "events", "total"), COUNT),
            **dict.fromkeys(("sd", "se"), {**NUMBER, "minimum": 0}),
        },
        NUMBER,
        "One group of the study: its size and result.",
    )
    effect = _record(
        EFFECT_FIELDS,
        {
            "measure": _choice("How the effect is expressed.", EFFECT_MEASURES),
            "ci": {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
            "p": NUMBER_OR_TEXT,
            "within_group": {"type": "boolean"},
            "favours": {
                "type": "string",
                "description": "The group (its name in arms) the estimate favours, or neither.",
            },
            "compares": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "maxItems": 2,
                "description": "[first, second] as the record compares them: first ÷ second, or first − second.",
            },
            "computed": {
                "type": "boolean",
                "description": "Computed by this site from the two groups' counts (compute-effect), not printed.",
            },
            "note": {"type": "string"},
        },
        NUMBER,
        "The between-group effect as the study reports it.",
    )
    pooled = _record(
        POOLED_FIELDS,
        {"certainty": _choice("The review's GRADE certainty.", CERTAINTIES), "note": {"type": "string"}},
        NUMBER,
        "For a meta-analysis: how many studies and participants, and the certainty the review gives.",
    )
    finding = _record(
        FINDING_FIELDS,
        {
            "comparison": _choice("What was compared: the procedure first, then its comparator.", COMPARISONS),
            "outcome": _choice("What was measured.", OUTCOMES),
            "arms": {"type": "array", "items": arm},
            "effect": effect,
            "pooled": pooled,
        },
        {"type": "string"},
        "One result: a comparison, an outcome, a time point.",
    )
    finding["required"] = ["comparison", "outcome", "timepoint"]
    fact = _record(
        FACT_FIELDS, {"value": NUMBER_OR_TEXT}, {"type": "string"}, "A number about the study that pages quote."
    )
    fact["required"] = ["value", "what"]
    schema = _record(
        FILE_FIELDS,
        {"facts": {"type": "array", "items": fact}, "findings": {"type": "array", "items": finding}},
        {"type": "string"},
        "A study's findings: one file per study, named by its key (see the editors' guide, Recording findings).",
    )
    schema.update({"$schema": DRAFT, "title": "Study findings", "required": ["study"]})
    return schema


def _record(
    fields: tuple[str, ...], special: Mapping[str, Any], default: Mapping[str, Any], description: str
) -> dict[str, Any]:
    """An object of exactly these fields: the special ones as given, the rest of the default type."""
    properties = {name: dict(special.get(name, default)) for name in fields}
    return {"type": "object", "description": description, "properties": properties, "additionalProperties": False}


SCHEMAS = {"claim": claim_schema, "findings": findings_schema}


def schema_text(name: str = "claim") -> str:
    """A schema as committed in schemas/<name>.schema.json."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"
