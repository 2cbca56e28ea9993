"""claims: parsing `/// claim` blocks into claims, and the problems found in them."""

from __future__ import annotations

from evidence_engine.claims import category_of, parse_claims_page
from evidence_engine.library.load import parse

BIB = b"""@article{trial2020, author={T, A}, title={T}, journal={J}, year={2020},
  studytype={rct-sham}, status={verified}}
@online{pagea, organization={Page A}, title={A}, compared={yes}, studytype={patient-information}, status={partial}}
"""

PAGE = """# Risks

## Cement leaks {#cement-leak}

/// claim
bottom_line: It probably leaks.
verdict: supported
certainty: moderate
certainty_reason: Small studies.
reviewed: 2026-11-22
search: glue leaking, leak
sources:
  pagea:
    stance: qualify
    says: Says leaks happen.
    quote: "Leaks happen."
evidence:
  trial2020: supports
///

Body text.
"""


def parse_page(text: str, first_line: int = 1):
    return parse_claims_page(text, "docs/claims/risks.md", "risks", parse(BIB, "references.bib"), first_line)


def test_a_valid_claim_is_parsed_with_all_fields() -> None:
    """Heading, id and every YAML field end up on the Claim."""
    page = parse_page(PAGE)
    assert page.problems == []
    (claim,) = page.claims
    assert (claim.id, claim.title, claim.category, claim.line) == ("cement-leak", "Cement leaks", "risks", 3)
    assert (claim.verdict, claim.certainty, claim.reviewed) == ("supported", "moderate", "2026-11-22")
    assert claim.search == ("glue leaking", "leak")
    assert claim.stance_of("pagea").quote == "Leaks happen."
    assert [(e.key, e.direction) for e in claim.evidence] == [("trial2020", "supports")]


def test_unlisted_source_is_silent() -> None:
    """A compared page the claim does not mention counts as silent."""
    claim = parse_page(
        PAGE.replace('  pagea:\n    stance: qualify\n    says: Says leaks happen.\n    quote: "Leaks happen."\n', "")
    ).claims[0]
    assert claim.stance_of("pagea").stance == "silent"


def test_block_lines_are_reported_for_replacement() -> None:
    """The block's first and last lines are known, offset by where the Markdown starts in its file."""
    block = parse_page(PAGE, first_line=5).blocks[0]
    assert (block.start, block.end) == (9, 23)


def test_problem_lines_count_front_matter() -> None:
    """With the Markdown starting at file line 5, an error on Markdown line 7 is reported at line 11."""
    page = parse_page(PAGE.replace("verdict: supported", "verdict: true"), first_line=5)
    assert [str(p) for p in page.problems] == [
        "docs/claims/risks.md:11: unknown verdict 'true' (one of supported, consensus, mixed, misleading, uncertain, "
        "contradicted)"
    ]


def test_fenced_examples_are_not_claims() -> None:
    """A claim block shown inside a code fence is documentation, not a claim."""
    page = parse_page("```markdown\n## X {#x}\n\n/// claim\nverdict: nonsense\n///\n```\n")
    assert page.claims == [] and page.problems == []


def test_every_problem_in_a_block_is_reported_at_once() -> None:
    """Several mistakes in one claim give several problems in one run."""
    text = PAGE.replace("verdict: supported", "verdict: yes").replace("certainty: moderate", "certainty: meh")
    text = text.replace("trial2020: supports", "trial2021: supports")
    messages = [p.message for p in parse_page(text).problems]
    assert messages == ["unknown verdict 'yes'", "unknown certainty 'meh'", "unknown citation key 'trial2021'"]


def test_unknown_field_gets_a_suggestion() -> None:
    """A misspelt field name is named, with the closest real field."""
    page = parse_page(PAGE.replace("bottom_line:", "bottomline:"))
    assert "docs/claims/risks.md:6: unknown claim field 'bottomline' (did you mean 'bottom_line'?)" in map(
        str, page.problems
    )


def test_long_quote_is_refused() -> None:
    """Quotes are capped at one short sentence."""
    long_quote = " ".join(["word"] * 31)
    page = parse_page(PAGE.replace('"Leaks happen."', f'"{long_quote}"'))
    assert [p.message for p in page.problems] == ["quote from 'pagea' is longer than 30 words"]


def test_duplicate_claim_id_points_at_the_first() -> None:
    """Two sections with one id: the second is reported with the first's line."""
    second = PAGE.split("\n", 2)[2].replace("Cement leaks", "Again")
    page = parse_page(PAGE + "\n" + second)
    assert "docs/claims/risks.md:23: duplicate claim id 'cement-leak' (first used at line 3)" in map(str, page.problems)


def test_category_comes_from_the_file_name() -> None:
    """claims/<category>.md names the category; other pages are not claims pages."""
    assert category_of("claims/risks.md") == "risks"
    assert category_of("claims/index.md") is None
    assert category_of("index.md") is None


def test_a_verdict_never_says_more_than_its_certainty() -> None:
    """ "Supported" promises good studies: at low certainty it is refused, with the verdicts that fit."""
    page = parse_page(PAGE.replace("certainty: moderate", "certainty: low"))
    assert [str(p) for p in page.problems] == [
        "docs/claims/risks.md:7: verdict 'supported' (Supported) cannot be given at low certainty (at low certainty "
        "the verdict is one of misleading, mixed, consensus, uncertain; or raise the certainty if the studies justify "
        "it)"
    ]
    assert page.claims == []
    expert_advice = PAGE.replace("certainty: moderate", "certainty: very-low").replace("supported", "consensus")
    assert parse_page(expert_advice).problems == []


SPLITS = """verdicts:
  vp-vs-sham: {verdict: contradicted, certainty: moderate, note: No benefit over sham.}
  kp-vs-sham: {verdict: uncertain, certainty: very-low, note: Never tested.}
reviewed: 2026-11-22
"""


def test_verdicts_by_comparison_are_kept_in_order() -> None:
    (claim,) = parse_page(PAGE.replace("reviewed: 2026-11-22\n", SPLITS)).claims
    assert [(s.comparison, s.verdict, s.certainty, s.note) for s in claim.verdicts] == [
        ("vp-vs-sham", "contradicted", "moderate", "No benefit over sham."),
        ("kp-vs-sham", "uncertain", "very-low", "Never tested."),
    ]


def test_each_verdict_by_comparison_is_checked_on_its_own_line() -> None:
    """A misspelt comparison or field, and a verdict that does not fit its certainty, each at its own line."""
    text = SPLITS.replace("vp-vs-sham:", "vp-vs-shame:").replace("Never tested.}", "Never tested., sayz: x}")
    assert [str(p) for p in parse_page(PAGE.replace("reviewed: 2026-11-22\n", text)).problems] == [
        "docs/claims/risks.md:11: unknown comparison 'vp-vs-shame' in 'verdicts' (did you mean 'vp-vs-sham'?)",
        "docs/claims/risks.md:12: unknown field 'sayz' for 'kp-vs-sham' (did you mean 'says'?)",
    ]
    text = SPLITS.replace("Never tested.}", "Never tested., notes: x}")
    assert [p.message for p in parse_page(PAGE.replace("reviewed: 2026-11-22\n", text)).problems] == [
        "unknown field 'notes' for 'kp-vs-sham'"
    ]
    text = SPLITS.replace("certainty: very-low, note", "certainty: high, note")
    assert [str(p) for p in parse_page(PAGE.replace("reviewed: 2026-11-22\n", text)).problems] == [
        "docs/claims/risks.md:12: verdict 'uncertain' (Unproven) cannot be given at high certainty for 'kp-vs-sham' "
        "(at high certainty the verdict is one of supported, contradicted, misleading, mixed; or raise the certainty "
        "if the studies justify it)"
    ]


def test_a_verdict_resting_on_a_harm_says_which_way_the_claim_goes() -> None:
    """On pain a claim speaks of a benefit; on new fractures it may say "prevents" or "causes", so the editor says
    which (the verdict's rows are read on that side); anything but better or worse is refused."""
    fractures = SPLITS.replace("note: No benefit over sham.}", "outcome: new-fracture}")
    assert [str(p) for p in parse_page(PAGE.replace("reviewed: 2026-11-22\n", fractures)).problems] == [
        "docs/claims/risks.md:11: 'verdicts' entry resting on new-fracture does not say whether the claim has the "
        "procedure doing better or worse for 'vp-vs-sham' (add says: better (e.g. it prevents them) or says: worse "
        "(e.g. it causes them))"
    ]
    causes = fractures.replace("outcome: new-fracture}", "outcome: new-fracture, says: worse}")
    (claim,) = parse_page(PAGE.replace("reviewed: 2026-11-22\n", causes)).claims
    assert [(s.outcome, s.says) for s in claim.verdicts] == [("new-fracture", "worse"), ("", "better")]
    pain = SPLITS.replace("note: No benefit over sham.}", "outcome: pain}")
    (claim,) = parse_page(PAGE.replace("reviewed: 2026-11-22\n", pain)).claims
    assert claim.verdicts[0].says == "better"
    wrong = fractures.replace("outcome: new-fracture}", "outcome: new-fracture, says: more}")
    assert [p.message for p in parse_page(PAGE.replace("reviewed: 2026-11-22\n", wrong)).problems] == [
        "unknown says 'more' for 'vp-vs-sham'"
    ]
