"""A compared page's scorecard: the claims it makes, how each holds up, and counts by verdict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from html import escape

from .claims import Claim
from .render import badge
from .vocabulary import CERTAINTIES, STANCES, VERDICTS


def scorecard_html(source_key: str, claims: Sequence[Claim], claim_url: Callable[[Claim], str]) -> str:
    """Counts by verdict of what the page asserts, then a row per claim it addresses."""
    addressed = [c for c in claims if c.stance_of(source_key).stance != "silent"]
    asserted = [c for c in addressed if c.stance_of(source_key).stance in ("agree", "qualify")]
    counts = Counter(c.verdict for c in asserted)
    summary = "".join(
        f"<li>{badge('verdict', term)} {counts[name]}</li>" for name, term in VERDICTS.items() if counts[name]
    )
    rows = []
    for claim in addressed:
        stance = claim.stance_of(source_key)
        said = escape(stance.says) + (f' <q class="source-quote">{escape(stance.quote)}</q>' if stance.quote else "")
        certainty = CERTAINTIES[claim.certainty]
        rows.append(
            f'<tr><th scope="row"><a href="{escape(claim_url(claim))}">{escape(claim.title)}</a></th>'
            f"<td>{badge('stance', STANCES[stance.stance])}</td><td>{said}</td>"
            f"<td>{badge('verdict', VERDICTS[claim.verdict])} "
            f'<span class="matrix-certainty">{certainty.symbol} {escape(certainty.label)}</span></td></tr>'
        )
    return (
        f'<div class="scorecard"><p>This page takes a position on {len(addressed)} of '
        f"the {len(claims)} claims on this site. Of the {len(asserted)} it makes (fully or with caveats), "
        f"our verdicts are:</p><ul class=\"scorecard-counts\">{summary}</ul></div>\n\n"
        '<div class="source-claims"><table><thead><tr><th scope="col">Claim</th><th scope="col">Its position</th>'
        '<th scope="col">What it says</th><th scope="col">What the evidence says</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )
