"""results: a study's recorded findings as readers see them, and "out of 100" pictures with their words."""

from __future__ import annotations

from bs4 import BeautifulSoup
from evidence_engine.findings import Arm, Effect, Finding, StudyFindings
from evidence_engine.results import icon_array, results_by_comparison, results_html


def finding(**changes: object) -> Finding:
    values: dict[str, object] = {
        "study": "trial2016",
        "comparison": "vp-vs-sham",
        "outcome": "treatment-success",
        "timepoint": "14 days",
        "line": 3,
        "definition": "pain below 4 out of 10",
        "arms": (Arm("vertebroplasty", {"events": 24, "total": 61}), Arm("placebo", {"percent": 21})),
        "effect": Effect("risk difference", 23, (6, 39), 0.01),
        "where": "Abstract",
    }
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]


def test_groups_counted_in_people_become_two_pictures_out_of_100() -> None:
    """24 of 61 is drawn as 39 filled figures of 100, 21% as 21, each with its group's words."""
    array = icon_array(finding())
    assert array is not None and array.title == "pain below 4 out of 10 (14 days)"
    assert [(p.group, p.out_of_100, p.exact) for p in array.pictures] == [
        ("vertebroplasty", 39, "24 of 61"),
        ("placebo", 21, "21%"),
    ]


def test_no_picture_without_a_share_for_every_group() -> None:
    """A comparison whose control group has no count is not drawn: a picture without its comparator misleads."""
    assert icon_array(finding(arms=(Arm("vertebroplasty", {"percent": 44}), Arm("placebo", {"n": 59})))) is None


def test_too_few_events_are_not_drawn_and_rare_events_are_counted_out_of_1000() -> None:
    """1 of 68 against 1 of 63 would round to 1 and 2 out of 100 (twice the harm, in a picture), and to 15 vs 16 out
    of 1,000 (a precision one event does not have): no picture, and the counts themselves. Rare events with five or
    more in a group are counted out of 1,000, as summary-of-findings tables do; five are enough to draw."""

    def absolute(arms: tuple[Arm, ...]) -> str:
        studies = {"trial2016": StudyFindings("trial2016", "f", "", "", (), (finding(arms=arms),))}
        (comparison,) = results_by_comparison(studies, str, str)
        return comparison.outcomes[0].results[0].absolute

    rare = (Arm("vertebroplasty", {"events": 1, "total": 68}), Arm("sham", {"events": 1, "total": 63}))
    assert icon_array(finding(arms=rare)) is None
    assert absolute(rare) == "1 of 68 vs 1 of 63"
    uncommon = (Arm("kyphoplasty", {"events": 5, "total": 210}), Arm("usual care", {"events": 9, "total": 176}))
    assert absolute(uncommon) == "24 vs 51 out of 1,000"
    # Whole percentages are not counts: 8% against 45% stays out of 100 (80 out of 1,000 would be false precision).
    percentages = (Arm("vertebroplasty", {"events": 7, "percent": 8}), Arm("sham", {"events": 39, "percent": 45}))
    studies = {"trial2016": StudyFindings("trial2016", "f", "", "", (), (finding(arms=percentages),))}
    (comparison,) = results_by_comparison(studies, str, str)
    assert comparison.outcomes[0].results[0].absolute == "8 vs 45 out of 100"
    enough = (Arm("vertebroplasty", {"events": 5, "total": 68}), Arm("sham", {"events": 1, "total": 63}))
    array = icon_array(finding(arms=enough))
    assert array is not None and [p.out_of_100 for p in array.pictures] == [7, 2]


