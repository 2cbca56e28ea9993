"""A compared page's scorecard: the claims it makes, how each holds up, and counts by verdict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from markupsafe import Markup

from .claims import Claim
from .templating import render


def scorecard_html(source_key: str, claims: Sequence[Claim], claim_url: Callable[[Claim], str]) -> Markup:
    """Counts by verdict of what the page asserts, then a row per claim it addresses."""
    addressed = [c for c in claims if c.stance_of(source_key).stance != "silent"]
    asserted = [c for c in addressed if c.stance_of(source_key).stance in ("agree", "qualify")]
    return render(
        "scorecard.html",
        source_key=source_key,
        claims=claims,
        addressed=addressed,
        asserted=asserted,
        counts=Counter(c.verdict for c in asserted),
        claim_url=claim_url,
    )
