"""JSON-LD for search engines and fact-check tools: ClaimReview per claim, MedicalWebPage, ScholarlyArticle.

Built from the same Claim and Reference values the visible page shows, so markup and page cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from .assessment import source_name
from .claims import Claim
from .library.catalog import Library
from .library.model import Reference
from .render import doi_url
from .templating import macro
from .vocabulary import VERDICT_RATINGS, VERDICTS

PUBLISHER = {"@type": "Organization", "name": "VP/KP evidence project"}


def script_tag(data: Any) -> Markup:
    """A JSON-LD script element; `<` is escaped so no field can close the tag early."""
    return macro("json_ld.html", "script")(data)


def claim_review(claim: Claim, library: Library, page_url: str) -> dict[str, Any]:
    appearances = []
    for source in claim.sources:
        if source.stance in ("agree", "qualify"):
            reference = library.reference(source.key)
            appearance: dict[str, Any] = {"@type": "CreativeWork", "name": source_name(reference)}
            if reference.url:
                appearance["url"] = reference.url
            appearances.append(appearance)
    verdict = VERDICTS[claim.verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label, "ratingExplanation": claim.bottom_line}
    if claim.verdict in VERDICT_RATINGS:  # "Unproven" is not a point on the true–false scale
        worst, best = min(VERDICT_RATINGS.values()), max(VERDICT_RATINGS.values())
        rating |= {"ratingValue": VERDICT_RATINGS[claim.verdict], "worstRating": worst, "bestRating": best}
    item: dict[str, Any] = {"@type": "Claim", "name": claim.title}
    if appearances:
        item["appearance"] = appearances
    return {
        "@type": "ClaimReview",
        "url": f"{page_url}#{claim.id}",
        "claimReviewed": claim.title,
        "datePublished": claim.reviewed,
        "author": PUBLISHER,
        "reviewRating": rating,
        "itemReviewed": item,
    }


def claims_page_json_ld(claims: Sequence[Claim], library: Library, page_url: str, title: str) -> Markup:
    last_reviewed = max((claim.reviewed for claim in claims), default="")
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": title,
        "url": page_url,
        "about": [
            {"@type": "MedicalProcedure", "name": "Vertebroplasty"},
            {"@type": "MedicalProcedure", "name": "Balloon kyphoplasty"},
        ],
        "publisher": PUBLISHER,
        "hasPart": [claim_review(claim, library, page_url) for claim in claims],
    }
    if last_reviewed:
        page["lastReviewed"] = last_reviewed
    return script_tag(page)


def study_json_ld(reference: Reference) -> Markup:
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": reference.title,
        "author": [
            {"@type": "Person", "familyName": p.family, "givenName": p.given}
            if p.given
            else {"@type": "Organization", "name": p.family}
            for p in reference.authors
            if not p.is_others
        ],
    }
    if reference.year:
        article["datePublished"] = reference.year
    journal = reference.get("journal")
    if journal:
        article["isPartOf"] = {"@type": "Periodical", "name": journal}
    if reference.doi:
        article["sameAs"] = doi_url(reference.doi)
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi}
    return script_tag(article)
