"""Downloads for reuse: every claim as JSON and CSV, and references as BibTeX (whole library or one page's)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .claims import Claim
from .references import Library, RawEntry
from .vocabulary import CERTAINTIES, VERDICTS


def downloads_html(downloads_url: str, category: str) -> str:
    """Links to this page's references as BibTeX and to every claim as data."""
    links = [
        (f"{category}.bib", "this page's references (BibTeX)"),
        ("references.bib", "all references (BibTeX)"),
        ("claims.json", "all claims (JSON)"),
        ("claims.csv", "all claims (CSV)"),
    ]
    items = " · ".join(f'<a href="{escape(downloads_url + name)}" download>{label}</a>' for name, label in links)
    return f'<p class="downloads" data-search-exclude><strong>Download:</strong> {items}</p>'


def claim_record(claim: Claim, library: Library, page_url: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "category": claim.category,
        "claim": claim.title,
        "bottom_line": claim.bottom_line,
        "verdict": claim.verdict,
        "verdict_label": VERDICTS[claim.verdict].label,
        "certainty": claim.certainty,
        "certainty_label": CERTAINTIES[claim.certainty].label,
        "certainty_reason": claim.certainty_reason,
        "reviewed": claim.reviewed,
        "url": f"{page_url}#{claim.id}",
        "sources": {key: claim.stance_of(key).stance for key in library.compared_pages},
        "evidence": {link.key: link.direction for link in claim.evidence},
    }


def claims_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps({"claims": list(records)}, ensure_ascii=False, indent=2) + "\n"


def claims_csv(records: Sequence[dict[str, Any]], sources: Sequence[str]) -> str:
    """One row per claim; one column per compared page; evidence as `key:direction` pairs."""
    columns = ["id", "category", "claim", "bottom_line", "verdict", "certainty", "certainty_reason", "reviewed", "url"]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([*columns, *sources, "evidence"])
    for record in records:
        evidence = "; ".join(f"{key}:{direction}" for key, direction in record["evidence"].items())
        row = [_csv_safe(str(record[c])) for c in columns]
        writer.writerow([*row, *(record["sources"][s] for s in sources), _csv_safe(evidence)])
    return output.getvalue()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def bibtex(entries: Iterable[RawEntry]) -> str:
    """Entries written back as BibTeX, field values exactly as in references.bib."""
    blocks = []
    for entry in entries:
        fields = ",\n".join(f"  {name} = {{{value}}}" for name, value in entry.fields.items())
        blocks.append(f"@{entry.entry_type}{{{entry.key},\n{fields}\n}}\n")
    return "\n".join(blocks)
