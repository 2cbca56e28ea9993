"""`python -m evidence_engine check`: the real build, into a temporary folder, with its problems printed.

Running MkDocs itself (not a second loop that imitates it) means `check` and `mkdocs build --strict` cannot
disagree: the same pages, the same extensions, the same steps, and MkDocs' own findings (a link to an anchor that
no longer exists) as well as the engine's.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from evidence_engine.problems import Problem, report
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .hooks import last_build, log


class _Collect(logging.Handler):
    """Keeps MkDocs' own warnings; the engine's problems are read from the build itself."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != log.name and not getattr(record, "evidence_problem", False):
            self.messages.append(record.getMessage().strip())


def check_site(config_file: Path) -> list[Problem]:
    """Every problem (errors and notices) the build of this site finds."""
    collect = _Collect()
    with _quiet_mkdocs(collect), _working_directory(config_file.parent), tempfile.TemporaryDirectory() as site_dir:
        try:
            config = load_config(str(config_file), site_dir=site_dir, strict=False)
            for name in [name for name in config.plugins if name.endswith("search")]:
                del config.plugins[name]  # the search index finds no problems; without it `check` beats the build
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            return [Problem(config_file.name, 0, f"MkDocs cannot build the site: {error}", "fix this first")]
    built = last_build()
    problems = built.project.problems() if built else []
    return problems + [Problem("mkdocs", 0, message) for message in collect.messages]


@contextlib.contextmanager
def _quiet_mkdocs(handler: logging.Handler) -> Iterator[None]:
    """MkDocs' log goes to `handler` only while checking (the command prints the problems itself)."""
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    """Settings such as pymdownx.snippets' base_path are relative to where MkDocs runs: the project folder."""
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run(config_file: Path, quiet: bool = False, list_all: bool = False) -> int:
    """Print every problem, errors first; exit code 0 when there is no error, 1 when there is, 2 for no site."""
    if not config_file.is_file():
        print(f"{config_file}: not found (run from the project folder or pass the path to mkdocs.yml)")
        return 2
    problems = check_site(config_file.resolve())
    errors = sum(problem.is_error for problem in problems)
    for problem in report(problems, list_all=list_all):
        if problem.is_error or not quiet:
            print(("" if problem.is_error else "notice: ") + str(problem))
    print(f"{errors} error(s), {len(problems) - errors} notice(s)", file=sys.stderr)
    return 1 if errors else 0
