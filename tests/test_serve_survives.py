"""`mkdocs serve` survives every broken input of the corpus: it reports each problem, keeps serving, and recovers
when the input is fixed — all in one server session, as an editor would experience it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import PROJECT
from .test_broken_inputs import CASES, CORPUS, expected
from .test_live_reload import free_port

pytestmark = pytest.mark.slow


def rebuilds(log: Path) -> list[str]:
    """The log of each finished rebuild, oldest first: from "Building documentation" to "Reloading browsers"."""
    runs = log.read_text().split("Building documentation...")[1:]
    return [run.split("Reloading browsers")[0] for run in runs if "Reloading browsers" in run]


def problem_lines(run: str) -> list[str]:
    """The WARNING and ERROR lines of one rebuild, without their level."""
    return [
        line.split(" -  ", 1)[1]
        for line in run.splitlines()
        if line.startswith(("WARNING", "ERROR")) and " -  " in line
    ]


def wait_for_problems(log: Path, after: int, expected: list[str], timeout: float = 60) -> list[str]:
    """Wait for a rebuild after the first `after` whose problems are `expected`; returns the latest one's problems,
    sorted as `expected` is (the log prints root causes first, the corpus lists problems in reading order)."""
    deadline = time.monotonic() + timeout
    expected = sorted(expected)
    while True:
        runs = rebuilds(log)[after:]
        latest = sorted(problem_lines(runs[-1])) if runs else None
        if latest == expected or time.monotonic() > deadline:
            assert latest is not None, f"no rebuild after the edit:\n{log.read_text()[-2000:]}"
            return latest
        time.sleep(0.2)


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def apply_case(site: Path, case: str) -> list[Path]:
    """Put the case's files in place; returns what to restore."""
    touched = []
    for file in sorted((CORPUS / case).rglob("*")):
        relative = file.relative_to(CORPUS / case)
        if file.is_file() and relative.name not in ("expected.txt", "DELETE"):
            if relative == Path("mkdocs.yml"):  # a case's own settings, still with this project's hooks (one write)
                hooks = str(PROJECT / "scripts" / "hooks.py")
                (site / relative).write_text(file.read_text(encoding="utf-8").replace("HOOKS_PATH", hooks))
            else:
                (site / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, site / relative)
            touched.append(relative)
    delete = CORPUS / case / "DELETE"
    if delete.exists():
        for name in delete.read_text().split():
            (site / name).unlink()
            touched.append(Path(name))
    return touched


def test_serve_reports_keeps_serving_and_recovers(fixture_site: Path, tmp_path: Path) -> None:
    """Each broken input prints its messages and no traceback while pages stay served; each fix is picked up."""
    original = tmp_path / "original"
    shutil.copytree(fixture_site, original)
    log = tmp_path / "serve.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=fixture_site,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while "Serving on" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert "Serving on" in log.read_text(), log.read_text()[-2000:]
            for case in CASES:
                done = len(rebuilds(log))
                touched = apply_case(fixture_site, case)
                assert wait_for_problems(log, done, expected(case)) == sorted(expected(case)), case
                assert status(base) == 200
                done = len(rebuilds(log))
                for relative in touched:  # the editor fixes it: restores what was changed, removes what was added
                    if (original / relative).exists():
                        shutil.copyfile(original / relative, fixture_site / relative)
                    else:
                        (fixture_site / relative).unlink()
                assert wait_for_problems(log, done, []) == [], case
                assert status(base + "studies/kallmes2009/") == 200
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "Traceback" not in text
    assert "An error happened during the rebuild" not in text
