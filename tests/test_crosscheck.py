"""A claim against the evidence data: verdicts by comparison against their summary rows, pictures against findings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidence_engine.claims import parse_claims_page
from evidence_engine.crosscheck import claim_pictures, verdict_problems
from evidence_engine.findings import Arm, StudyFindings, load_findings
from evidence_engine.library.load import load, parse
from evidence_engine.summary import load_summaries

from .test_results import finding as results_finding
from .test_summary import BIB, ROW, summaries

PAGE = """# Efficacy

## It relieves pain {#pain-relief}

/// claim
bottom_line: It probably does not.
verdict: contradicted
certainty: moderate
certainty_reason: Sham trials.
verdicts:
  vp-vs-sham: {verdict: contradicted, certainty: high, outcome: pain}
  kp-vs-sham: {verdict: uncertain, certainty: very-low, outcome: disability}
pictures:
  - {study: alpha2009, comparison: vp-vs-sham, outcome: pain, timepoint: 1 month}
  - {study: gamma2020, comparison: vp-vs-sham, outcome: pain, timepoint: 1 month}
reviewed: 2026-12-02
evidence:
  alpha2009: contradicts
///
"""


def claim():
    page = parse_claims_page(PAGE, "docs/claims/efficacy.md", "efficacy", parse(BIB, "refs.bib"))
    assert page.problems == []
    return page.claims[0]


def test_a_verdict_cannot_be_surer_than_its_rows_and_needs_them(tmp_path: Path) -> None:
    loaded, _ = summaries(tmp_path)
    assert [str(p) for p in verdict_problems(claim(), loaded)] == [
        "docs/claims/efficacy.md:11: verdict for vp-vs-sham is at high certainty, but its summary rows for pain are "
        "at most moderate (the verdict cannot be surer than the evidence it rests on: lower it, or revise the rows)",
        "docs/claims/efficacy.md:12: no summary-of-findings row for disability in kp-vs-sham (add a row for it to "
        "findings/summary/kp-vs-sham.yml, or leave out 'outcome')",
    ]


def test_a_verdict_can_rest_on_the_rows_of_one_time_point(tmp_path: Path) -> None:
    """A claim that relief lasts rests on the latest row, not the surest one: `timepoint` narrows the rows, and a
    time point with no row is named with those there are."""
    loaded, _ = summaries(tmp_path)
    at = lambda time: replace(  # noqa: E731
        claim(), verdicts=(replace(claim().verdicts[0], certainty="moderate", timepoint=time),)
    )
    assert verdict_problems(at("about 1 month"), loaded) == []
    assert [str(p) for p in verdict_problems(at("24 months"), loaded)] == [
        "docs/claims/efficacy.md:11: no summary-of-findings row for pain at 24 months in vp-vs-sham (its rows for pain"
        " are at 'about 1 month')"
    ]
    page = PAGE.replace("outcome: disability}", "timepoint: 1 month}")
    problems = parse_claims_page(page, "docs/claims/efficacy.md", "efficacy", parse(BIB, "refs.bib")).problems
    assert [str(p) for p in problems] == [
        "docs/claims/efficacy.md:12: 'verdicts' entry has a timepoint but no outcome for 'kp-vs-sham' (add outcome:"
        " the rows' outcome)"
    ]


def test_a_summary_file_with_problems_is_the_one_problem_reported(tmp_path: Path) -> None:
    """A wrong verb in a summary file leaves the file out; the verdicts resting on it are not reported again as
    having no rows (root cause first, no cascade)."""
    loaded, problems = summaries(tmp_path, ROW.replace("probably makes", "makes"))
    assert len(problems) == 1 and "does not say 'probably'" in problems[0]
    assert loaded == {"vp-vs-sham": None}
    assert [p.message for p in verdict_problems(claim(), loaded)] == [
        "no summary-of-findings row for disability in kp-vs-sham"
    ]


def test_pictures_need_a_recorded_finding_counted_in_people(tmp_path: Path) -> None:
    summaries(tmp_path)
    studies, _ = load_findings(tmp_path / "findings", "findings", parse(BIB, "refs.bib"))
    arrays, problems = claim_pictures(claim(), studies, str.upper)
    assert arrays == []
    assert [str(p) for p in problems] == [
        "docs/claims/efficacy.md:14: alpha2009: pain at '1 month' (vp-vs-sham) is not counted in people in every "
        "group (pictures need events or percent)",
        "docs/claims/efficacy.md:15: no findings recorded for 'gamma2020' (record its findings first)",
    ]


def test_the_projects_claims_draw_their_pictures() -> None:
    """Every claim's pictures come from findings counted in people (the build checks the same)."""
    project = Path(__file__).resolve().parent.parent
    library = load([(project / "references.bib", "references.bib")])
    studies, _ = load_findings(project / "findings", "findings", library)
    text = (project / "docs" / "claims" / "efficacy.md").read_text()
    page = parse_claims_page(text, "docs/claims/efficacy.md", "efficacy", library)
    nine = next(c for c in page.claims if c.id == "nine-out-of-ten")
    arrays, problems = claim_pictures(nine, studies, lambda key: key)
    assert problems == []
    assert [(p.group, p.out_of_100) for p in arrays[0].pictures] == [("vertebroplasty", 44), ("placebo", 21)]
    caption = "Pain below 4 out of 10, two weeks after vertebroplasty or a fake (placebo) procedure"
    assert arrays[0].title == caption  # the claim's plain caption, not the finding's definition


