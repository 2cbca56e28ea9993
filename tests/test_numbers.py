"""numbers: every number in a citing sentence is among the cited studies' findings, or follows from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_engine.claims import parse_claims_page
from evidence_engine.findings import load_findings
from evidence_engine.library.load import parse
from evidence_engine.numbers import check_claim_numbers, check_numbers, key_finding_problems
from evidence_engine.pages import PageSource

BIB = b"""@article{trial2009, title={T}, journal={J}, year={2009}, studytype={rct-sham}, trial={TRIAL}}
@article{other2010, title={O}, journal={J}, year={2010}}
"""
FINDINGS = """study: trial2009
read_at: https://example.org/made-up-for-a-test
facts:
  - {value: 131, what: patients randomised}
findings:
  - comparison: vp-vs-sham
    outcome: pain
    scale: 0-10
    timepoint: 1 month
    arms:
      - {group: vertebroplasty, n: 68, mean: 3.9}
      - {group: sham, n: 63, mean: 5.1}
    effect: {measure: mean difference, value: -1.24, ci: [-2.64, 0.3], p: 0.19}
  - comparison: vp-vs-sham
    outcome: serious-adverse-event
    timepoint: 1 month
    arms:
      - {group: vertebroplasty, events: 12, total: 48}
      - {group: sham, events: 3, total: 63}
