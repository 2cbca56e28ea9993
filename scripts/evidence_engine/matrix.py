"""Agreement matrices: claims × the five compared pages, each cell a stance (symbol + word + colour), linked to the
claim. One per claims page, and all of them on the comparison page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape

from .cards import source_name
from .claims import Claim
from .references import Library
from .render import badge
from .vocabulary import CATEGORIES, CERTAINTIES, STANCES, VERDICTS


def agreement_matrix(
    claims: Sequence[Claim], library: Library, claim_url: Callable[[Claim], str], caption: str
) -> str:
    """A table readers scan to see who says what; every cell reads without colour."""
    sources = library.compared_pages
    header = "".join(
        f'<th scope="col">{escape(source_name(library.reference(key)))}</th>' for key in sources
    )
    rows = []
    for claim in claims:
        url = escape(claim_url(claim))
        cells = []
        for key in sources:
            stance = claim.stance_of(key).stance
            term = STANCES[stance]
            label = f"{source_name(library.reference(key))} {term.label.lower()}: {claim.title}"
            cells.append(
                f'<td class="matrix-cell stance-{stance}"><a href="{url}" aria-label="{escape(label)}">'
                f'<span aria-hidden="true">{term.symbol}</span> {term.label}</a></td>'
            )
        verdict = badge("verdict", VERDICTS[claim.verdict])
        certainty = CERTAINTIES[claim.certainty]
        # The verdict sits under the claim rather than in a column of its own, so that the five pages fit a
        # laptop screen beside the navigation.
        rows.append(
            f'<tr><th scope="row"><a href="{url}">{escape(claim.title)}</a>'
            f'<span class="matrix-verdict">{verdict} '
            f'<span class="matrix-certainty">{certainty.symbol} {escape(certainty.label)}</span></span></th>'
            f'{"".join(cells)}</tr>'
        )
    return (
        '<div class="agreement-matrix" data-search-exclude><table>'
        f"<caption>{escape(caption)}</caption>"
        f'<thead><tr><th scope="col">Claim and verdict</th>{header}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def verdict_legend(how_to_read_url: str) -> str:
    """One line naming the verdicts and certainty symbols, linking the full explanation."""
    verdicts = " ".join(badge("verdict", term) for term in VERDICTS.values())
    levels = (f"{t.symbol} {escape(t.label.lower().removesuffix(' certainty'))}" for t in CERTAINTIES.values())
    certainty = " · ".join(levels)
    return (
        f'<p class="legend-line">Verdicts: {verdicts} Certainty: {certainty}. '
        f'<a href="{escape(how_to_read_url)}">How to read a claim</a></p>'
    )


def stance_legend() -> str:
    items = "".join(f"<li>{badge('stance', term)} {escape(term.description)}</li>" for term in STANCES.values())
    return f'<ul class="legend">{items}</ul>'


def comparison_markdown(
    claims_by_category: dict[str, list[Claim]],
    library: Library,
    claim_url: Callable[[Claim], str],
    hold: Callable[[str], str] = lambda html: html,
) -> str:
    """The site-wide comparison page: one matrix per category."""
    total = sum(len(claims) for claims in claims_by_category.values())
    parts = [
        "---\ntitle: Who says what\n---\n\n# Who says what: all claims × the five pages\n\n",
        f"Every claim the five patient pages make ({total} in all), and what each page says about it. "
        "Follow a cell to the claim and its evidence.\n\n",
        hold(stance_legend()),
    ]
    for category, term in CATEGORIES.items():
        claims = claims_by_category.get(category, [])
        if claims:
            parts.append(f"## {term.label} {{#{category}}}\n\n")
            parts.append(hold(agreement_matrix(claims, library, claim_url, f"{term.label}: who says what")))
    return "".join(parts)


def group_by_category(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {category: [] for category in CATEGORIES}
    for claim in claims:
        grouped.setdefault(claim.category, []).append(claim)
    return grouped
