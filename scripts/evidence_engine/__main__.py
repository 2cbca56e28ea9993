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
    args = parser.parse_args(argv)
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
