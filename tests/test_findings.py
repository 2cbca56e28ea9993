"""findings: each study's results as data, every problem in one run at its line, never a traceback."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from evidence_engine.findings import as_recorded, load_findings
from evidence_engine.library.load import load, parse

PROJECT = Path(__file__).resolve().parent.parent
BIB = b"@article{trial2009, title={T}, journal={J}, year={2009}}\n"


def load_text(tmp_path: Path, text: str, name: str = "trial2009.yml") -> tuple[dict, list[str]]:
    folder = tmp_path / "findings"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    studies, problems = load_findings(folder, "findings", parse(BIB, "refs.bib"))
    return studies, [str(p) for p in problems]


def test_the_projects_findings_are_clean_and_cover_every_cited_study() -> None:
    """findings/ loads without a problem, and each file names a study in references.bib."""
    library = load([(PROJECT / "references.bib", "references.bib")])
    studies, problems = load_findings(PROJECT / "findings", "findings", library)
    assert problems == []
    assert len(studies) >= 50 and all(key in library for key in studies)


def test_a_finding_is_read_with_its_line(tmp_path: Path) -> None:
    """Arms, effect and CI are kept; the finding knows the line it starts on."""
    text = """study: trial2009
findings:
  - comparison: vp-vs-sham
    outcome: pain
    scale: 0-10
    timepoint: 1 month
    arms:
      - {group: vertebroplasty, n: 68, mean: 3.9, sd: 2.1}
    effect: {measure: mean difference, value: 0.7, ci: [1.7, -0.3], p: 0.19}
"""
    studies, problems = load_text(tmp_path, text)
    (finding,) = studies["trial2009"].findings
    assert problems == []
    assert (finding.line, finding.effect.value, finding.effect.ci) == (3, 0.7, (-0.3, 1.7))
    assert finding.arms[0].number("mean") == 3.9 and finding.label == "pain at 1 month"


def test_a_number_is_shown_as_the_record_prints_it(tmp_path: Path) -> None:
    """A CI bound printed 1.50 stays 1.50 for readers (and in the CSV), through the cache's pickle, while sums,
    checks and the JSON download see the number; computed numbers are shown plainly."""
    text = """study: trial2009
findings:
  - comparison: vp-vs-sham
    outcome: new-fracture
    timepoint: 12 months
    effect: {measure: odds ratio, value: 0.70, ci: [0.33, 1.50], p: 0.36}
"""
    studies, problems = load_text(tmp_path, text)
    effect = pickle.loads(pickle.dumps(studies["trial2009"].findings[0].effect))
    assert problems == []
    assert [as_recorded(v) for v in (effect.value, *effect.ci)] == ["0.70", "0.33", "1.50"]
    assert str(effect.ci[1]) == "1.50" and json.dumps(effect.ci[1]) == "1.5" and effect.ci[1] * 2 == 3.0
    assert as_recorded(-0.5 * 2) == "\u22121" and as_recorded(12) == "12"


def test_an_effect_compares_only_groups_of_its_finding(tmp_path: Path) -> None:
    """`compares` names the two groups in the order the record divides or subtracts them; a name that is no group
    of the finding is a problem at its line, with the groups as the hint."""
    text = """study: trial2009
findings:
  - comparison: vp-vs-sham
    outcome: kyphosis
    timepoint: 12 months
    arms:
      - {group: vertebroplasty, events: 7}
      - {group: sham, events: 39}
    effect: {measure: odds ratio, value: 9.84, compares: [shame, vertebroplasty]}
"""
    studies, problems = load_text(tmp_path, text)
    assert problems == [
        "findings/trial2009.yml:9: 'compares' names no group of this finding: 'shame' (did you mean 'sham'?)"
    ]
    studies, problems = load_text(tmp_path, text.replace("shame", "sham"))
    assert problems == [] and studies["trial2009"].findings[0].effect.compares == ("sham", "vertebroplasty")


def test_broken_yaml_is_one_problem_at_its_line(tmp_path: Path) -> None:
    """An unclosed bracket gives YAML's reason at the line where it opened, and the file is skipped."""
    studies, problems = load_text(tmp_path, "study: trial2009\nfacts:\n  - {value: 1, what: [x\n")
    assert studies == {} and problems[0].startswith("findings/trial2009.yml:3: findings are not valid YAML")


