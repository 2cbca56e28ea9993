"""`python -m evidence_engine check [mkdocs.yml]`: report every problem as `path:line: message (hint)`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence_engine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="build the site into a temporary folder and print every problem")
    check.add_argument("config", nargs="?", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml")
    check.add_argument("--quiet", action="store_true", help="print errors only, not notices")
    check.add_argument("--all", action="store_true", help="list every problem, not a count of repeated ones")
    importing = commands.add_parser("import", help="append new entries to references.bib from a RIS or PubMed export")
    importing.add_argument("file", type=Path, help="a .ris, .nbib or .txt export")
    importing.add_argument("--bib", default="references.bib", type=Path, help="the library to append to")
    importing.add_argument("--dry-run", action="store_true", help="print what would be added; write nothing")
    schema = commands.add_parser("schema", help="print the JSON Schema of a claim block or of a findings file")
    schema.add_argument("name", nargs="?", default="claim", choices=["claim", "findings"])
    compute = commands.add_parser(
        "compute-effect", help="an odds or risk ratio from two groups' counts, to record with `computed: true`"
    )
    compute.add_argument("measure", choices=["odds-ratio", "risk-ratio"])
    compute.add_argument(
        "counts", nargs=4, type=int, metavar="N", help="first group's events and total, then the second's"
    )
    args = parser.parse_args(argv)
    if args.command == "compute-effect":
        from .counts import Counted, effect_line

        events1, total1, events2, total2 = args.counts
        if not (0 <= events1 <= total1 and 0 <= events2 <= total2):
            print("each group's events must be between 0 and its total", file=sys.stderr)
            return 2
        try:
            line = effect_line(args.measure.replace("-", " "), Counted(events1, total1), Counted(events2, total2))
        except ImportError:
            print("compute-effect needs statsmodels, which comes with the dev tools: run `make setup`", file=sys.stderr)
            return 2
        print(line)
        print("# then add `compares: [first group, second group]` and `favours:` from the record", file=sys.stderr)
        return 0
    if args.command == "import":
        from .imports import run_import

        return run_import(args.file, args.bib, dry_run=args.dry_run)
    if args.command == "schema":
        from .schema import schema_text

        print(schema_text(args.name), end="")
        return 0
    if args.command == "check":
        # The check is the real build, so it lives in the MkDocs glue; the engine itself never imports MkDocs.
        from evidence_mkdocs.check import run

        return run(args.config, quiet=args.quiet, list_all=args.all)
    return 2


if __name__ == "__main__":
    sys.exit(main())
