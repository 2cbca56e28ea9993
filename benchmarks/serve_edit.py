"""Serve benchmark: how long a one-page edit takes to rebuild under `mkdocs serve` on this site with a big library.

    .venv/bin/python benchmarks/serve_edit.py             # texlive's tugboat.bib and biblatex-examples.bib
    .venv/bin/python benchmarks/serve_edit.py --edits 9 --bib my-export.bib

Copies the project's tracked files to a scratch folder, appends the given BibTeX files to its references.bib (by
default two large public bibliographies from Debian's texlive-bibtex-extra: `apt-get install texlive-bibtex-extra`),
serves it with the project's settings, saves `docs/claims/risks.md` `--edits` times (each once the previous rebuild
is done) and prints what MkDocs reports for each rebuild. Target (issue #10): ≤ 5 s with 5,000 references.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import serve_edits  # noqa: E402
from evidence_engine.library.load import load  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
TEXLIVE = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
DEFAULT_BIBS = (TEXLIVE / "beebe" / "tugboat.bib", TEXLIVE / "biblatex" / "biblatex" / "biblatex-examples.bib")


def copy_project(destination: Path) -> Path:
    """The project's tracked files (no .cache, no site), as a fresh clone would have them."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source, target = PROJECT / name, destination / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bib", action="append", type=Path, help="a BibTeX file to append (repeatable)")
    parser.add_argument("--edits", type=int, default=5, help="saves of one page, each after the previous rebuild")
    parser.add_argument("--workdir", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    args = parser.parse_args()
    bibs = args.bib or list(DEFAULT_BIBS)
    missing = [str(b) for b in bibs if not b.is_file()]
    if missing:
        raise SystemExit(f"not found: {', '.join(missing)} (apt-get install texlive-bibtex-extra, or give --bib)")
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        site = copy_project(Path(scratch) / "site")
        with (site / "references.bib").open("a", encoding="utf-8") as library:
            for bib in bibs:
                library.write("\n" + bib.read_text(encoding="utf-8", errors="replace"))
        entries = len(load([(site / "references.bib", "references.bib")]).entries)
        times = serve_edits(site, site / "docs" / "claims" / "risks.md", args.edits)
    figures = " ".join(f"{t:.2f}" for t in times)
    print(f"{entries} references, {len(times)} edits of docs/claims/risks.md")
    print(f"rebuild (s), as MkDocs reports: {figures}; median {statistics.median(times):.2f}, max {max(times):.2f}")


if __name__ == "__main__":
    main()