def test_a_file_named_for_another_study_is_reported(tmp_path: Path) -> None:
    """The file name and the study key must agree, so a study's findings are found where expected."""
    _, problems = load_text(tmp_path, "study: trial2009\n", name="trial2010.yml")
    assert problems == [
        "findings/trial2010.yml:1: findings of 'trial2009' are in trial2010.yml (name the file trial2009.yml)"
    ]


def test_a_mistyped_study_key_is_reported_as_the_typo_not_as_a_misnamed_file(tmp_path: Path) -> None:
    """When the file is named for a study of the library and the study line names none, the key is the typo: the
    hint must not ask the editor to rename a correctly named file to a key that does not exist."""
    _, problems = load_text(tmp_path, "study: trail2009\n")
    assert problems == ["findings/trial2009.yml:1: study 'trail2009' is not in the library (did you mean 'trial2009'?)"]


def test_numbers_yaml_reads_as_not_a_number_are_reported_not_used(tmp_path: Path) -> None:
    """YAML reads .nan and .inf as floats; each is reported at its line and kept out of the data, so that no later
    step (the number check rounds every recorded number) meets them."""
    text = """study: trial2009
facts:
  - {value: .nan, what: patients}
findings:
  - comparison: vp-vs-sham
    outcome: new-fracture
    timepoint: 12 months
    arms:
      - {group: vertebroplasty, events: .inf, total: 68}
    effect: {measure: risk ratio, value: 0.7, p: .nan}
"""
    studies, problems = load_text(tmp_path, text)
    assert problems == [
        "findings/trial2009.yml:3: 'nan' is not a number a record gives (write digits, or text)",
        "findings/trial2009.yml:9: 'events' must be a number, not 'inf' (write digits only)",
        "findings/trial2009.yml:10: p-value 'nan' is neither a number nor like '<0.001'",
    ]
    (finding,) = studies["trial2009"].findings
    assert studies["trial2009"].facts == () and finding.arms[0].number("events") is None
    assert finding.arms[0].number("total") == 68 and finding.effect.p is None


def test_a_p_value_and_ratio_out_of_range_are_reported(tmp_path: Path) -> None:
    """p above 1 and a ratio at or below 0 cannot be right."""
    text = """study: trial2009
findings:
  - comparison: vp-vs-usual-care
    outcome: new-fracture
    timepoint: 12 months
    effect: {measure: risk ratio, value: 0, p: 1.5}
"""
    _, problems = load_text(tmp_path, text)
    assert problems == [
        "findings/trial2009.yml:6: p-value 1.5 is outside 0–1",
        "findings/trial2009.yml:6: a risk ratio must be above 0, not 0",
    ]


def test_no_folder_means_no_findings(tmp_path: Path) -> None:
    """A site without findings/ builds; nothing is reported."""
    assert load_findings(tmp_path / "findings", "findings", parse(BIB, "refs.bib")) == ({}, [])


def test_findings_of_a_study_not_in_the_library_are_reported_and_not_used(tmp_path: Path) -> None:
    """A file for an unknown key is one problem; its findings are left out, so no page breaks on the missing entry."""
    studies, problems = load_text(tmp_path, "study: trial2090\nfacts:\n  - {value: 1, what: x}\n", "trial2090.yml")
    assert studies == {}
    assert problems == ["findings/trial2090.yml:1: study 'trial2090' is not in the library (did you mean 'trial2009'?)"]


def test_an_empty_file_is_called_empty(tmp_path: Path) -> None:
    """Not "findings must be 'field: value' lines", which sends the editor looking for a wrong line."""
    _, problems = load_text(tmp_path, "")
    assert problems == ["findings/trial2009.yml:1: the findings file is empty (see findings/README.md)"]
