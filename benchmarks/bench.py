"""Build-time benchmark: the engine's full strict build against the floor (plain Material, same final pages).

    .venv/bin/python benchmarks/bench.py                          # 10×100, 100×1,000, 1,000×10,000
    .venv/bin/python benchmarks/bench.py --sizes 10x100 --runs 5

Prints, per size: the first ("cold") build with an empty reference cache, the median of the following full builds
(the cache in .cache/ filled, as for an editor or a CI job that keeps it), the median floor, both ratios, the
engine's share of the build (cProfile of one in-process build: time inside the hooks and the Markdown extension,
library calls they make included), the number check's share of it (numbers.py checking every written page's citing
sentences against the findings), peak memory (max RSS of the build process), and the time of a `mkdocs serve`
rebuild after editing one page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus, write_mkdocs_bibtex_site  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Run a build in a child and report its own peak memory: a child's ru_maxrss is exactly that build's. CPU seconds
# (the build's process and any workers it starts) are printed too: on a shared machine they vary less than wall time.
TIMED_BUILD = (
    "import resource, sys, time\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "def cpu():\n"
    "    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime\n"
    "start, start_cpu = time.perf_counter(), cpu()\n"
    "build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))\n"
    "print(time.perf_counter() - start, cpu() - start_cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)
ENGINE_ENTRY_POINTS = (
    ("hooks.py", "on_config"),
    ("hooks.py", "on_files"),
    ("hooks.py", "on_page_markdown"),
    ("hooks.py", "on_page_content"),
    ("hooks.py", "on_env"),
    ("hooks.py", "on_serve"),
    ("hooks.py", "on_post_page"),
    ("hooks.py", "on_post_build"),
    ("citations.py", "handleMatch"),
    ("citations.py", "run"),
)
NUMBER_CHECK = ("numbers.py", "check_numbers")


def timed_build(site: Path, out: Path, python: str = sys.executable) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one strict build in a fresh process."""
    result = subprocess.run(
        [python, "-c", TIMED_BUILD, str(site / "mkdocs.yml"), str(out)],
        cwd=site,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed in {site}:\n{result.stderr[-3000:]}")
    seconds, cpu_seconds, max_rss_kib = result.stdout.split()[-3:]
    return float(seconds), float(cpu_seconds), int(max_rss_kib) / 1024


def engine_share(site: Path, out: Path) -> tuple[float, float]:
    """Fractions of one in-process build spent in the engine's entry points (and what they call), and in the number
    check."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cwd = Path.cwd()
    os.chdir(site)
    profiler = cProfile.Profile()
    try:
        config = load_config(str(site / "mkdocs.yml"), site_dir=str(out), strict=True)
        profiler.enable()
        build(config)
        profiler.disable()
    finally:
        os.chdir(cwd)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    engine = number_check = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "scripts" not in filename:
            continue
        if any(filename.endswith(f) and name == n for f, n in ENGINE_ENTRY_POINTS):
            engine += cumulative
        if filename.endswith(NUMBER_CHECK[0]) and name == NUMBER_CHECK[1]:
            number_check += cumulative
    return (engine / total, number_check / total) if total else (0.0, 0.0)


def serve_rebuild(site: Path) -> float:
    """Seconds MkDocs reports for the rebuild after one page is edited under `mkdocs serve`."""
    return serve_edits(site, site / "docs" / "notes" / "part0" / "page0.md", edits=1)[0]


def serve_edits(site: Path, page: Path, edits: int) -> list[float]:
    """Seconds MkDocs reports for each rebuild under `mkdocs serve` after `page` is saved `edits` times, each save
    made once the previous rebuild is done."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The server appends to its own handle and we read by path: a shared handle shares one file offset, so our
    # seek-and-read moved where the server wrote, and its "built" line could be overwritten (the wait then hung).
    log = site / "serve.log"
    with log.open("a") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=site,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        _wait_for(log, lambda text: len(_build_times(text)) >= 1, 1800, "the first build")
        # "Serving on" is printed once the file watcher runs: an edit before it is missed.
        text = _wait_for(log, lambda text: "Serving on" in text, 60, "'Serving on'")
        for edit in range(1, edits + 1):
            page.write_text(page.read_text() + f"\nEdited ({edit}).\n")
            text = _wait_for(log, lambda text, n=edit: len(_build_times(text)) > n, 1800, "a rebuild after an edit")
        return _build_times(text)[1:]
    finally:
        server.terminate()
        server.wait(timeout=60)


def _build_times(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", text)]


def _wait_for(log: Path, done: Callable[[str], bool], timeout: float, what: str) -> str:
    """The server's log once `done` holds for it; stops the benchmark with a message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if done(text):
            return text
        time.sleep(0.2)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-5:])
    raise SystemExit(f"mkdocs serve: no {what} within {timeout:.0f} s; the end of its log:\n{tail}")


def measure(pages: int, references: int, runs: int, root: Path, mkdocs_bibtex: str = "") -> dict[str, float]:
    engine, floor = write_corpus(root, pages, references)
    # mkdocs-bibtex builds before the engine's first build, so that .cache/ is still empty for the cold figure.
    other = 0.0
    if mkdocs_bibtex:
        other = timed_build(write_mkdocs_bibtex_site(root, engine), root / "out-other", mkdocs_bibtex)[0]
    cold, _, memory = timed_build(engine, root / "out-engine")  # empty .cache/: every reference decoded and formatted
    full, full_cpu, floor_times, floor_cpu, memories = [], [], [], [], [memory]
    for _ in range(runs):  # alternated, so that a slow spell of a shared machine hits both alike
        seconds, cpu_seconds, mib = timed_build(engine, root / "out-engine")
        full.append(seconds)
        full_cpu.append(cpu_seconds)
        memories.append(mib)
        seconds, cpu_seconds, _ = timed_build(floor, root / "out-floor")
        floor_times.append(seconds)
        floor_cpu.append(cpu_seconds)
    engine_fraction, number_check_fraction = engine_share(engine, root / "out-profile")
    return {
        "pages": pages,
        "references": references,
        "cold": cold,
        "full": statistics.median(full),
        "floor": statistics.median(floor_times),
        "cpu_ratio": statistics.median(full_cpu) / statistics.median(floor_cpu),
        "engine_share": engine_fraction,
        "number_check_share": number_check_fraction,
        "peak_mib": max(memories),
        "serve_rebuild": serve_rebuild(engine),
        "mkdocs_bibtex": other,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10x100,100x1000,1000x10000", help="pages x references, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="builds per size; the median is reported")
    parser.add_argument(
        "--workdir",
        default="/dev/shm" if Path("/dev/shm").is_dir() else None,
        help="where corpora and sites are written (default: memory, so that disk waits do not swamp the figures)",
    )
    parser.add_argument(
        "--mkdocs-bibtex",
        default="",
        metavar="PYTHON",
        help="also build each corpus once with mkdocs-bibtex, using this Python (a venv with mkdocs-bibtex installed)",
    )
    args = parser.parse_args()
    header = (
        f"{'pages × refs':>14} {'cold (s)':>9} {'full (s)':>9} {'floor (s)':>9} {'ratio':>6} {'cold ratio':>10}"
        f" {'CPU ratio':>9} {'engine':>7} {'numbers':>7} {'peak MiB':>9} {'serve rebuild (s)':>18}"
    )
    print(header)
    rows = []
    for size in args.sizes.split(","):
        pages, references = (int(x) for x in size.lower().split("x"))
        with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
            row = measure(pages, references, args.runs, Path(tmp), args.mkdocs_bibtex)
        rows.append(row)
        print(
            f"{pages:>6} × {references:<6} {row['cold']:>9.2f} {row['full']:>9.2f} {row['floor']:>9.2f}"
            f" {row['full'] / row['floor']:>6.2f} {row['cold'] / row['floor']:>10.2f}"
            f" {row['cpu_ratio']:>9.2f} {row['engine_share']:>7.1%} {row['number_check_share']:>7.2%}"
            f" {row['peak_mib']:>9.0f}"
            f" {row['serve_rebuild']:>18.2f}",
            flush=True,
        )
    if args.mkdocs_bibtex:
        for row in rows:
            print(
                f"mkdocs-bibtex at {row['pages']} × {row['references']}: {row['mkdocs_bibtex']:.2f} s, "
                f"{row['mkdocs_bibtex'] / row['floor']:.2f}× the floor (one build; footnotes, no study pages)"
            )
    for smaller, larger in zip(rows, rows[1:], strict=False):
        growth = larger["full"] / smaller["full"]
        scale = larger["references"] / smaller["references"]
        print(f"{scale:.0f}× the input ({smaller['pages']}→{larger['pages']} pages) cost {growth:.1f}× the time")


if __name__ == "__main__":
    main()
