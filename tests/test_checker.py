"""checker and `python -m evidence_engine check`: the checks without a build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from evidence_mkdocs.check import check_site


def test_check_command_exit_codes_and_output(fixture_site: Path) -> None:
    """Clean site: exit 0. A typo'd key: exit 1 and the path:line message on stdout."""
    command = [sys.executable, "-m", "evidence_engine", "check"]
    clean = subprocess.run(command, cwd=fixture_site, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout
    page = fixture_site / "docs" / "index.md"
    page.write_text(page.read_text().replace("[@kallmes2009] and", "[@kallmes2090] and"))
    broken = subprocess.run(command, cwd=fixture_site, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "docs/index.md:7: unknown citation key 'kallmes2090' (did you mean 'kallmes2009'?)" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr


def test_a_broken_entry_gives_the_same_one_problem_when_the_library_comes_from_the_cache(fixture_site: Path) -> None:
    """The second run reads the library from `.cache`: it still knows which problems are knock-ons of the broken
    entry, so it prints the root cause alone, as the first run did (it printed every knock-on, cause last)."""
    command = [sys.executable, "-m", "evidence_engine", "check"]
    library = fixture_site / "references.bib"
    library.write_text(library.read_text().replace("osteoporotic spinal fractures}", "osteoporotic spinal fractures"))
    environment = {**os.environ, "EVIDENCE_ENGINE_CACHE": "1"}
    first, second = (
        subprocess.run(command, cwd=fixture_site, capture_output=True, text=True, env=environment) for _ in range(2)
    )
    assert list((fixture_site / ".cache").iterdir())  # the second run had a cache to read
    assert first.returncode == second.returncode == 1
    assert "references.bib:4: cannot parse entry 'kallmes2009'" in first.stdout
    assert second.stdout == first.stdout


def test_the_real_site_with_an_empty_library_reports_that_alone(tmp_path: Path) -> None:
    """Every claim, source page and summary row of the real site rests on references.bib: emptied, it is the one
    problem shown (before, 5 source pages and 47 summary numbers "not among the findings of" no study followed)."""
    copy_real_site(tmp_path)
    (tmp_path / "references.bib").write_text("")
    errors = [str(p) for p in check_site(tmp_path / "mkdocs.yml") if p.is_error]
    assert errors == ["references.bib: reference library is empty (add at least one entry)"]


def test_a_claim_kept_off_the_site_still_has_its_verdicts_checked(tmp_path: Path) -> None:
    """A headline verdict its certainty cannot carry keeps the claim off the site; a verdict by comparison naming a
    time point with no summary row is a second, unrelated mistake, reported in the same run."""
    copy_real_site(tmp_path)
    page = tmp_path / "docs" / "claims" / "efficacy.md"
    text = page.read_text()
    start = text.index("{#pain-relief}")
    block = text[start : text.index("\n///\n", start)]
    broken = block.replace("\nverdict: misleading\n", "\nverdict: supported\n", 1)
    broken = broken.replace("\ncertainty: moderate\n", "\ncertainty: low\n", 1)
    broken = broken.replace("outcome: pain}", "outcome: pain, timepoint: 7 years}", 1)
    assert broken.count("7 years") == 1
    page.write_text(text.replace(block, broken))
    errors = [p.message for p in check_site(tmp_path / "mkdocs.yml") if p.is_error]
    assert errors == [
        "verdict 'supported' (Supported) cannot be given at low certainty",
        "no summary-of-findings row for pain at 7 years in vp-vs-sham",
    ]


def copy_real_site(destination: Path) -> None:
    """This project's site (pages, findings, library, corrections, settings and engine), to break a copy of it."""
    project = Path(__file__).resolve().parent.parent
    for name in ("docs", "findings", "overrides", "scripts"):
        shutil.copytree(project / name, destination / name)
    for name in ("mkdocs.yml", "corrections.yml", "references.bib"):
        shutil.copyfile(project / name, destination / name)
