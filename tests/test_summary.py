"""Summary of findings and forest plots: rows resolved against the recorded findings, GRADE wording enforced,
every trial drawn on the same side for the group it favours."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup
from evidence_engine.findings import Effect, load_findings
from evidence_engine.forest import forest_plot, forest_svg
from evidence_engine.library.load import load, parse
from evidence_engine.results import summary_table_html
from evidence_engine.summary import load_summaries

PROJECT = Path(__file__).resolve().parent.parent
BIB = b"""@article{alpha2009, title={A}, journal={J}, year={2009}, studytype={rct-sham}}
@article{beta2018, title={B}, journal={J}, year={2018}}
@article{gamma2018, title={C}, journal={J}, year={2018}, studytype={systematic-review}}
"""
# Two trials that both favour vertebroplasty but print their differences with opposite signs.
ALPHA = """study: alpha2009
facts:
  - {value: 1.5, what: minimal important difference for pain on a 0-10 scale, where: Methods}
findings:
  - comparison: vp-vs-sham
    outcome: pain
    scale: 0-10
    timepoint: 1 month
    arms:
      - {group: vertebroplasty, n: 68}
      - {group: sham, n: 63}
    effect: {measure: mean difference, value: 0.7, ci: [-0.3, 1.7], favours: vertebroplasty}
"""
BETA = """study: beta2018
findings:
  - comparison: vp-vs-sham
    outcome: pain
    scale: 0-10
    timepoint: 1 month
    arms:
      - {group: vertebroplasty, n: 91}
      - {group: sham, n: 89}
    effect: {measure: mean difference, value: -0.4, ci: [-1.1, 0.3], favours: vertebroplasty}
"""
ROW = """comparison: vp-vs-sham
rows:
  - outcome: pain
    timepoint: about 1 month
    studies:
      - {study: alpha2009, timepoint: 1 month}
      - {study: beta2018, timepoint: 1 month}
    mid: {value: 1.5, study: alpha2009}
    certainty: moderate
    rated_down:
      imprecision: Two small trials.
    plain: Vertebroplasty probably makes little or no difference to pain.
"""


def summaries(tmp_path: Path, text: str = ROW) -> tuple[dict, list[str]]:
    folder = tmp_path / "findings"
    (folder / "summary").mkdir(parents=True, exist_ok=True)
    (folder / "alpha2009.yml").write_text(ALPHA)
    (folder / "beta2018.yml").write_text(BETA)
    (folder / "summary" / "vp-vs-sham.yml").write_text(text)
    studies, problems = load_findings(folder, "findings", parse(BIB, "refs.bib"))
    assert problems == []
    loaded, problems = load_summaries(folder / "summary", "findings/summary", studies)
    return loaded, [str(p) for p in problems]


def test_a_row_is_resolved_to_the_recorded_findings(tmp_path: Path) -> None:
    loaded, problems = summaries(tmp_path)
    assert problems == []
    (row,) = loaded["vp-vs-sham"].rows
    assert [(f.study, f.effect.value) for f in row.findings] == [("alpha2009", 0.7), ("beta2018", -0.4)]
    assert row.mid.value == 1.5 and row.rated_down == (("Imprecision", "Two small trials."),)


def test_every_problem_of_a_row_is_reported_at_its_line(tmp_path: Path) -> None:
    """A time point not recorded (with those that are), a sentence without GRADE's verb, a MID nobody recorded."""
    text = ROW.replace("{study: beta2018, timepoint: 1 month}", "{study: beta2018, timepoint: 2 months}")
    text = text.replace("probably makes", "makes").replace("value: 1.5, study", "value: 2, study")
    _, problems = summaries(tmp_path, text)
    assert problems == [
        "findings/summary/vp-vs-sham.yml:7: beta2018 has no pain finding at '2 months' for vp-vs-sham "
        "(recorded time points: 1 month)",
        "findings/summary/vp-vs-sham.yml:12: the plain sentence does not say 'probably' "
        "(GRADE's wording at moderate certainty: 'probably')",
        "findings/summary/vp-vs-sham.yml:8: minimal important difference 2 is not a fact of 'alpha2009' (record it "
        "in findings/alpha2009.yml as a fact whose 'what' names the minimal important difference)",
    ]


