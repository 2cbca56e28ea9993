"""Effects the site computes from published counts: statsmodels reproduces every recorded one, the command prints
what to record, and a computed effect must say from which counts and in which order."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_engine.__main__ import main
from evidence_engine.counts import Counted, effect_from_counts
from evidence_engine.findings import load_findings
from evidence_engine.library.load import load, parse

PROJECT = Path(__file__).resolve().parent.parent


def computed_findings() -> list:
    library = load([(PROJECT / "references.bib", "references.bib")])
    studies, problems = load_findings(PROJECT / "findings", "findings", library)
    assert problems == []
    return [f for s in studies.values() for f in s.findings if f.effect and f.effect.computed]


def test_every_effect_the_site_computed_is_what_statsmodels_gives_from_its_counts() -> None:
    """Recorded to two decimals; recomputed from the arms' counts, each number must round to the recorded one."""
    found = computed_findings()
    assert found, "no computed effect recorded: this test would prove nothing"
    for finding in found:
        first, second = (Counted(int(a.number("events")), int(a.number("total"))) for a in finding.arms)
        value, low, high = effect_from_counts(finding.effect.measure, first, second)
        recorded = (finding.effect.value, *finding.effect.ci)
        assert [round(v, 2) for v in (value, low, high)] == pytest.approx(recorded, abs=1e-9), finding.study


def test_vertos_ii_new_fractures_by_hand() -> None:
    """15 of 91 against 21 of 85: odds (15/76) / (21/64) = 0.6015; Woolf's interval exp(ln OR ± 1.96 × SE)."""
    value, low, high = effect_from_counts("odds ratio", Counted(15, 91), Counted(21, 85))
    assert (round(value, 4), round(low, 2), round(high, 2)) == (0.6015, 0.29, 1.26)
    ratio, _, _ = effect_from_counts("risk ratio", Counted(15, 91), Counted(21, 85))
    assert round(ratio, 3) == round((15 / 91) / (21 / 85), 3)


def test_the_command_prints_the_line_to_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compute-effect", "odds-ratio", "15", "91", "21", "85"]) == 0
    out, err = capsys.readouterr()
    assert out == "effect: {measure: odds ratio, value: 0.60, ci: [0.29, 1.26], computed: true}\n"
    assert "compares" in err
    assert main(["compute-effect", "odds-ratio", "92", "91", "21", "85"]) == 2
    assert "between 0 and its total" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("effect", "problem"),
    [
        ("{measure: mean difference, value: 0.6, computed: true}", "only an odds or risk ratio is computed"),
        ("{measure: odds ratio, value: 0.6, computed: true, compares: [b, a]}", "compares the first group with"),
        ("{measure: odds ratio, value: 0.6, computed: true}", "compares the first group with"),
    ],
)
def test_a_computed_effect_says_from_which_counts(tmp_path: Path, effect: str, problem: str) -> None:
    folder = tmp_path / "findings"
    folder.mkdir()
    (folder / "t2009.yml").write_text(
        "study: t2009\nfindings:\n  - comparison: vp-vs-usual-care\n    outcome: new-fracture\n    timepoint: 1 year\n"
        "    arms:\n      - {group: a, events: 15, total: 91}\n      - {group: b, events: 21, total: 85}\n"
        f"    effect: {effect}\n"
    )
    library = parse(b"@article{t2009, title={T}, journal={J}, year={2009}}\n", "refs.bib")
    _, problems = load_findings(folder, "findings", library)
    assert [str(p) for p in problems if problem in str(p)], [str(p) for p in problems]
