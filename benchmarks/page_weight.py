"""Page weight: bytes transferred (HTML + CSS + JS + everything else) for a claims page of the real site, next to
the same theme's bare page (a plain Material site with one page of Markdown).

    .venv/bin/python benchmarks/page_weight.py
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BARE = "site_name: Bare\ntheme:\n  name: material\n  font: false\n"


def build(config_dir: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)], cwd=config_dir, env=ENV, check=True
    )


def serve(folder: Path) -> tuple[socketserver.TCPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def weigh(browser, url: str) -> Counter[str]:
    sizes: Counter[str] = Counter()
    page = browser.new_page()
    page.on("response", lambda r: sizes.update({_kind(r.url): len(r.body())}))
    page.goto(url, wait_until="networkidle")
    page.close()
    return sizes


def _kind(url: str) -> str:
    path = url.split("?")[0]
    return (
        "css"
        if path.endswith(".css")
        else "js"
        if path.endswith(".js")
        else "html"
        if path.endswith("/") or path.endswith(".html")
        else "other"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        real, bare = Path(tmp) / "real", Path(tmp) / "bare"
        build(PROJECT, real)
        (Path(tmp) / "bare-src" / "docs").mkdir(parents=True)
        (Path(tmp) / "bare-src" / "mkdocs.yml").write_text(BARE)
        (Path(tmp) / "bare-src" / "docs" / "index.md").write_text("# Bare page\n\nOne paragraph of text.\n")
        build(Path(tmp) / "bare-src", bare)
        real_server, real_url = serve(real)
        bare_server, bare_url = serve(bare)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            rows = {
                "claims page (claims/efficacy/)": weigh(browser, real_url + "claims/efficacy/"),
                "bare Material page": weigh(browser, bare_url),
            }
            browser.close()
        real_server.shutdown()
        bare_server.shutdown()
    print(f"{'page':34} {'html':>9} {'css':>9} {'js':>9} {'other':>9} {'total':>9}   (bytes, uncompressed)")
    for name, sizes in rows.items():
        print(
            f"{name:34} "
            + " ".join(f"{sizes[k]:>9,}" for k in ("html", "css", "js", "other"))
            + f" {sum(sizes.values()):>9,}"
        )


if __name__ == "__main__":
    main()
