"""How a claim was assessed, in the terms the views show: the compared pages it was checked against, by the names
readers know them by, and the studies weighed, counted by design and direction."""

from __future__ import annotations

from collections import Counter

from .claims import Claim
from .library.catalog import Library
from .library.model import Reference


def source_name(reference: Reference) -> str:
    """How readers know a compared page: its short title, publisher, or title."""
    return reference.get("shorttitle") or reference.get("organization") or reference.title or reference.key


def evidence_counts(claim: Claim, library: Library) -> Counter[tuple[str, str]]:
    """How many studies of each design point each way."""
    return Counter((library.reference(link.key).study_type, link.direction) for link in claim.evidence)