def test_a_picture_of_too_few_events_is_refused_with_a_hint() -> None:
    """One event in each group would round to 1 and 2 out of 100: the claim is told to give the counts in words."""
    rare = (Arm("vertebroplasty", {"events": 1, "total": 68}), Arm("sham", {"events": 1, "total": 63}))
    few = replace(results_finding(arms=rare), study="alpha2009", outcome="pain", timepoint="1 month")
    studies = {"alpha2009": StudyFindings("alpha2009", "f", "", "", (), (few,))}
    arrays, problems = claim_pictures(claim(), studies, str.upper)
    assert arrays == []
    assert str(problems[0]) == (
        "docs/claims/efficacy.md:14: alpha2009: pain at '1 month' (vp-vs-sham) has fewer than 5 events in every "
        "group (too few to draw out of 100 without rounding misleading; give the counts in words)"
    )


TRIAL = """study: {key}
findings:
  - comparison: vp-vs-sham
    outcome: {outcome}
    scale: 0-10
    timepoint: 1 month
    arms:
      - {{group: vertebroplasty, n: 60}}
      - {{group: sham, n: 60}}
    effect: {effect}
"""
DIRECTED = """comparison: vp-vs-sham
rows:
  - outcome: {outcome}
    timepoint: 1 month
    studies:
      - {{study: alpha2009, timepoint: 1 month}}
{mid}    certainty: moderate
    rated_down:
      imprecision: One trial.
    plain: Vertebroplasty probably makes little or no difference.
"""


def direction_problems(tmp_path: Path, verdict: str, effect: str, outcome: str = "pain", mid: bool = True) -> list:
    """The problems of a one-line verdict on one trial's result (alpha2009, MID 1.5 when `mid`)."""
    folder = tmp_path / "findings"
    (folder / "summary").mkdir(parents=True, exist_ok=True)
    key_fact = "facts:\n  - {value: 1.5, what: minimal important difference, where: Methods}\n"
    (folder / "alpha2009.yml").write_text(TRIAL.format(key="alpha2009", outcome=outcome, effect=effect) + key_fact)
    row_mid = "    mid: {value: 1.5, study: alpha2009}\n" if mid else ""
    (folder / "summary" / "vp-vs-sham.yml").write_text(DIRECTED.format(outcome=outcome, mid=row_mid))
    library = parse(BIB, "refs.bib")
    studies, found = load_findings(folder, "findings", library)
    loaded, more = load_summaries(folder / "summary", "findings/summary", studies)
    assert found + more == []
    text = (
        PAGE.split("verdicts:")[0]
        + f"verdicts:\n  vp-vs-sham: {verdict}\nreviewed: 2026-12-02\nevidence:\n  alpha2009: mixed\n///\n"
    )
    page = parse_claims_page(text, "docs/claims/efficacy.md", "efficacy", library)
    assert page.problems == []
    return [str(p) for p in verdict_problems(page.claims[0], loaded)]


CONTRADICTED = "{verdict: contradicted, certainty: moderate, outcome: pain}"
SUPPORTED = "{verdict: supported, certainty: moderate, outcome: pain}"


