"""A claim rendered as a card: bottom line, verdict and certainty, the five pages side by side, the evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from .assessment import evidence_counts, source_name
from .claims import Claim
from .library.catalog import Library
from .templating import render
from .vocabulary import DIRECTIONS, STUDY_TYPES, Term


def claim_card(
    claim: Claim,
    library: Library,
    study_url: Callable[[str], str],
    changed: str = "",
    corrections_url: str = "",
    pictures: Markup | None = None,
) -> Markup:
    """`changed`: the date of the claim's latest correction, shown with a link to it; `pictures`: its "out of 100"
    pictures, ready-made."""
    sources = [(key, source_name(library.reference(key))) for key in library.compared_pages]
    return render(
        "card.html",
        claim=claim,
        library=library,
        study_url=study_url,
        reviewed=dt.date.fromisoformat(claim.reviewed),
        changed=dt.date.fromisoformat(changed) if changed else None,
        corrections_url=corrections_url,
        pictures=pictures or "",
        sources=sources,
        counts=_counts_by_design(claim, library),
    )


def _counts_by_design(claim: Claim, library: Library) -> list[tuple[Term, list[tuple[Term, int]]]]:
    """For each study design with studies weighed, how many point each way."""
    counts = evidence_counts(claim, library)
    by_design = []
    for study_type, term in STUDY_TYPES.items():
        directions = [(DIRECTIONS[d], counts[(study_type, d)]) for d in DIRECTIONS if counts[(study_type, d)]]
        if directions:
            by_design.append((term, directions))
    return by_design
