"""Screenshots of every page type at desktop (1280 px) and phone (390 px) width, light and dark, and the claims and
comparison pages printed to A4 PDF, for looking at.

.venv/bin/python benchmarks/screenshots.py [out-folder] [--site BUILT_SITE]

With --site, an already built site is served instead of building one. The PDFs turn into PNGs with
`pdftoppm -png -r 50 out/claims-print.pdf out/claims-print`.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from page_weight import build, serve
from playwright.sync_api import Browser, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "claims": "claims/efficacy/",
    "study": "studies/kallmes2009/",
    "bibliography": "bibliography/",
    "comparison": "comparison/",
    "evidence-map": "evidence-map/",
    "results": "results/",
    "source": "sources/coloradoclinicnd/",
    "glossary": "glossary/",
    "corrections": "corrections/",
    "options": "options/",
    "editors": "editors/recording-findings/",
}
PRINTED = {"claims": "claims/efficacy/", "comparison": "comparison/", "options": "options/", "results": "results/"}
# Claim cards are laid out only near the view (content-visibility: auto): a full-page screenshot would show the
# ones further down blank, so they are drawn at once here.
ALL_DRAWN = ".md-typeset .claim-card { content-visibility: visible !important; }"
SCREENS = ((1280, 900), (390, 844))
TALLEST = 5000  # px of a long page kept in a screenshot: enough to see its tables, small enough to open


def shoot(browser: Browser, url: str, out: Path) -> None:
    for width, height in SCREENS:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(url + path, wait_until="networkidle")
                page.add_style_tag(content=ALL_DRAWN)
                full = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(
                    path=str(out / f"{name}-{width}-{scheme}.png"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(full, TALLEST)},
                )
            context.close()
    context = browser.new_context()
    page = context.new_page()
    for name, path in PRINTED.items():
        page.goto(url + path, wait_until="networkidle")
        page.emulate_media(media="print")
        page.pdf(path=str(out / f"{name}-print.pdf"), format="A4", print_background=True)
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--site", type=Path, help="an already built site to serve instead of building one")
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(PROJECT, site)
        server, url = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            shoot(browser, url, args.out)
            browser.close()
        server.shutdown()
    print(f"screenshots in {args.out}/")


if __name__ == "__main__":
    main()