"""


@pytest.fixture
def studies(tmp_path: Path):
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "trial2009.yml").write_text(FINDINGS)
    studies, problems = load_findings(tmp_path / "findings", "findings", parse(BIB, "refs.bib"))
    assert problems == []
    return studies


def problems_of(text: str, studies) -> list[str]:
    page = PageSource("claims/risks.md", "docs/claims/risks.md", text, first_line=5)
    return [str(p) for p in check_numbers(page, studies, {"trial2009": "TRIAL"})]


@pytest.mark.parametrize(
    "sentence",
    [
        "TRIAL randomised 131 patients [@trial2009].",
        "The difference was −1.24 points (95% CI −2.64 to 0.3; p=0.19) [@trial2009].",
        "Pain was 1.2 points lower [@trial2009].",  # rounded, without its sign
        "Pain fell by 2.6 points at most [@trial2009].",  # a CI bound rounded to the place written
        "Serious harms: 12 of 48 (25%) [@trial2009].",  # a share of events
        "On a 0–10 scale in 2009, rated out of 10 [@trial2009].",  # scale ends, a year
        "The SF-36 score was reported [@trial2009].",  # part of a name
        "Grade 3 fractures, 12 in every 100,000 people [@trial2009].",  # a grade's label, a rate's denominator
        "Means were 3.9 and 5.1, so 1.2 apart [@trial2009].",  # the gap between arms
        "Nobody cites a study here: 999 is not checked.",
    ],
)
def test_numbers_that_follow_from_the_findings_pass(sentence: str, studies) -> None:
    """Recorded numbers, their rounding, shares of events and gaps between arms, and exempt numbers pass."""
    assert problems_of(sentence, studies) == []


def test_a_changed_number_is_reported_with_the_nearest_finding(studies) -> None:
    """The golden message: the number, the study, and the finding it probably meant."""
    assert problems_of("Some text.\nThe pain difference was 1.3 points [@trial2009].\n", studies) == [
        "docs/claims/risks.md:6: 1.3 is not among the findings of trial2009 "
        "(TRIAL, pain at 1 month: −1.24, 95% CI −2.64 to 0.3; correct the text or record the finding)"
    ]


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("The difference was not significant (p=.29) [@trial2009].", ".29"),  # a P value without its zero
        ("Serious harms in 12–49 people [@trial2009].", "49"),  # the second number of a range
        ("Serious harms in 11-48 people [@trial2009].", "11"),
    ],
)
def test_p_values_without_a_zero_and_both_ends_of_a_range_are_checked(sentence: str, written: str, studies) -> None:
    """p=.19 is 0.19 and passes; p=.29 is not recorded. A range 12–48 is two numbers, and each must be recorded."""
    assert problems_of(sentence.replace(written, {".29": ".19", "49": "48", "11": "12"}[written]), studies) == []
    assert [p.split(": ")[1].split(" is not")[0] for p in problems_of(sentence, studies)] == [written]


def test_a_problem_names_the_line_of_the_number_not_of_the_sentence(studies) -> None:
    """A sentence over three lines: the wrong number is on its third, and that is the line named."""
    text = "TRIAL randomised 131 patients\nand 12 of 48 had serious harms,\nwith p=0.91 [@trial2009].\n"
    assert [p.split(": ")[0] for p in problems_of(text, studies)] == ["docs/claims/risks.md:7"]


def test_a_recorded_integer_is_not_rounded(studies) -> None:
    """A mean of 3.9 does not make "4 patients" right: only derived numbers round to whole numbers."""
    assert len(problems_of("Only 4 patients had pain [@trial2009].", studies)) == 1


def test_a_patients_handout_may_round_to_whole_numbers(studies) -> None:
    """`numbers: plain` in the front matter lets a handout say "about 4" for a mean of 3.9, as an "In short" may;
    a number no finding rounds to still fails, and an unknown setting is reported rather than ignored."""
    text = "Pain was about 4 out of 10 [@trial2009].\nAbout 7 had pain [@trial2009].\n"
    handout = PageSource("options.md", "docs/options.md", text, first_line=5, meta={"numbers": "plain"})
    assert [str(p) for p in check_numbers(handout, studies)] == [
        "docs/options.md:6: 7 is not among the findings of trial2009 "
        "(trial2009, pain at 1 month: −1.24, 95% CI −2.64 to 0.3; correct the text or record the finding)"
    ]
    assert len(problems_of(text, studies)) == 2  # without it, 4 for 3.9 fails too
    typo = PageSource("options.md", "docs/options.md", "Text.\n", meta={"numbers": "plan"})
    assert [str(p) for p in check_numbers(typo, studies)] == [
        "docs/options.md:1: unknown 'numbers: plan' in the front matter "
        "('numbers: plain' lets a patients' handout round to whole numbers; otherwise leave it out)"
    ]


def test_a_study_without_findings_is_asked_for_once_a_sentence(studies) -> None:
    """The numbers of a sentence citing a study with no findings file ask for that file, in one problem."""
    assert problems_of("It had 57 patients, 12 of them men [@other2010].", studies) == [
        "docs/claims/risks.md:5: 57 and 12 cannot be checked: other2010 has no findings file "
        "(record its findings in findings/other2010.yml, or correct the text)"
    ]


def test_each_sentence_is_checked_against_its_own_citations(studies) -> None:
    """131 is fine where TRIAL is cited, and reported in the next sentence, which cites another study."""
    text = "TRIAL had 131 patients [@trial2009]. A cohort had 131 too [@other2010]."
    assert [p.split(": ", 1)[1] for p in problems_of(text, studies)] == [
        "131 cannot be checked: other2010 has no findings file (record its findings in "
        "findings/other2010.yml, or correct the text)"
    ]


def test_claim_blocks_and_code_are_not_checked(studies) -> None:
    """Numbers inside a claim's YAML block and in code are not prose."""
    text = "/// claim\nbottom_line: 77 [@trial2009]\n///\n\n```\n88 [@trial2009]\n```\n"
    assert problems_of(text, studies) == []


def in_short_problems(bottom_line: str, studies) -> list[str]:
    """Problems with a claims page whose one claim weighs TRIAL and says `bottom_line` in short."""
    text = (
        "Intro.\n\n## A claim {#a-claim}\n\n/// claim\n"
        f"bottom_line: {bottom_line}\n"
        "verdict: supported\ncertainty: moderate\ncertainty_reason: Two trials.\nreviewed: 2026-12-02\n"
        "evidence:\n  trial2009: supports\n///\n"
    )
    page = PageSource("claims/risks.md", "docs/claims/risks.md", text, first_line=5)
    claims = parse_claims_page(text, page.display_path, "risks", parse(BIB, "refs.bib"), page.first_line)
    assert claims.problems == [] and len(claims.blocks) == 1
    return [str(p) for p in check_claim_numbers(page, claims, studies, {"trial2009": "TRIAL"})]


