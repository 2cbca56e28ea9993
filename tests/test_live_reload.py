"""`mkdocs serve` live reload: edits to a page and to references.bib are rebuilt and served; bad edits recover.

Guards against mkdocs issue 4032 (click > 8.2.1 silently turns live reload off) and against build state leaking
between rebuilds (hooks are imported once per serve session).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


@pytest.fixture
def server(fixture_site: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=fixture_site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base, "Fixture home")
        yield base, fixture_site, process
    finally:
        process.terminate()
        process.communicate(timeout=20)  # reads and closes the pipe, so no file is left open


def test_served_pages_carry_the_livereload_script(server) -> None:
    """The served HTML includes MkDocs' live-reload client (absent when issue 4032 bites)."""
    base, _, _ = server
    assert "livereload" in fetch(base)


def test_page_edit_is_served_after_rebuild(server) -> None:
    """Editing a page changes what the server returns."""
    base, site, _ = server
    page = site / "docs" / "index.md"
    page.write_text(page.read_text().replace("Fixture home", "Fixture home edited"))
    wait_for(base, "Fixture home edited")


def test_bib_edit_is_served_after_rebuild(server) -> None:
    """Editing references.bib changes a formatted reference on the study page."""
    base, site, _ = server
    bib = site / "references.bib"
    bib.write_text(bib.read_text().replace("for osteoporotic spinal fractures", "for painful spinal fractures"))
    wait_for(base + "studies/kallmes2009/", "for painful spinal fractures")


def test_bad_edit_is_reported_and_fixing_it_recovers(server) -> None:
    """A typo'd key is reported with path:line while the site keeps serving; fixing it clears it."""
    base, site, process = server
    page = site / "docs" / "index.md"
    original = page.read_text()
    page.write_text(original.replace("[@kallmes2009] and", "[@kallmes2090] and"))
    wait_for(base, "?kallmes2090")
    page.write_text(original.replace("Fixture home", "Fixture home fixed"))
    wait_for(base, "Fixture home fixed")
    assert "?kallmes2090" not in fetch(base)
    process.terminate()
    output = process.communicate(timeout=20)[0]
    assert "docs/index.md:7: unknown citation key 'kallmes2090' (did you mean 'kallmes2009'?)" in output
    assert "Traceback" not in output
