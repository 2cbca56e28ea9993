"""Editors' input is data, never markup: HTML or script in any bib or claim field is escaped everywhere it appears."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import run_mkdocs

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def poison(site: Path) -> None:
    bib = site / "references.bib"
    text = bib.read_text()
    text = text.replace("{A randomized trial of vertebroplasty for osteoporotic spinal fractures}", "{" + PAYLOAD + "}")
    text = text.replace("{131 patients; no difference from a simulated procedure at 1 month.}", "{" + PAYLOAD + "}")
    text = text.replace("organization = {Page A Health}", "organization = {" + PAYLOAD + "}")
    text = text.replace("url          = {https://example.org/page-a}", "url          = {javascript:alert(3)}")
    bib.write_text(text)
    page = site / "docs" / "claims" / "risks.md"
    text = page.read_text().replace("Cement often leaks a little. It rarely causes harm.", PAYLOAD)
    text = text.replace("Lists cement leakage as a risk.", PAYLOAD).replace("glue leaking, cement leak", PAYLOAD)
    page.write_text(text.replace("## Cement can leak out of the bone", "## Cement <b>leaks</b> " + PAYLOAD))


def test_markup_in_every_field_is_escaped_in_every_output(fixture_site: Path, tmp_path: Path) -> None:
    """Pages, tooltips, JSON-LD, the search index and downloads carry the payload only as text."""
    poison(fixture_site)
    out = tmp_path / "out"
    result = run_mkdocs(fixture_site, "build", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for html in out.rglob("*.html"):
        text = html.read_text()
        assert "<script>alert" not in text, html
        assert "<img src=x" not in text, html
        assert not re.search(r"""href=["']\s*javascript:""", text, re.IGNORECASE), html
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL):
            json.loads(block)  # still valid JSON, and `</script>` could not end it early
    index = (out / "search" / "search_index.json").read_text()
    assert "<script>alert" not in json.dumps(json.loads(index))
    claims = json.loads((out / "downloads" / "claims.json").read_text())
    assert any(PAYLOAD in claim["bottom_line"] for claim in claims["claims"])  # kept as data, for reuse


def test_csv_download_neutralises_formulas(fixture_site: Path, tmp_path: Path) -> None:
    """A claim that starts with '=' cannot run as a spreadsheet formula."""
    page = fixture_site / "docs" / "claims" / "risks.md"
    page.write_text(page.read_text().replace("## It works better than a sham", '## =HYPERLINK("http://x")'))
    out = tmp_path / "out"
    assert run_mkdocs(fixture_site, "build", "--site-dir", str(out)).returncode == 0
    assert "'=HYPERLINK" in (out / "downloads" / "claims.csv").read_text()