@pytest.mark.parametrize(
    "bottom_line",
    [
        "In one trial of 131 people, pain was about 1 point lower.",  # −1.24 in a patient's rounding
        "Serious harms hit about 25 out of 100 people, or 1 in 4.",  # 12 of 48 as a share, and as 1 in N
        "About 1 in 20 had a serious harm after the sham.",  # 3 of 63 = 4.8 %, about 5 %
        "Rated on a 0 to 10 scale.",
    ],
)
def test_an_in_short_may_round_as_patients_do(bottom_line: str, studies) -> None:
    """The "In short" cites nothing: its numbers come from the studies the claim weighs, rounded in plain words."""
    assert in_short_problems(bottom_line, studies) == []


def test_a_changed_number_in_an_in_short_is_reported_at_its_line(studies) -> None:
    """At the `bottom_line:` line of the file (the page's Markdown starts at line 5, the field is its sixth)."""
    assert in_short_problems("In one trial, 140 people took part, about 1 in 3 with harms.", studies) == [
        "docs/claims/risks.md:10: '1 in 3' in the \"In short\" is not among the findings of trial2009 "
        "(TRIAL, serious harms at 1 month: no effect estimate recorded; correct the text or record the finding)",
        'docs/claims/risks.md:10: 140 in the "In short" is not among the findings of trial2009 '
        "(TRIAL, pain at 1 month: −1.24, 95% CI −2.64 to 0.3; correct the text or record the finding)",
    ]


def test_a_certainty_reason_and_a_verdicts_note_are_checked_as_written(studies) -> None:
    """Clinicians read these: no plain rounding (1.2 passes, 2 for −1.24 does not), each problem at its field's line."""
    text = (
        "Intro.\n\n## A claim {#a-claim}\n\n/// claim\n"
        "bottom_line: No number here.\nverdict: supported\ncertainty: moderate\n"
        "certainty_reason: One trial of 131 people; pain 1.2 points lower, or 2 in round numbers.\n"
        "reviewed: 2026-12-02\n"
        'verdicts:\n  vp-vs-sham: {verdict: supported, certainty: moderate, note: "12 of 48 had harms, 26%."}\n'
        "evidence:\n  trial2009: supports\n///\n"
    )
    page = PageSource("claims/risks.md", "docs/claims/risks.md", text, first_line=5)
    claims = parse_claims_page(text, page.display_path, "risks", parse(BIB, "refs.bib"), page.first_line)
    assert claims.problems == []
    problems = [str(p) for p in check_claim_numbers(page, claims, studies, {"trial2009": "TRIAL"})]
    assert [p.split(" is not among")[0] for p in problems] == [
        "docs/claims/risks.md:13: 2 in the certainty reason",
        "docs/claims/risks.md:16: 26 in the note of the vp-vs-sham verdict",
    ]


def test_both_arms_added_up_follow_from_the_findings(studies) -> None:
    """68 + 63 analysed, 12 + 3 harmed; a sum of other numbers does not (68 + 12 = 80)."""
    assert problems_of("Of 131 analysed, 15 had serious harms [@trial2009].", studies) == []
    assert len(problems_of("Of 80 analysed [@trial2009].", studies)) == 1


def test_a_share_written_with_thousands_is_read_whole(studies) -> None:
    """ "1 in 1,000" is one share (0.1 %, which nothing recorded gives), not "1 in 1" and a stray 000."""
    problems = in_short_problems("Harms hit 1 in 4, not 1 in 1,000.", studies)
    assert len(problems) == 1 and "'1 in 1,000' in the \"In short\"" in problems[0]


def test_a_key_finding_is_checked_against_its_own_study(studies) -> None:
    """A reference's plain `finding` (the study page's "Key finding") may round as patients do; a number its study
    does not give is reported at the field's line; a reference with no findings file is not checked."""
    bib = (
        b"@article{trial2009, title={T}, journal={J}, year={2009},\n"
        b"  finding={131 people; pain about 1 point lower; serious harms in 25\\% against 5\\%; 140 took part.}}\n"
        b"@article{other2010, title={O}, journal={J}, year={2010}, finding={999 people.}}\n"
    )
    library = parse(bib, "refs.bib")
    problems = key_finding_problems(library, studies)
    assert [str(p) for p in problems] == [
        "refs.bib:2: 140 in the key finding is not among the findings of trial2009 (trial2009, pain at 1 month: −1.24,"
        " 95% CI −2.64 to 0.3; correct the text or record the finding)"
    ]
    assert problems[0].entry == "trial2009"  # a notice, not an error, while no page cites the reference
