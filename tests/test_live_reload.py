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
from typing import Any

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


def start_serving(site: Path, output: Any = subprocess.PIPE) -> tuple[str, subprocess.Popen[str]]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    wait_for(base, "Fixture home")
    return base, process


def stop_serving(process: subprocess.Popen[str]) -> str:
    process.terminate()
    return process.communicate(timeout=20)[0] or ""  # reads and closes the pipe, so no file is left open


def save(path: Path, text: str) -> None:
    """As editors' tools save: a whole new file renamed over the old one, so a watcher sees one change."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text)
    os.replace(temporary, path)


@pytest.fixture
def server(fixture_site: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    base, process = start_serving(fixture_site)
    try:
        yield base, fixture_site, process
    finally:
        stop_serving(process)


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


def test_a_library_in_a_folder_and_the_corrections_log_are_watched(fixture_site: Path) -> None:
    """Every library listed in `extra.evidence.bibliography` is watched, wherever it is, as is the corrections log."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + "extra:\n  evidence:\n    bibliography: [references.bib, more/extra.bib]\n    corrections: more/log.yml\n"
    )
    (fixture_site / "more").mkdir()
    extra = fixture_site / "more" / "extra.bib"
    extra.write_text("@misc{registry2021,\n  title = {Registry report on cement leakage},\n  year = {2021}\n}\n")
    log = fixture_site / "more" / "log.yml"
    log.write_text(
        "changes:\n  - {date: 2026-12-01, claim: cement-leak, change: statement, before: a, after: b,"
        " reason: First reason}\n"
    )
    base, process = start_serving(fixture_site)
    try:
        wait_for(base + "bibliography/", "Registry report on cement leakage")
        save(extra, extra.read_text().replace("cement leakage", "cement leaks"))
        wait_for(base + "bibliography/", "Registry report on cement leaks")
        wait_for(base + "corrections/", "First reason")
        save(log, log.read_text().replace("First reason", "Second reason"))
        wait_for(base + "corrections/", "Second reason")
    finally:
        output = stop_serving(process)
    assert "Traceback" not in output


def test_a_log_written_beside_mkdocs_yml_does_not_rebuild_the_site(fixture_site: Path) -> None:
    """`make serve > serve.log`: each build's lines land in a file next to the libraries. Only the two edits may
    rebuild; before, every line the log gained rebuilt the site, which wrote more lines, without end."""
    log = fixture_site / "serve.log"
    page = fixture_site / "docs" / "index.md"
    with log.open("w") as output:
        base, process = start_serving(fixture_site, output)
        try:
            save(page, page.read_text().replace("Fixture home", "Fixture home, first edit"))
            wait_for(base, "Fixture home, first edit")
            save(page, page.read_text().replace("first edit", "second edit"))
            wait_for(base, "Fixture home, second edit")
        finally:
            stop_serving(process)
    assert log.read_text().count("Detected file changes") == 2


def test_a_glossary_edit_is_served_on_every_page(fixture_site: Path) -> None:
    """The glossary's definitions are read on every rebuild: an edited definition reaches the pages that use it."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n"))
    glossary = fixture_site / "docs" / "_snippets" / "glossary.md"
    glossary.parent.mkdir()
    glossary.write_text("*[PMMA]: The acrylic bone cement.\n")
    page = fixture_site / "docs" / "index.md"
    page.write_text(page.read_text() + "\nThe cement is PMMA.\n")
    base, process = start_serving(fixture_site)
    try:
        wait_for(base, 'title="The acrylic bone cement."')
        save(glossary, "*[PMMA]: Polymethylmethacrylate, the bone cement.\n")
        wait_for(base, 'title="Polymethylmethacrylate, the bone cement."')
    finally:
        output = stop_serving(process)
    assert "Traceback" not in output
