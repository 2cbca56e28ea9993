"""The whole repository stays lint-clean and formatted, and the engine type-checks strictly (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "tool",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy", "scripts"]],
    ids=["ruff", "ruff-format", "mypy-strict"],
)
def test_code_passes(tool: list[str]) -> None:
    """ruff (lint and format) over the repository and mypy --strict over scripts/ report nothing."""
    result = subprocess.run([sys.executable, "-m", *tool], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
