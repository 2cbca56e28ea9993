"""Page weight and work on a phone: what a claims page of the real site transfers, next to the same theme's bare
page (a plain Material site with one page of Markdown), and how long the browser's main thread works on it.

    .venv/bin/python benchmarks/page_weight.py [--runs N] [--page claims/efficacy/]

Transfer sizes are bytes over the wire as a static host that compresses (gzip, level 6; GitHub Pages does) would
send them (images as they are), next to the uncompressed bytes. Main-thread figures are the browser's long tasks
(Long Tasks API) on a 390 px phone screen with the CPU slowed 4× as Lighthouse's mobile run does, the median of
--runs loads: "blocking" adds up each long task's part over 50 ms, as Lighthouse's total blocking time does. They
stand in for Lighthouse, which is not part of this project's pinned tools.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BARE = "site_name: Bare\ntheme:\n  name: material\n  font: false\n"
KINDS = ("html", "css", "js", "search index", "other")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SLOWER_CPU = 4  # Lighthouse's mobile preset
# Long tasks (over 50 ms) as the page loads, recorded from the first script on; their parts over 50 ms add up to
# Lighthouse's "total blocking time".
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => e.duration)))
  .observe({type: "longtask", buffered: true});"""
FIGURES = ("blocking", "long tasks", "first paint", "title attributes")


def build(config_dir: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)], cwd=config_dir, env=ENV, check=True
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(folder: Path) -> tuple[socketserver.TCPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@dataclass
class Weight:
    raw: Counter[str] = field(default_factory=Counter)
    compressed: Counter[str] = field(default_factory=Counter)
    requests: int = 0


def weigh(browser: Browser, url: str) -> Weight:
    """Every response the page loads (the search index included, which Material fetches at once), by kind."""
    weight = Weight()

    def record(response) -> None:  # type: ignore[no-untyped-def]
        body = response.body()
        kind = _kind(response.url)
        text = any(t in response.headers.get("content-type", "") for t in ("text", "json", "javascript", "svg"))
        weight.raw[kind] += len(body)
        # A host compresses text; images go as they are.
        weight.compressed[kind] += len(gzip.compress(body, compresslevel=6)) if text else len(body)
        weight.requests += 1

    page = browser.new_page()
    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.close()
    return weight


def _kind(url: str) -> str:
    path = url.split("?")[0]
    if path.endswith("search_index.json"):
        return "search index"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js"):
        return "js"
    return "html" if path.endswith("/") or path.endswith(".html") else "other"


def main_thread(browser: Browser, url: str, runs: int) -> dict[str, float]:
    """Medians over `runs` loads on a slowed phone: blocking time and long tasks (s), first contentful paint (s)."""
    samples: dict[str, list[float]] = {name: [] for name in FIGURES}
    for _ in range(runs):
        context = browser.new_context(**PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWER_CPU})
        page.goto(url, wait_until="networkidle")
        long_tasks = page.evaluate("window.__longTasks")
        samples["blocking"].append(sum(max(0.0, d - 50) for d in long_tasks) / 1000)
        samples["long tasks"].append(sum(long_tasks) / 1000)
        paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")
        samples["first paint"].append(paint / 1000)
        samples["title attributes"].append(page.locator("[title]").count())
        context.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per main-thread figure (median)")
    parser.add_argument("--page", default="claims/efficacy/", help="the real site's page to weigh")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        real, bare = Path(tmp) / "real", Path(tmp) / "bare"
        build(PROJECT, real)
        (Path(tmp) / "bare-src" / "docs").mkdir(parents=True)
        (Path(tmp) / "bare-src" / "mkdocs.yml").write_text(BARE)
        (Path(tmp) / "bare-src" / "docs" / "index.md").write_text("# Bare page\n\nOne paragraph of text.\n")
        build(Path(tmp) / "bare-src", bare)
        real_server, real_url = serve(real)
        bare_server, bare_url = serve(bare)
        pages = {f"claims page ({args.page})": real_url + args.page, "bare Material page": bare_url}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            weights = {name: weigh(browser, url) for name, url in pages.items()}
            work = {name: main_thread(browser, url, args.runs) for name, url in pages.items()}
            browser.close()
        real_server.shutdown()
        bare_server.shutdown()
    _report(weights, work, args.runs)


def _report(weights: dict[str, Weight], work: dict[str, dict[str, float]], runs: int) -> None:
    header = "".join(f"{kind:>13}" for kind in KINDS)
    print(f"{'transfer (gzip) / uncompressed, bytes':40}{header}{'total':>13}{'requests':>10}")
    for name, weight in weights.items():
        for label, sizes in (("gzip", weight.compressed), ("raw", weight.raw)):
            row = "".join(f"{sizes[kind]:>13,}" for kind in KINDS)
            requests = f"{weight.requests:>10}" if label == "gzip" else ""
            print(f"{name + ', ' + label:40}{row}{sum(sizes.values()):>13,}{requests}")
    print(
        f"\n{'phone, CPU ' + str(SLOWER_CPU) + '× slower, median of ' + str(runs) + ' (s)':40}"
        + "".join(f"{label:>17}" for label in FIGURES)
    )
    for name, figures in work.items():
        print(
            f"{name:40}"
            + "".join(f"{figures[label]:>17.3f}" for label in FIGURES[:3])
            + f"{figures['title attributes']:>17.0f}"
        )
    print("(a shared machine: the timings vary by ±50 % from run to run; compare the two rows of one run)")


if __name__ == "__main__":
    main()
