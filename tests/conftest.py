"""Shared fixtures: a copy of the tiny fixture site in a temp folder, built with the real MkDocs and hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = PROJECT / "tests" / "fixtures" / "site"


def copy_fixture_site(destination: Path) -> Path:
    """The fixture site, with its `hooks:` pointing at this project's glue module."""
    site = destination / "site-src"
    shutil.copytree(FIXTURE_SITE, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_PATH", str(PROJECT / "scripts" / "hooks.py")))
    return site


def run_mkdocs(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=site, env=env, capture_output=True, text=True, timeout=300
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to prove a build wrote nothing into sources."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return copy_fixture_site(tmp_path)


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once with `--strict`; returns the output folder."""
    site = copy_fixture_site(tmp_path_factory.mktemp("built"))
    result = run_mkdocs(site, "build", "--strict", "--site-dir", "out")
    assert result.returncode == 0, result.stderr
    return site / "out"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
