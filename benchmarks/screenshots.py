"""Screenshots of every page type at desktop (1280 px) and phone (390 px) width, light and dark, for looking at.

.venv/bin/python benchmarks/screenshots.py [out-folder]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from page_weight import build, serve
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "claims": "claims/efficacy/",
    "study": "studies/kallmes2009/",
    "bibliography": "bibliography/",
    "comparison": "comparison/",
    "evidence-map": "evidence-map/",
    "source": "sources/coloradoclinicnd/",
    "glossary": "glossary/",
}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build(PROJECT, Path(tmp) / "site")
        server, url = serve(Path(tmp) / "site")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for width, height in ((1280, 2000), (390, 1800)):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(url + path, wait_until="networkidle")
                        page.screenshot(path=str(out / f"{name}-{width}-{scheme}.png"))
                    context.close()
            browser.close()
        server.shutdown()
    print(f"screenshots in {out}/")


if __name__ == "__main__":
    main()