def test_the_numbers_of_a_rows_sentences_come_from_its_studies(tmp_path: Path) -> None:
    """Recorded numbers pass (the plain sentence may round as patients do, 180 people in all is both arms added
    up); an edited one fails at its own line, in the plain sentence and in a reason alike."""
    text = ROW.replace("Two small trials.", "Two trials of 131 and 180 people.")
    text = text.replace("to pain.", "to pain (about 1 point, 0 to 10 scale).")
    assert summaries(tmp_path, text)[1] == []
    _, problems = summaries(tmp_path, text.replace("131 and", "113 and").replace("about 1 point", "about 3 points"))
    assert problems == [
        "findings/summary/vp-vs-sham.yml:12: 3 in the plain sentence is not among the findings of alpha2009 or "
        "beta2018 (alpha2009, pain at 1 month: 0.7, 95% CI −0.3 to 1.7; correct the text or record the finding)",
        "findings/summary/vp-vs-sham.yml:11: 113 in the reason rated down for imprecision is not among the findings "
        "of alpha2009 or beta2018 (alpha2009, pain at 1 month: 0.7, 95% CI −0.3 to 1.7; correct the text or record "
        "the finding)",
    ]


def test_a_certainty_below_high_needs_its_reasons(tmp_path: Path) -> None:
    text = ROW.replace("    rated_down:\n      imprecision: Two small trials.\n", "")
    _, problems = summaries(tmp_path, text)
    assert problems == [
        "findings/summary/vp-vs-sham.yml:9: certainty 'moderate' without a reason rated down (add rated_down:)"
    ]


def test_the_forest_plot_puts_both_trials_on_the_side_they_favour(tmp_path: Path) -> None:
    """0.7 and −0.4 both favour vertebroplasty: both squares land right of the line of no effect."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    plot = forest_plot("Pain", ("vertebroplasty", "sham"), tuple(("s", f) for f in row.findings), None, 1.5)
    assert plot is not None
    assert all(interval.x > plot.zero for interval in plot.intervals)
    beta = plot.intervals[1]
    assert beta.low < plot.zero < beta.high  # its interval (−1.1 to 0.3, turned round) still crosses no effect
    assert plot.band[0] < plot.zero < plot.band[1]
    assert (plot.favours_left, plot.favours_right) == ("favours sham", "favours vertebroplasty")


def test_a_ratio_plot_says_how_its_numbers_and_marks_are_read(tmp_path: Path) -> None:
    """0.60 is drawn where 1/0.60 is, on the side it favours: the figure says so in words, a difference plot not."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    alpha, beta = row.findings
    fewer = replace(alpha, effect=Effect("risk ratio", 0.6, (0.29, 1.26), favours="vertebroplasty"))
    more = replace(beta, effect=Effect("risk ratio", 2.78, (1.02, 7.62), favours="sham"))
    sides = ("vertebroplasty", "sham")
    ratio = forest_plot("New fractures", sides, (("a", fewer), ("b", more)), None, None)
    difference = forest_plot("Pain", sides, tuple(("s", f) for f in row.findings), None, None)
    assert ratio is not None and difference is not None
    assert "Each ratio is printed as recorded and drawn on the side its result favours" in forest_svg(ratio)
    assert "Each ratio" not in forest_svg(difference)


def test_a_finding_without_its_direction_is_left_out_of_the_plot(tmp_path: Path) -> None:
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    beta = row.findings[1]
    unknown = replace(beta, effect=replace(beta.effect, favours=""))
    assert forest_plot("Pain", ("vertebroplasty", "sham"), (("a", row.findings[0]), ("b", unknown)), None, None) is None