def test_the_page_section_shows_every_finding_with_its_numbers() -> None:
    """The table names the result, the groups, the effect with its CI, and links where it was read."""
    study = StudyFindings("trial2016", "findings/trial2016.yml", "https://example.org/record", "", (), (finding(),))
    page = BeautifulSoup(results_html(study), "html.parser")
    (row,) = page.select("table.study-results-table tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    assert cells[0].startswith("Treatment success, 14 days")
    assert cells[1] == "vertebroplasty: 24 of 61 (39%) placebo: 21%"
    assert cells[2] == "Risk difference 23 percentage points; 95% CI 6 to 39; p = 0.01"
    assert row.find("a")["href"] == "https://example.org/record"
    assert [svg["aria-label"] for svg in page.select("svg")] == [
        "vertebroplasty: 39 out of 100",
        "placebo: 21 out of 100",
    ]
    # Each figure is one circle (a move and two arcs) in its group's path: 39 filled, 61 open.
    first = page.select("svg")[0]
    assert first.select_one("path.icon-filled")["d"].count("M") == 39
    assert first.select_one("path.icon-empty")["d"].count("M") == 61


def test_another_comparison_or_outcome_is_named_by_its_definition_not_by_the_editors_label() -> None:
    """The editors' label "Another comparison (see its definition)" is not for readers: they see what was compared."""
    other = finding(comparison="other", outcome="other", definition="alendronate against placebo; surgery needed")
    study = StudyFindings("trial2016", "findings/trial2016.yml", "https://example.org/record", "", (), (other,))
    heading = BeautifulSoup(results_html(study), "html.parser").select_one("tbody th").get_text(" ", strip=True)
    assert heading == "Another result, 14 days alendronate against placebo; surgery needed"


def test_an_effect_nobody_recorded_is_not_called_unreported() -> None:
    """A study may well report a difference we could not read: the table says none is recorded, not that the study
    reported none; a recorded direction is said in words."""
    signed_effect = Effect("mean difference", -0.4, (-1.1, 0.3), None, favours="vertebroplasty")
    study = StudyFindings(
        "trial2016", "findings/trial2016.yml", "", "", (), (finding(effect=None), finding(effect=signed_effect))
    )
    unread, signed = BeautifulSoup(results_html(study), "html.parser").select("table.study-results-table tbody tr")
    assert unread.find_all("td")[1].get_text(strip=True) == "none recorded"
    assert signed.find_all("td")[1].get_text(" ", strip=True) == (
        "Mean difference −0.4; 95% CI −1.1 to 0.3; favours vertebroplasty"
    )


def test_an_effect_says_which_way_round_it_runs_and_a_change_within_a_group_is_not_a_difference() -> None:
    """An odds ratio of 9.84 is harm or benefit depending on its order, so a recorded order is shown; a change
    within one group names that group instead of calling itself a difference; small shares keep a decimal, where
    whole numbers would make 1 of 68 and 1 of 63 look like 1% against 2%."""
    ratio = Effect(
        "odds ratio", 9.84, (4.08, 23.73), None, favours="vertebroplasty", compares=("sham", "vertebroplasty")
    )
    change = Effect("mean difference", -8.3, (-10.2, -6.4), None, within_group=True)
    arms = (Arm("kyphoplasty", {"n": 65, "mean_change": -8.3}), Arm("usual care", {"n": 52, "mean_change": 0.1}))
    rare = (Arm("vertebroplasty", {"events": 1, "total": 68}), Arm("sham", {"events": 1, "total": 63}))
    findings = (finding(effect=ratio), finding(effect=change, arms=arms), finding(arms=rare))
    study = StudyFindings("trial2016", "findings/trial2016.yml", "", "", (), findings)
    rows = BeautifulSoup(results_html(study), "html.parser").select("table.study-results-table tbody tr")
    cells = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in rows]
    assert cells[0][1] == "Odds ratio (sham vs vertebroplasty) 9.84; 95% CI 4.08 to 23.73; favours vertebroplasty"
    assert cells[1][1] == (
        "Change within the kyphoplasty group −8.3; 95% CI −10.2 to −6.4 (not a comparison between groups)"
    )
    assert cells[2][0] == "vertebroplasty: 1 of 68 (1.5%) sham: 1 of 63 (1.6%)"


def test_editor_text_is_escaped() -> None:
    """A group name with markup is shown as text."""
    arms = (Arm("<b>x</b>", {"events": 1, "total": 2}), Arm("y", {"events": 1, "total": 2}))
    study = StudyFindings("t", "f", "", "", (), (finding(arms=arms),))
    assert "<b>x</b>" not in results_html(study) and "&lt;b&gt;x&lt;/b&gt;" in results_html(study)


def test_results_are_grouped_by_comparison_with_the_sham_trials_first() -> None:
    """The results page puts blinded sham-controlled trials first, then open-label ones, each outcome in a table."""
    sham = finding()
    open_label = finding(comparison="kp-vs-usual-care", study="free2009", timepoint="1 month")
    studies = {
        "free2009": StudyFindings("free2009", "f", "", "", (), (open_label,)),
        "trial2016": StudyFindings("trial2016", "f", "", "", (), (sham,)),
    }
    comparisons = results_by_comparison(studies, lambda key: key.upper(), lambda key: f"../studies/{key}/")
    assert [c.name for c in comparisons] == ["vp-vs-sham", "kp-vs-usual-care"]
    (outcome,) = comparisons[0].outcomes
    (result,) = outcome.results
    assert (outcome.outcome, result.study, result.link, result.absolute) == (
        "Treatment success",
        "TRIAL2016",
        "../studies/trial2016/",
        "39 vs 21 out of 100",
    )


def test_a_direction_without_its_size_says_the_size_is_not_recorded() -> None:
    """A record may show only which group did better: the table says so, instead of an empty cell or a bare P value.
    Where the groups' own results are recorded (64% vs 48%), they are the size, and nothing more is said."""
    arms = (Arm("vertebroplasty", {"n": 96}), Arm("conservative treatment", {"n": 92}))
    direction = Effect(p=0.035, favours="vertebroplasty")
    with_shares = (Arm("vertebroplasty", {"n": 68, "percent": 64}), Arm("sham", {"n": 63, "percent": 48}))
    cells = []
    for arm_pair in (arms, with_shares):
        study = StudyFindings("trial2016", "f", "", "", (), (finding(arms=arm_pair, effect=direction),))
        (row,) = BeautifulSoup(results_html(study), "html.parser").select("table.study-results-table tbody tr")
        cells.append(row.find_all(["th", "td"])[2].get_text(" ", strip=True))
    assert cells == ["p = 0.035; favours vertebroplasty; size not recorded", "p = 0.035; favours vertebroplasty"]


def test_a_pictures_number_and_group_stay_apart_without_the_line_break() -> None:
    """Material's search index drops tags, <br> included: "39 out of 100" and its group must not run together
    ("39 out of 100vertebroplasty") in a search preview."""
    study = StudyFindings("trial2016", "findings/trial2016.yml", "https://example.org/record", "", (), (finding(),))
    captions = BeautifulSoup(results_html(study), "html.parser").select(".icon-array-group p")
    assert [caption.get_text("") for caption in captions] == [
        "39 out of 100 vertebroplasty (24 of 61)",
        "21 out of 100 placebo (21%)",
    ]
