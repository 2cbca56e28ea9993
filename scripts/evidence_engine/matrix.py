"""Agreement matrices: claims × the five compared pages, each cell a stance (symbol + word + colour), linked to the
claim. One per claims page, and all of them on the comparison page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from markupsafe import Markup

from .assessment import source_name
from .claims import Claim
from .library.catalog import Library
from .templating import render, render_markdown
from .vocabulary import CATEGORIES


def agreement_matrix(
    claims: Sequence[Claim], library: Library, claim_url: Callable[[Claim], str], caption: str
) -> Markup:
    """A table readers scan to see who says what; every cell reads without colour."""
    sources = [(key, source_name(library.reference(key))) for key in library.compared_pages]
    return render("matrix.html", claims=claims, sources=sources, claim_url=claim_url, caption=caption)


def verdict_legend(how_to_read_url: str) -> Markup:
    """One line naming the verdicts and certainty symbols, linking the full explanation."""
    return render("verdict_legend.html", how_to_read_url=how_to_read_url)


def stance_legend() -> Markup:
    return render("stance_legend.html")


def comparison_markdown(
    claims_by_category: dict[str, list[Claim]],
    library: Library,
    claim_url: Callable[[Claim], str],
    hold: Callable[[str], str] = lambda html: html,
) -> str:
    """The site-wide comparison page: one matrix per category."""
    # `hold` gives placeholder comments (fragments.py), not editors' text: Markup.
    legend = Markup(hold(stance_legend()))
    matrices = [
        (term, category, Markup(hold(agreement_matrix(claims, library, claim_url, f"{term.label}: who says what"))))
        for category, term in CATEGORIES.items()
        if (claims := claims_by_category.get(category, []))
    ]
    total = sum(len(claims) for claims in claims_by_category.values())
    return render_markdown("comparison.md", total=total, legend=legend, matrices=matrices)


def group_by_category(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {category: [] for category in CATEGORIES}
    for claim in claims:
        grouped.setdefault(claim.category, []).append(claim)
    return grouped