def test_a_contradicted_verdict_cannot_rest_on_a_clear_important_benefit(tmp_path: Path) -> None:
    """Lower pain with the procedure, its 95% CI clear of no difference and the estimate past the minimal important
    difference: "contradicted" is at odds with its own row. A clear but smaller difference is not."""
    clear = "{measure: mean difference, value: 2.1, ci: [1.2, 3.0], favours: vertebroplasty}"
    assert direction_problems(tmp_path, CONTRADICTED, clear) == [
        "docs/claims/efficacy.md:11: verdict for vp-vs-sham is 'contradicted', but its summary row for pain at 1 "
        "month clearly shows what the claim says (alpha2009: favours vertebroplasty, 2.1, 95% CI 1.2 to 3, at least "
        "the minimal important difference 1.5) (revise the verdict (partly true?) or the rows)"
    ]
    small = "{measure: mean difference, value: 0.7, ci: [0.3, 1.2], favours: vertebroplasty}"
    assert direction_problems(tmp_path, CONTRADICTED, small) == []
    assert len(direction_problems(tmp_path, CONTRADICTED, small, mid=False)) == 1  # no yardstick: any clear benefit


def test_a_supported_verdict_needs_a_row_that_clearly_shows_the_claim(tmp_path: Path) -> None:
    """A CI across no difference supports nothing; a clear difference the other way is reported as such; a
    difference printed with a negative sign still counts for the group it favours."""
    unclear = "{measure: mean difference, value: 0.7, ci: [-0.3, 1.7], favours: vertebroplasty}"
    assert direction_problems(tmp_path, SUPPORTED, unclear) == [
        "docs/claims/efficacy.md:11: verdict for vp-vs-sham is 'supported', but none of its summary rows for pain "
        "clearly shows what the claim says (clearly: a 95% CI that leaves out no difference, or p < 0.05; revise the "
        "verdict or add that row)"
    ]
    worse = "{measure: mean difference, value: 1.1, ci: [0.2, 2.0], favours: sham}"
    assert direction_problems(tmp_path, SUPPORTED, worse) == [
        "docs/claims/efficacy.md:11: verdict for vp-vs-sham is 'supported', but its summary row for pain at 1 month "
        "clearly shows the opposite (alpha2009: favours sham, 1.1, 95% CI 0.2 to 2) (revise the verdict or the rows)"
    ]
    negative_sign = "{measure: mean difference, value: -1.1, ci: [-2.0, -0.2], favours: vertebroplasty}"
    assert direction_problems(tmp_path, SUPPORTED, negative_sign) == []


def test_without_a_ci_a_p_value_and_the_favoured_group_decide(tmp_path: Path) -> None:
    assert direction_problems(tmp_path, SUPPORTED, "{p: 0.035, favours: vertebroplasty}") == []
    assert len(direction_problems(tmp_path, SUPPORTED, "{p: 0.19, favours: vertebroplasty}")) == 1
    assert len(direction_problems(tmp_path, SUPPORTED, '{p: "<0.001", favours: sham}')) == 1
    # the size is unknown, so a contradicted verdict with a yardstick cannot be shown wrong by a p-value
    assert direction_problems(tmp_path, CONTRADICTED, "{p: 0.035, favours: vertebroplasty}") == []


def test_a_claim_that_the_procedure_does_harm_is_read_on_the_other_side(tmp_path: Path) -> None:
    """'It causes new fractures' (says: worse) is supported by clearly more fractures with the procedure, and
    contradicted, not supported, by clearly fewer."""
    more = "{measure: risk ratio, value: 2.5, ci: [1.2, 5.1], favours: sham}"
    causes = "{verdict: supported, certainty: moderate, outcome: new-fracture, says: worse}"
    assert direction_problems(tmp_path, causes, more, outcome="new-fracture", mid=False) == []
    fewer = "{measure: risk ratio, value: 0.4, ci: [0.2, 0.8], favours: vertebroplasty}"
    assert len(direction_problems(tmp_path, causes, fewer, outcome="new-fracture", mid=False)) == 1
    prevents = causes.replace("worse", "better")
    assert direction_problems(tmp_path, prevents, fewer, outcome="new-fracture", mid=False) == []


def test_the_projects_verdicts_agree_with_their_rows() -> None:
    """Every verdict by comparison that rests on rows reads them the way they point (the build checks the same)."""
    project = Path(__file__).resolve().parent.parent
    library = load([(project / "references.bib", "references.bib")])
    studies, _ = load_findings(project / "findings", "findings", library)
    loaded, _ = load_summaries(project / "findings" / "summary", "findings/summary", studies)
    checked = 0
    for path in sorted((project / "docs" / "claims").glob("*.md")):
        page = parse_claims_page(path.read_text(), f"docs/claims/{path.name}", path.stem, library)
        for claim in page.claims:
            checked += sum(1 for split in claim.verdicts if split.outcome)
            assert verdict_problems(claim, loaded) == [], claim.id
    assert checked >= 7
