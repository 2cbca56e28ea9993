"""The engine stays lint-clean and type-checked, with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("tool", [["ruff", "check", "scripts"], ["mypy", "scripts"]], ids=["ruff", "mypy"])
def test_engine_passes(tool: list[str]) -> None:
    """ruff and mypy report nothing on scripts/."""
    result = subprocess.run([sys.executable, "-m", *tool], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
