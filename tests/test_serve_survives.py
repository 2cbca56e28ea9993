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

from .test_broken_inputs import CASES, CORPUS, expected
from .test_live_reload import free_port

pytestmark = pytest.mark.slow


def builds(log: Path) -> int:
    """Rebuilds finished: the server announces each one to the browsers."""
    return log.read_text().count("Reloading browsers")


def wait_for_build(log: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while builds(log) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"no rebuild after the edit:\n{log.read_text()[-2000:]}")
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
            cwd=fixture_site, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=output, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while "Serving on" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            for case in CASES:
                done = builds(log)
                offset = len(log.read_text())
                touched = apply_case(fixture_site, case)
                wait_for_build(log, done + 1)
                time.sleep(0.3)
                report = log.read_text()[offset:]
                for line in expected(case):
                    assert line in report, (case, line)
                assert status(base) == 200
                done = builds(log)
                for relative in touched:  # the editor fixes it
                    shutil.copyfile(original / relative, fixture_site / relative)
                wait_for_build(log, done + 1)
                assert status(base + "studies/kallmes2009/") == 200
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "Traceback" not in text
    assert "An error happened during the rebuild" not in text
