"""A claim against the evidence data: verdicts by comparison against their summary rows, pictures against findings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidence_engine.claims import parse_claims_page
from evidence_engine.crosscheck import claim_pictures, verdict_problems
from evidence_engine.findings import Arm, StudyFindings, load_findings
from evidence_engine.library.load import load, parse

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
