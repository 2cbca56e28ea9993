"""`extra.evidence` in mkdocs.yml, validated as MkDocs validates its own settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from evidence_engine.problems import Problem, did_you_mean
from mkdocs.config import base
from mkdocs.config import config_options as c

CONFIG_FILE = "mkdocs.yml"


class EvidenceConfig(base.Config):
    # Which references get a page of their own. "cited" (the default): those some page cites or weighs as
    # evidence, and the compared pages — a one-page edit under `mkdocs serve` stays fast with thousands of
    # references. "all": every entry (the bibliography lists every entry either way).
    study_pages = c.Choice(("cited", "all"), default="cited")
    # The reference libraries, relative to mkdocs.yml; a key must be unique across all of them.
    bibliography = c.ListOfItems(c.Type(str), default=["references.bib"])
    # The folder of study findings (`<key>.yml`), relative to mkdocs.yml: claims pages' numbers are checked against it.
    findings = c.Type(str, default="findings")
    # The corrections log (every change to a verdict, certainty, number or statement), relative to mkdocs.yml.
    corrections = c.Type(str, default="corrections.yml")
    # "summary": repeated problems of one kind are shown a few at a time with a count; "all": every one.
    problems = c.Choice(("summary", "all"), default="summary")


def read_settings(extra: object, config_path: Path) -> tuple[EvidenceConfig, list[Problem]]:
    """The validated settings, and a problem (at its line in mkdocs.yml) for each one that is wrong."""
    raw = extra.get("evidence") if isinstance(extra, Mapping) else None
    settings = EvidenceConfig(config_file_path=str(config_path))
    problems = []
    if raw is not None and not isinstance(raw, Mapping):
        problems.append(Problem(CONFIG_FILE, _line_of(config_path, "evidence"), "'extra.evidence' must be settings"))
        raw = None
    if raw is None and isinstance(extra, Mapping):  # `evidense:` would leave every setting at its default unsaid
        for name in extra:
            if str(name) != "evidence" and did_you_mean(str(name), ["evidence"]):
                message = f"'extra.{name}' is not a setting"
                hint = "did you mean 'evidence'? Without it the engine uses its defaults"
                problems.append(Problem(CONFIG_FILE, _line_of(config_path, str(name)), message, hint))
    settings.load_dict(dict(raw or {}))
    errors, warnings = settings.validate()
    for name, error in [*errors, *warnings]:
        message = f"extra.evidence.{name}: {error}"
        problems.append(Problem(CONFIG_FILE, _line_of(config_path, name), message, "see the editors' guide"))
    if errors:  # fall back to the defaults, so that one wrong setting is one problem, not a failed build
        settings = EvidenceConfig(config_file_path=str(config_path))
        settings.load_dict({})
        settings.validate()
    return settings, problems


def _line_of(config_path: Path, name: str) -> int:
    try:
        lines = config_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{name}:")), 0)
