"""The corrections log: every change read with its line, checked, shown newest first, and each claim's latest date."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from evidence_engine.corrections import claim_problems, corrections_markdown, last_changed, load_corrections

PROJECT = Path(__file__).resolve().parent.parent
LOG = """changes:
  - date: 2026-11-30
    claim: pain-relief
    change: certainty
    before: Low
    after: Moderate
    reason: A new trial.
  - date: 2026-12-02
    claim: pain-relief
    change: verdict
    before: Partly true
    after: Misleading
    reason: The sham trials.
"""


def load_text(tmp_path: Path, text: str):
    (tmp_path / "corrections.yml").write_text(text)
    corrections, problems = load_corrections(tmp_path / "corrections.yml", "corrections.yml")
    return corrections, [str(p) for p in problems]


def test_changes_are_read_newest_first_with_each_claims_latest_date(tmp_path: Path) -> None:
    corrections, problems = load_text(tmp_path, LOG)
    assert problems == []
    assert [(c.date, c.change, c.line) for c in corrections] == [
        ("2026-12-02", "verdict", 8),
        ("2026-11-30", "certainty", 2),
    ]
    assert last_changed(corrections) == {"pain-relief": "2026-12-02"}


def test_every_problem_of_a_change_is_reported_at_its_line(tmp_path: Path) -> None:
    text = LOG.replace("date: 2026-11-30", "date: 30 November").replace("change: verdict", "change: verdikt")
    text = text.replace("    reason: A new trial.\n", "    reasn: A new trial.\n")
    _, problems = load_text(tmp_path, text)
    assert problems == [
        "corrections.yml:7: unknown field 'reasn' in a correction (did you mean 'reason'?)",
        "corrections.yml:2: a correction needs 'reason' (date, claim, change, before, after and reason)",
        "corrections.yml:2: date '30 November' is not a date (write it as YYYY-MM-DD)",
        "corrections.yml:10: unknown change 'verdikt' (did you mean 'verdict'?)",
    ]


def test_a_change_to_a_claim_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    """At the line of its `claim:` (the line after the change's `- date:`)."""
    corrections, _ = load_text(
        tmp_path, LOG.replace("claim: pain-relief\n    change: verdict", "claim: pain-releif\n    change: verdict")
    )
    assert [str(p) for p in claim_problems(corrections, {"pain-relief": 1}, "corrections.yml")] == [
        "corrections.yml:9: unknown claim 'pain-releif' in a correction (did you mean 'pain-relief'?)"
    ]
    assert [str(p) for p in claim_problems(corrections, {"other": 1}, "corrections.yml")] == [
        "corrections.yml:3: unknown claim 'pain-relief' in a correction (a claim taken off the site needs a 'removed'"
        " change)",
        "corrections.yml:9: unknown claim 'pain-releif' in a correction (a claim taken off the site needs a 'removed'"
        " change)",
    ]


REMOVAL = """  - date: 2026-12-03
    claim: pain-relief
    change: removed
    before: Vertebroplasty relieves pain
    after: Taken off the site; merged into another claim
    reason: No page makes it any more.
"""


def test_a_removed_claim_keeps_its_history_named_as_it_read(tmp_path: Path) -> None:
    """Taking a claim off the site must not force deleting its corrections: a `removed` change keeps them, and the
    page names the claim by its old heading, without a link to a section that no longer exists."""
    corrections, problems = load_text(tmp_path, LOG + REMOVAL)
    assert problems == [] and claim_problems(corrections, {}, "corrections.yml") == []
    page = BeautifulSoup(corrections_markdown(corrections, lambda cid: None), "html.parser")
    rows = page.select("tbody tr")
    assert [row.select("td")[1].text for row in rows] == ["Vertebroplasty relieves pain"] * 3
    assert page.select("tbody a") == [] and rows[0].select("td")[2].text == "Removed"


def test_a_claim_marked_removed_that_is_still_on_a_page_is_reported(tmp_path: Path) -> None:
    corrections, _ = load_text(tmp_path, LOG + REMOVAL)
    assert [str(p) for p in claim_problems(corrections, {"pain-relief": 1}, "corrections.yml")] == [
        "corrections.yml:14: claim 'pain-relief' is on a page, but its latest change says it was removed (take it off"
        " its page, or record the change that brought it back)"
    ]
    back = REMOVAL.replace("2026-12-03", "2026-12-04").replace("change: removed", "change: statement")
    corrections, _ = load_text(tmp_path, LOG + REMOVAL + back)
    assert claim_problems(corrections, {"pain-relief": 1}, "corrections.yml") == []


def test_the_page_lists_every_change_and_anchors_each_claims_latest(tmp_path: Path) -> None:
    corrections, _ = load_text(tmp_path, LOG)
    page = BeautifulSoup(
        corrections_markdown(corrections, lambda cid: ("Pain <relief>", "../claims/#pain-relief")), "html.parser"
    )
    rows = page.select("tbody tr")
    assert [row.get("id") for row in rows] == ["pain-relief", None]
    assert rows[0].a["href"] == "../claims/#pain-relief" and rows[0].a.text == "Pain <relief>"
    assert "Partly true → Misleading" in rows[0].text and "2 December 2026" in rows[0].text
    # A phone hides the column headings and shows each cell's own label (evidence.css): every column after the
    # date and the claim carries the heading it stands under.
    headings = [th.text for th in page.select("thead th")]
    assert [td.get("data-label") for td in rows[0].find_all("td")] == [None, None, *headings[2:]]


def test_the_projects_log_is_clean() -> None:
    corrections, problems = load_corrections(PROJECT / "corrections.yml", "corrections.yml")
    assert problems == [] and len(corrections) >= 20
