"""hooks: the MkDocs glue leaves the process as it found it, and mends what it must in Material's HTML."""

from __future__ import annotations

import gc
from pathlib import Path

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