def test_differences_on_other_scales_share_no_axis(tmp_path: Path) -> None:
    """A pooled 7 % of a 0-23 scale is not drawn beside 0.7 points out of 10, nor is a trial scored 0-100."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    alpha, beta = row.findings
    percent = replace(alpha, study="gamma2018", scale="percent of a 0-23 scale")
    sides = ("vertebroplasty", "sham")
    plot = forest_plot("Pain", sides, (("a", alpha), ("b", beta)), ("pooled", percent), None)
    assert plot is not None and not any(interval.pooled for interval in plot.intervals)
    assert forest_plot("Pain", sides, (("a", alpha), ("c", replace(beta, scale="0-100"))), None, None) is None


def test_analyses_of_one_study_are_rows_not_a_forest(tmp_path: Path) -> None:
    """Four matchings of the same records are not four studies: no plot, and the row says why."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    alpha = row.findings[0]
    again = replace(alpha, effect=replace(alpha.effect, value=0.2, ci=(-0.5, 0.9)))
    assert forest_plot("Pain", ("vertebroplasty", "sham"), (("a", alpha), ("a again", again)), None, None) is None
    one_study = replace(row, findings=(alpha, again), which=("", "adjusted"))
    html = BeautifulSoup(summary_table_html(replace(loaded["vp-vs-sham"], rows=(one_study,)), str, str), "html.parser")
    assert html.select_one("figure.forest-plot") is None
    assert "different analyses of one study" in html.select_one("tbody tr").text


def test_the_table_shows_each_trial_the_certainty_and_the_plot(tmp_path: Path) -> None:
    loaded, _ = summaries(tmp_path)
    html = BeautifulSoup(summary_table_html(loaded["vp-vs-sham"], str.upper, lambda key: f"../{key}/"), "html.parser")
    row = html.select_one("tbody tr")
    assert row["id"] == "sof-vp-vs-sham-pain-about-1-month"
    assert [a["href"] for a in row.select("a")] == ["../alpha2009/", "../beta2018/"]
    assert "0.7; 95% CI −0.3 to 1.7" in row.text and "Moderate certainty" in row.text
    assert html.select_one("figure.forest-plot figcaption").text == "Forest plot: Pain, about 1 month"
    svg = html.select_one("figure.forest-plot svg")
    assert svg["role"] == "img" and "ALPHA2009: 0.7 (−0.3 to 1.7); BETA2018: −0.4 (−1.1 to 0.3)" in svg.desc.text
    assert len(svg.select("rect.forest-point")) == 2 and svg.select_one("rect.forest-band")


def test_a_published_pooled_estimate_is_linked_and_every_estimate_says_which_group_it_favours(
    tmp_path: Path,
) -> None:
    """Signs differ between studies (0.7 and −0.4 both favour vertebroplasty), so the table says so in words; the
    review's pooled estimate links its study page and gives its size."""
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "gamma2018.yml").write_text(
        "study: gamma2018\nfindings:\n  - comparison: vp-vs-sham\n    outcome: pain\n    scale: 0-10\n"
        "    timepoint: 1 month\n    arms:\n"
        "      - {group: vertebroplasty, mean: 4.3}\n      - {group: placebo, mean: 5}\n"
        "    effect: {measure: mean difference, value: 0.7, ci: [0.3, 1.2], favours: vertebroplasty}\n"
        "    pooled: {studies: 5, participants: 535}\n"
    )
    text = ROW.replace("    mid:", "    pooled: {study: gamma2018, timepoint: 1 month}\n    mid:")
    loaded, problems = summaries(tmp_path, text)
    assert problems == []
    html = BeautifulSoup(summary_table_html(loaded["vp-vs-sham"], str.upper, lambda key: f"../{key}/"), "html.parser")
    entries = [li.get_text(" ", strip=True) for li in html.select(".summary-studies li")]
    assert entries == [
        "ALPHA2009 (131): Mean difference 0.7; 95% CI −0.3 to 1.7; favours vertebroplasty",
        "BETA2018 (180): Mean difference −0.4; 95% CI −1.1 to 0.3; favours vertebroplasty",
        "Pooled: GAMMA2018 (5 studies, 535 participants): "
        "Mean difference 0.7; 95% CI 0.3 to 1.2; favours vertebroplasty",
    ]
    assert html.select_one(".summary-pooled a")["href"] == "../gamma2018/"
    assert html.select_one("figure.forest-plot figcaption").text == "Forest plot: Pain, about 1 month"
    svg = html.select_one("figure.forest-plot svg")
    assert "GAMMA2018 (pooled): 0.7 (0.3 to 1.2)" in svg.desc.text and svg.select_one(".forest-pooled")


