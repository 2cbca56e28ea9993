"""hooks: the MkDocs glue leaves the process as it found it, and mends what it must in Material's HTML."""

from __future__ import annotations

import gc
from pathlib import Path

import jinja2
from evidence_mkdocs import theme
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import soup


def test_a_build_leaves_the_garbage_collector_on_and_nothing_frozen(fixture_site: Path, tmp_path: Path) -> None:
    """Collection is paused while the library and pages are read, then those objects are frozen until the build
    ends: afterwards, as for the next build of `mkdocs serve`, collection is on and every object collectable."""
    build(load_config(str(fixture_site / "mkdocs.yml"), site_dir=str(tmp_path / "out"), strict=True))
    assert (tmp_path / "out" / "index.html").is_file()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_every_page_names_materials_search_dialog_before_any_script_runs(built_fixture: Path) -> None:
    """Material's search panel is a dialog; unnamed, screen readers announce an unnamed dialog (axe:
    aria-dialog-name). The name is in the built HTML, so it holds however late the page's scripts run."""
    pages = sorted(built_fixture.rglob("index.html"))
    assert len(pages) > 3
    for page in pages:
        dialogs = soup(page).select('.md-search[role="dialog"]')
        assert [d.get("aria-label") for d in dialogs] == ["Search"], page


def test_glossary_terms_get_their_definitions_on_every_page(fixture_site: Path, tmp_path: Path) -> None:
    """The glossary file's `*[TERM]: definition` lines mark the term on every page, not only where it is defined."""
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n"))
    (fixture_site / "docs" / "_snippets").mkdir()
    (fixture_site / "docs" / "_snippets" / "glossary.md").write_text("*[PMMA]: The acrylic bone cement.\n")
    for page in ("index.md", "claims/risks.md"):
        path = fixture_site / "docs" / page
        path.write_text(path.read_text() + "\nThe cement is PMMA.\n")
    build(load_config(str(config), site_dir=str(tmp_path / "out"), strict=True))
    for page in ("index.html", "claims/risks/index.html"):
        terms = soup(tmp_path / "out" / page).select("abbr")
        assert [(t.text, t["title"]) for t in terms] == [("PMMA", "The acrylic bone cement.")], page


def test_a_second_build_in_one_process_compiles_no_page_template_again(
    fixture_site: Path, tmp_path: Path, monkeypatch
) -> None:
    """As under `mkdocs serve`: the second build reuses the first's compiled page templates and renders the same
    pages. (Material's search plugin makes an environment of its own for its translations, compiled each time.)"""
    config = str(fixture_site / "mkdocs.yml")
    monkeypatch.setattr(theme.COMPILED_TEMPLATES, "code", {})  # as a new `mkdocs serve` process starts
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(str(name))
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    build(load_config(config, site_dir=str(tmp_path / "first"), strict=True))
    first_build, compiled[:] = list(compiled), []
    build(load_config(config, site_dir=str(tmp_path / "second"), strict=True))
    assert "main.html" in first_build and "partials/footer.html" in first_build
    assert set(compiled) <= {"partials/language.html", "partials/languages/en.html"}
    first, second = tmp_path / "first" / "index.html", tmp_path / "second" / "index.html"
    assert first.read_text() == second.read_text()
