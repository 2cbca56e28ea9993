"""axe-core on every page type: no serious or critical violations, in light and dark mode, at both widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_reader_journeys import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGE_TYPES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_axe_violations(browser, site_url: str, name: str, scheme: str, width: int) -> None:
    """axe finds nothing serious or critical."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
    violations = Axe().run(page).response["violations"]
    context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
