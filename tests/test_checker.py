"""checker and `python -m evidence_engine check`: the checks without a build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_check_command_exit_codes_and_output(fixture_site: Path) -> None:
    """Clean site: exit 0. A typo'd key: exit 1 and the path:line message on stdout."""
    command = [sys.executable, "-m", "evidence_engine", "check"]
    clean = subprocess.run(command, cwd=fixture_site, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout
    page = fixture_site / "docs" / "index.md"
    page.write_text(page.read_text().replace("[@kallmes2009] and", "[@kallmes2090] and"))
    broken = subprocess.run(command, cwd=fixture_site, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "docs/index.md:7: unknown citation key 'kallmes2090' (did you mean 'kallmes2009'?)" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr
