"""A claim rendered as a card: bottom line, verdict and certainty, the five pages side by side, the evidence."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from html import escape

from .claims import Claim
from .references import Library, Reference
from .render import badge
from .vocabulary import CERTAINTIES, DIRECTIONS, STANCES, STUDY_TYPES, VERDICTS


def source_name(reference: Reference) -> str:
    """How readers know a compared page: its short title, publisher, or title."""
    return reference.get("shorttitle") or reference.get("organization") or reference.title or reference.key


def claim_card(claim: Claim, library: Library, study_url: Callable[[str], str]) -> str:
    parts = [
        f'<div class="claim-card" data-claim="{escape(claim.id)}" data-verdict="{escape(claim.verdict)}">',
        f'<p class="claim-bottom-line"><strong>In short:</strong> {escape(claim.bottom_line)}</p>',
        _badges(claim),
        f'<p class="claim-certainty-reason"><strong>Why this certainty:</strong> {escape(claim.certainty_reason)}</p>',
        _sources_table(claim, library, study_url),
        _evidence_summary(claim, library, study_url),
        _search_words(claim),
        "</div>",
    ]
    return "\n".join(parts)


def _search_words(claim: Claim) -> str:
    """Readers' own words for the claim: shown, and indexed by search so that their queries land here."""
    if not claim.search:
        return ""
    return f'<p class="claim-search-words">Also asked as: {escape("; ".join(claim.search))}</p>'


def _badges(claim: Claim) -> str:
    verdict = badge("verdict", VERDICTS[claim.verdict])
    certainty = badge("certainty", CERTAINTIES[claim.certainty])
    reviewed = dt.date.fromisoformat(claim.reviewed)
    date = f'<time datetime="{reviewed.isoformat()}">{reviewed.day} {reviewed:%B %Y}</time>'
    return f'<p class="claim-badges">{verdict} {certainty} <span class="claim-reviewed">Reviewed {date}</span></p>'


def _sources_table(claim: Claim, library: Library, study_url: Callable[[str], str]) -> str:
    rows = []
    for key in library.compared_pages:
        stance = claim.stance_of(key)
        name = source_name(library.reference(key))
        said = escape(stance.says)
        if stance.quote:
            said += f' <q class="source-quote">{escape(stance.quote)}</q>'
        rows.append(
            f'<tr><td><a href="{escape(study_url(key))}">{escape(name)}</a></td>'
            f"<td>{badge('stance', STANCES[stance.stance])}</td><td>{said}</td></tr>"
        )
    return (
        '<details class="claim-sources" open data-search-exclude><summary>What the five patient pages say</summary>'
        '<table><thead><tr><th scope="col">Page</th><th scope="col">Position</th><th scope="col">What it says</th>'
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table></details>'
    )


def evidence_counts(claim: Claim, library: Library) -> Counter[tuple[str, str]]:
    """How many studies of each design point each way."""
    return Counter((library.reference(link.key).study_type, link.direction) for link in claim.evidence)


def _evidence_summary(claim: Claim, library: Library, study_url: Callable[[str], str]) -> str:
    counts = evidence_counts(claim, library)
    summary = []
    for study_type, term in STUDY_TYPES.items():
        directions = [(DIRECTIONS[d], counts[(study_type, d)]) for d in DIRECTIONS if counts[(study_type, d)]]
        if directions:
            described = ", ".join(f"{n} {t.label.lower()}" for t, n in directions)
            summary.append(f"<li>{escape(term.label)}: {described}</li>")
    studies = []
    for link in claim.evidence:
        reference = library.reference(link.key)
        direction = badge("direction", DIRECTIONS[link.direction])
        link_html = f'<a href="{escape(study_url(link.key))}">{escape(reference.short_label)}</a>'
        studies.append(f"<li>{link_html} {direction}</li>")
    return (
        '<div class="claim-evidence" data-search-exclude><p><strong>Evidence weighed</strong>'
        " (papers by study design; one trial may report in several):</p>"
        f'<ul class="evidence-counts">{"".join(summary)}</ul>'
        f'<ul class="evidence-studies">{"".join(studies)}</ul></div>'
    )
