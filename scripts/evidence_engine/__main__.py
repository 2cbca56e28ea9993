"""`python -m evidence_engine check [mkdocs.yml]`: report every problem as `path:line: message (hint)`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checker import check_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence_engine", description=__doc__)
    parser.add_argument("command", choices=["check"])
    parser.add_argument("config", nargs="?", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml")
    parser.add_argument("--quiet", action="store_true", help="print errors only, not notices")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        print(f"{args.config}: not found (run from the project folder or pass the path to mkdocs.yml)")
        return 2
    problems = check_site(args.config.resolve())
    errors = [p for p in problems if p.is_error]
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(("" if problem.is_error else "notice: ") + str(problem))
    notices = len(problems) - len(errors)
    print(f"{len(errors)} error(s), {notices} notice(s)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
