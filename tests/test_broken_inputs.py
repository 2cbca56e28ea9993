"""The broken-input corpus: each case in tests/broken/ gives exactly its expected problems, with path and line.

A case folder holds files that replace the fixture site's (`references.bib`, `docs/...`), an optional `DELETE` listing
files to remove, and `expected.txt`: the exact error lines `python -m evidence_engine check` must print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from evidence_mkdocs.check import check_site

from .conftest import PROJECT, copy_fixture_site, run_mkdocs, snapshot

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def broken_site(case: str, destination: Path) -> Path:
    site = copy_fixture_site(destination)
    for file in (CORPUS / case).rglob("*"):
        relative = file.relative_to(CORPUS / case)
        if file.is_file() and relative.name not in ("expected.txt", "DELETE"):
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, site / relative)
    if (CORPUS / case / "mkdocs.yml").exists():  # a case's own settings still use this project's hooks
        config = site / "mkdocs.yml"
        config.write_text(config.read_text().replace("HOOKS_PATH", str(PROJECT / "scripts" / "hooks.py")))
    delete = CORPUS / case / "DELETE"
    if delete.exists():
        for name in delete.read_text().split():
            (site / name).unlink()
    return site


def expected(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_expected_problems(case: str, tmp_path: Path) -> None:
    """`check` finds every problem of the case, worded exactly, and nothing else."""
    site = broken_site(case, tmp_path)
    errors = [str(p) for p in check_site(site / "mkdocs.yml") if p.is_error]
    assert errors == expected(case)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_strict_build_fails_with_the_same_messages_and_no_traceback(case: str, tmp_path: Path) -> None:
    """`mkdocs build --strict` prints the same lines, fails, shows no traceback and leaves the sources untouched."""
    site = broken_site(case, tmp_path)
    sources = {name: snapshot(site / name) for name in ("docs",)}
    bib = site / "references.bib"
    bib_bytes = bib.read_bytes() if bib.exists() else None
    result = run_mkdocs(site, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in expected(case):
        assert output.count(f"WARNING -  {line}") == 1, line  # said once, however MkDocs found it
    assert {name: snapshot(site / name) for name in ("docs",)} == sources
    assert (bib.read_bytes() if bib.exists() else None) == bib_bytes
