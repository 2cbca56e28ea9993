"""downloads: every claim as JSON and CSV, references as BibTeX, and the links to them."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
from evidence_engine.downloads import bibtex, claim_record, claims_csv, claims_json, downloads_html
from evidence_engine.library.load import parse

from .views_support import CLAIM, PAYLOAD, claim, html, library


def records() -> list[dict[str, object]]:
    return [claim_record(CLAIM, library(), "https://example.org/claims/risks/")]


def test_claims_json_round_trips() -> None:
    """claims.json parses back to exactly the records it was made from."""
    assert json.loads(claims_json(records())) == {"claims": records()}


def test_claim_record_holds_stances_evidence_and_address() -> None:
    """A record names every compared page's stance, each study's direction and the claim's address."""
    record = records()[0]
    assert record["sources"] == {"pagea": "agree", "pageb": "contradict"}
    assert record["evidence"] == {"trial2020": "supports", "review2021": "mixed"}
    assert record["url"] == "https://example.org/claims/risks/#cement-leak"
    assert (record["verdict_label"], record["certainty_label"]) == ("Supported", "Moderate certainty")


def test_claims_csv_has_a_column_per_compared_page() -> None:
    """One row per claim; the stances in the compared pages' columns and evidence as key:direction pairs."""
    rows = list(csv.DictReader(io.StringIO(claims_csv(records(), ["pagea", "pageb"]))))
    assert len(rows) == 1
    assert (rows[0]["pagea"], rows[0]["pageb"]) == ("agree", "contradict")
    assert rows[0]["evidence"] == "trial2020:supports; review2021:mixed"


def test_csv_cells_cannot_start_a_formula() -> None:
    """A claim starting with '=' is written with a leading quote, so spreadsheets show it as text."""
    record = claim_record(claim(title='=HYPERLINK("x")'), library(), "")
    row = next(csv.DictReader(io.StringIO(claims_csv([record], []))))
    assert row["claim"] == '\'=HYPERLINK("x")'


def test_bibtex_parses_back_to_the_same_entries() -> None:
    """The written .bib parses with bibtexparser to the same keys, types and field values, without failures."""
    entries = list(library().entries.values())
    written = bibtexparser.parse_string(bibtex(entries))
    assert written.failed_blocks == []
    assert [(e.entry_type, e.key, {f.key: f.value for f in e.fields}) for e in written.entries] == [
        (raw.entry_type, raw.key, dict(raw.fields)) for raw in entries
    ]


def test_bibtex_keeps_values_as_written_in_braces() -> None:
    """LaTeX, nested braces and numbers come out exactly as in references.bib, each value in braces."""
    source = b'@article{m2020, author={M{\\"u}ller, J}, title={A {{Systematic}} review}, year={2020}}'
    assert bibtex(parse(source, "r.bib").entries.values()) == (
        '@article{m2020,\n  author = {M{\\"u}ller, J},\n  title = {A {{Systematic}} review},\n  year = {2020}\n}\n'
    )


def test_download_links_name_four_files() -> None:
    """This page's .bib, the whole library and the claims as JSON and CSV, each a download link."""
    links = html(downloads_html("../../downloads/", "risks")).select("a[download]")
    assert [a["href"] for a in links] == [
        "../../downloads/risks.bib",
        "../../downloads/references.bib",
        "../../downloads/claims.json",
        "../../downloads/claims.csv",
        "../../downloads/findings.json",
        "../../downloads/findings.csv",
    ]


def test_claims_json_keeps_editor_text_as_data() -> None:
    """Markup in a claim is kept verbatim in the data download (it is data there, not HTML)."""
    record = claim_record(claim(bottom_line=PAYLOAD), library(), "")
    assert json.loads(claims_json([record]))["claims"][0]["bottom_line"] == PAYLOAD


def test_every_finding_is_downloadable_with_where_it_was_read(tmp_path) -> None:
    """findings.json and findings.csv hold each recorded finding, its groups, effect and source."""
    from evidence_engine.downloads import finding_records, findings_csv, findings_json
    from evidence_engine.findings import load_findings

    folder = tmp_path / "findings"
    folder.mkdir()
    (folder / "trial2020.yml").write_text(
        "study: trial2020\nread_at: https://example.org/abstract\nfindings:\n"
        "  - comparison: vp-vs-sham\n    outcome: serious-adverse-event\n    timepoint: 1 month\n"
        "    arms:\n      - {group: vertebroplasty, events: 1, total: 68}\n"
        "      - {group: sham, events: 2, total: 63}\n"
        "    effect: {measure: risk ratio, value: 0.46, ci: [0.04, 5.0], favours: vertebroplasty,"
        " compares: [vertebroplasty, sham]}\n"
        "    where: Abstract\n"
    )
    studies, problems = load_findings(folder, "findings", library())
    assert problems == []
    records = finding_records(studies)
    assert json.loads(findings_json(records))["findings"][0] | {} == records[0]
    assert (records[0]["value"], records[0]["ci_low"], records[0]["favours"]) == (0.46, 0.04, "vertebroplasty")
    assert records[0]["read_at"] == "https://example.org/abstract"
    (row,) = csv.DictReader(io.StringIO(findings_csv(records)))
    assert row["groups"] == "vertebroplasty: events=1, total=68 | sham: events=2, total=63"
    assert (row["where"], row["ci_high"]) == ("Abstract", "5.0")
    # Which way round the ratio runs, as the page says it ("Risk ratio (vertebroplasty vs sham) 0.46")
    assert (records[0]["compares"], row["compares"], row["computed"]) == (
        ["vertebroplasty", "sham"],
        "vertebroplasty vs sham",
        "False",
    )
