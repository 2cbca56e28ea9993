"""Switches a maintainer can turn: `use_directory_urls`, the reference cache, and the `check` command's flags and exit
codes, each tried on a copy of the fixture site in a temporary folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.config import load_config

from .conftest import PROJECT, run_mkdocs, soup

UNCITED_NOTICE = (
    "notice: references.bib:61: reference 'uncited2015' is not cited by any page "
    "(cite it or leave it; this does not fail the build)"
)


def run_check(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "evidence_engine", "check", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reaches(out: Path, page: Path, href: str) -> bool:
    """A relative link from `page` leads to a file of the built site and, if it has a #fragment, to that id on it."""
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    if parts.path.endswith("/"):
        target = target / "index.html"
    if not target.is_file() or out.resolve() not in target.parents:
        return False
    return not parts.fragment or soup(target).find(id=unquote(parts.fragment)) is not None


def broken_links(out: Path, page: Path) -> list[str]:
    """Relative links in a page's article that do not reach their file or their #fragment."""
    hrefs = [link["href"] for link in soup(page).select("article a[href]")]
    relative = [href for href in hrefs if not (urlsplit(href).scheme or urlsplit(href).netloc or href.startswith("/"))]
    return [href for href in relative if not reaches(out, page, href)]


@pytest.mark.slow
def test_study_links_work_without_directory_urls(fixture_site: Path, tmp_path: Path) -> None:
    """With `use_directory_urls: false`, every link in every page's article, study links included, reaches a file."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    (fixture_site / "docs" / "how-to-read.md").write_text("# How to read\n")  # the claims legend links it
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    pages = sorted(out.rglob("*.html"))
    study_links = [a["href"] for page in pages for a in soup(page).select("article a[href]") if "studies/" in a["href"]]
    assert "../studies/kallmes2009.html" in study_links  # from the claims page's reference list
    broken = {str(page.relative_to(out)): broken_links(out, page) for page in pages}
    assert {name: links for name, links in broken.items() if links} == {}


@pytest.mark.slow
@pytest.mark.parametrize(("value", "writes_cache"), [(None, True), ("1", True), ("0", False)])
def test_cache_variable_decides_whether_a_build_writes_the_cache(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None, writes_cache: bool
) -> None:
    """A build writes .cache/ beside mkdocs.yml unless EVIDENCE_ENGINE_CACHE=0, and builds the same pages either way."""
    if value is None:
        monkeypatch.delenv("EVIDENCE_ENGINE_CACHE", raising=False)
    else:
        monkeypatch.setenv("EVIDENCE_ENGINE_CACHE", value)
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert (fixture_site / ".cache").exists() is writes_cache
    citation = soup(out / "studies" / "kallmes2009" / "index.html").select_one("p.study-citation").get_text()
    assert citation.startswith("Kallmes DF, Comstock BA, et al. A randomized trial of vertebroplasty")


def test_check_quiet_hides_notices(fixture_site: Path) -> None:
    """On the clean fixture `check` prints its one notice; `check --quiet` prints nothing but the summary."""
    loud = run_check(fixture_site)
    assert (loud.returncode, loud.stdout.splitlines()) == (0, [UNCITED_NOTICE])
    quiet = run_check(fixture_site, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "0 error(s), 1 notice(s)\n")


def test_check_quiet_still_prints_errors(fixture_site: Path) -> None:
    """`check --quiet` with an unknown citation key prints that error (and no notice) and exits 1."""
    page = fixture_site / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSee [@nosuchkey2000].\n")
    line = len(page.read_text().splitlines())
    result = run_check(fixture_site, "--quiet")
    assert result.returncode == 1
    assert [text.split(" (", 1)[0] for text in result.stdout.splitlines()] == [
        f"docs/index.md:{line}: unknown citation key 'nosuchkey2000'"
    ]


@pytest.mark.parametrize("args", [(), ("missing/mkdocs.yml",)])
def test_check_without_a_config_file_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`check` where there is no mkdocs.yml says so and exits with 2, not 1 (problems found) or a traceback."""
    result = run_check(tmp_path, *args)
    config = args[0] if args else "mkdocs.yml"
    assert result.returncode == 2
    assert result.stdout.startswith(f"{config}: not found")
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("address", [None, "https://owner.github.io/repo/"])
def test_the_published_address_comes_from_site_url_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, address: str | None
) -> None:
    """publish.yml sets SITE_URL to GitHub Pages' address; without it a local build keeps the stand-in."""
    if address is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", address)
    config = load_config(str(PROJECT / "mkdocs.yml"))
    assert config.site_url == (address or "https://example.github.io/vpkp-evidence/")
