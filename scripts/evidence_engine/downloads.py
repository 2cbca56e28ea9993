"""Downloads for reuse: every claim as JSON and CSV, and references as BibTeX (whole library or one page's)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library as BibLibrary
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from markupsafe import Markup

from .claims import Claim
from .findings import StudyFindings
from .library.catalog import Library
from .library.model import RawEntry
from .templating import render
from .vocabulary import CERTAINTIES, VERDICT_RATINGS, VERDICTS

# Two-space indent, no blank line between entries: the layout the site's BibTeX downloads have always had.
BIBTEX_FORMAT = BibtexFormat()  # type: ignore[no-untyped-call]
BIBTEX_FORMAT.indent = "  "
BIBTEX_FORMAT.block_separator = "\n"


def downloads_html(downloads_url: str, category: str) -> Markup:
    """Links to this page's references as BibTeX and to every claim as data."""
    return render("downloads.html", downloads_url=downloads_url, category=category)


def claim_record(claim: Claim, library: Library, page_url: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "category": claim.category,
        "claim": claim.title,
        "bottom_line": claim.bottom_line,
        "verdict": claim.verdict,
        "verdict_label": VERDICTS[claim.verdict].label,
        "verdict_rating": VERDICT_RATINGS.get(claim.verdict),
        "certainty": claim.certainty,
        "certainty_label": CERTAINTIES[claim.certainty].label,
        "certainty_reason": claim.certainty_reason,
        "reviewed": claim.reviewed,
        "url": f"{page_url}#{claim.id}",
        "sources": {key: claim.stance_of(key).stance for key in library.compared_pages},
        "evidence": {link.key: link.direction for link in claim.evidence},
        "verdicts_by_comparison": {
            split.comparison: {"verdict": split.verdict, "certainty": split.certainty, "note": split.note}
            for split in claim.verdicts
        },
    }


def claims_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps({"claims": list(records)}, ensure_ascii=False, indent=2) + "\n"


def claims_csv(records: Sequence[dict[str, Any]], sources: Sequence[str]) -> str:
    """One row per claim; one column per compared page; evidence as `key:direction` pairs, verdicts by comparison as
    `comparison:verdict:certainty` triples."""
    columns = ["id", "category", "claim", "bottom_line", "verdict", "certainty", "certainty_reason", "reviewed", "url"]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([*columns, *sources, "evidence", "verdicts_by_comparison"])
    for record in records:
        evidence = "; ".join(f"{key}:{direction}" for key, direction in record["evidence"].items())
        splits = "; ".join(
            f"{comparison}:{split['verdict']}:{split['certainty']}"
            for comparison, split in record["verdicts_by_comparison"].items()
        )
        row = [_csv_safe(str(record[c])) for c in columns]
        writer.writerow([*row, *(record["sources"][s] for s in sources), _csv_safe(evidence), splits])
    return output.getvalue()


FINDING_COLUMNS = (
    "study", "comparison", "outcome", "timepoint", "definition", "instrument", "scale", "groups", "measure", "value",
    "ci_low", "ci_high", "p", "favours", "compares", "computed", "within_group", "pooled", "population", "where",
    "read_at",
)  # fmt: skip


def finding_records(studies: Mapping[str, StudyFindings]) -> list[dict[str, Any]]:
    """Every recorded finding with where it was read: the same data the summary tables, plots and number check use."""
    records = []
    for key in sorted(studies):
        study = studies[key]
        for finding in study.findings:
            effect = finding.effect
            records.append(
                {
                    "study": key,
                    "comparison": finding.comparison,
                    "outcome": finding.outcome,
                    "timepoint": finding.timepoint,
                    "definition": finding.definition,
                    "instrument": finding.instrument,
                    "scale": finding.scale,
                    "groups": [
                        {"group": arm.group, **{k: v for k, v in arm.values.items() if k != "group"}}
                        for arm in finding.arms
                    ],
                    "measure": effect.measure if effect else "",
                    "value": effect.value if effect else None,
                    "ci_low": effect.ci[0] if effect and effect.ci else None,
                    "ci_high": effect.ci[1] if effect and effect.ci else None,
                    "p": effect.p if effect else None,
                    "favours": effect.favours if effect else "",
                    # which way round the value runs (first ÷ or − second): 9.84 is harm or benefit by its order
                    "compares": list(effect.compares) if effect and effect.compares else [],
                    "computed": effect.computed if effect else False,  # by this site from the counts, not printed
                    "within_group": effect.within_group if effect else False,
                    "pooled": dict(finding.pooled),
                    "population": study.population,
                    "where": finding.where,
                    "read_at": finding.read_at or study.read_at,
                }
            )
    return records


def findings_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps({"findings": list(records)}, ensure_ascii=False, indent=2) + "\n"


def findings_csv(records: Sequence[dict[str, Any]]) -> str:
    """One row per finding; the groups as `name: field=value, …` separated by ` | `."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(FINDING_COLUMNS)
    for record in records:
        groups = " | ".join(
            f"{group['group']}: " + ", ".join(f"{k}={v}" for k, v in group.items() if k != "group")
            for group in record["groups"]
        )
        pooled = ", ".join(f"{k}={v}" for k, v in record["pooled"].items())
        cells = {**record, "groups": groups, "compares": " vs ".join(record["compares"]), "pooled": pooled}
        writer.writerow([_csv_safe("" if cells[c] is None else str(cells[c])) for c in FINDING_COLUMNS])
    return output.getvalue()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def bibtex(entries: Iterable[RawEntry]) -> str:
    """Entries written back as BibTeX by bibtexparser, field values exactly as in references.bib, each in braces."""
    library = BibLibrary(
        [Entry(raw.entry_type, raw.key, [Field(name, value) for name, value in raw.fields.items()]) for raw in entries]
    )
    # Values are stored without their braces (bibtexparser's default parse removes them); every one gets braces
    # back, numbers too, as they are written in references.bib.
    enclose = AddEnclosingMiddleware(
        reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{", allow_inplace_modification=True
    )
    return write_string(library, unparse_stack=[enclose], bibtex_format=BIBTEX_FORMAT)