def test_the_projects_summaries_are_clean() -> None:
    library = load([(PROJECT / "references.bib", "references.bib")])
    studies, _ = load_findings(PROJECT / "findings", "findings", library)
    loaded, problems = load_summaries(PROJECT / "findings" / "summary", "findings/summary", studies)
    assert problems == []
    assert {"vp-vs-sham", "kp-vs-usual-care", "kp-vs-vp"} <= set(loaded)
    assert all(
        re.search(r"probably|may|very uncertain", row.plain) or row.certainty == "high"
        for summary in loaded.values()
        for row in summary.rows
    )


def test_a_ratio_axis_is_marked_the_same_either_side_of_one(tmp_path: Path) -> None:
    """Odds ratios are turned so that right favours the procedure; ×2 left and right are the same distance from 1."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    alpha, beta = row.findings
    odds = [
        replace(alpha, effect=replace(alpha.effect, measure="odds ratio", value=0.6, ci=(0.29, 1.26))),
        replace(beta, effect=replace(beta.effect, measure="odds ratio", value=2.78, ci=(1.02, 7.62), favours="sham")),
    ]
    plot = forest_plot("New fractures", ("vertebroplasty", "sham"), (("a", odds[0]), ("b", odds[1])), None, None)
    assert plot is not None and plot.ratio
    marks = dict((label, x) for x, label in plot.ticks)
    assert marks["1"] == plot.zero and [label for _, label in plot.ticks] == ["×10", "×2", "1", "×2", "×10"]
    twice = sorted(x for x, label in plot.ticks if label == "×2")
    assert twice[0] < plot.zero < twice[1] and abs((plot.zero - twice[0]) - (twice[1] - plot.zero)) < 0.2
    assert plot.intervals[1].x < plot.zero  # 2.78 favouring sham lands left


def test_a_row_says_why_it_has_no_plot_and_that_a_score_has_no_recorded_mid(tmp_path: Path) -> None:
    """Two trials that give only a direction have no plot, and the row says why; a score with no verified minimal
    important difference says none is recorded, instead of leaving the reader to assume there is none."""
    loaded, _ = summaries(tmp_path, ROW.replace("    mid: {value: 1.5, study: alpha2009}\n", ""))
    (row,) = loaded["vp-vs-sham"].rows
    direction_only = tuple(replace(f, effect=replace(f.effect, value=None, ci=None)) for f in row.findings)
    table = summary_table_html(replace(loaded["vp-vs-sham"], rows=(replace(row, findings=direction_only),)), str, str)
    notes = [note.text for note in BeautifulSoup(table, "html.parser").select(".summary-note")]
    assert notes == [
        "Smallest important change: none recorded for this scale (we found no verified source)",
        "No forest plot: the records we could read give no estimate with its 95% CI for alpha2009 and beta2018.",
    ]


def test_a_score_shows_each_groups_mean_beside_a_change_within_one_group(tmp_path: Path) -> None:
    """Where the record's only number is a change within one group, the groups' own means let a reader compare."""
    loaded, _ = summaries(tmp_path)
    (row,) = loaded["vp-vs-sham"].rows
    alpha = row.findings[0]
    arms = tuple(replace(a, values={**a.values, "mean": m}) for a, m in zip(alpha.arms, (9.1, 18.5), strict=True))
    scored = replace(alpha, arms=arms)
    table = summary_table_html(
        replace(loaded["vp-vs-sham"], rows=(replace(row, findings=(scored, row.findings[1])),)), str, str
    )
    entry = BeautifulSoup(table, "html.parser").select_one(".summary-studies li").get_text(" ", strip=True)
    assert entry.endswith("mean vertebroplasty 9.1 vs sham 18.5 (0–10 scale)")
