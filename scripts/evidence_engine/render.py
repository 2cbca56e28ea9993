"""Small pieces shared by pages: badges, relative and outbound links, a page's reference list items.

Their markup is in templates/_macros.html and templates/reference_list.html (escaped by Jinja2); URLs are built only
from validated DOIs, PMIDs and http(s) addresses, so no `javascript:` link can be made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

from markupsafe import Markup

from .formatting import format_reference
from .library.catalog import Library
from .library.model import Reference
from .templating import badge, macro

__all__ = ["badge", "doi_url", "outbound_targets", "pubmed_url", "reference_items", "root_prefix"]
from .vocabulary import STATUSES


def root_prefix(page_url: str) -> str:
    """`../../` from `claims/risks/` (or `../` from `claims/risks.html`): prepended to a site-root URL it gives the
    relative link from that page. One `../` per folder; os.path.relpath would ask the OS for the working directory."""
    return "../" * page_url.count("/")


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{quote(pmid)}/"


def outbound_targets(reference: Reference) -> list[tuple[str, str]]:
    """(URL, label) of a reference's DOI, PubMed and web links; templates make them links."""
    targets = []
    if reference.doi:
        targets.append((doi_url(reference.doi), "DOI"))
    if reference.pmid:
        targets.append((pubmed_url(reference.pmid), "PubMed"))
    if reference.url and not reference.doi:
        targets.append((reference.url, "Web page"))
    return targets


def reference_items(
    library: Library, numbers: Mapping[str, int], study_url: Callable[[str], str]
) -> list[tuple[str, int, Markup]]:
    """(key, number, inner HTML) of a page's numbered references, in citation order."""
    items = []
    for key, number in sorted(numbers.items(), key=lambda item: item[1]):
        reference = library.reference(key)
        href = study_url(key)
        # The same study, linked from pages at the same depth, is the same HTML: render it once (most citations
        # go to a few studies; a template call per item was a tenth of the engine's time).
        memo_key = (reference.fingerprint, href)
        inner = _ITEMS.get(memo_key)
        if inner is None:
            if len(_ITEMS) > MAX_ITEMS:
                _ITEMS.clear()
            inner = _ITEMS[memo_key] = _reference_item(reference, href)
        items.append((key, number, inner))
    return items


_ITEMS: dict[tuple[object, str], Markup] = {}
MAX_ITEMS = 100_000


def _reference_item(reference: Reference, href: str) -> Markup:
    status = STATUSES.get(reference.status, STATUSES["unverified"])
    finding = reference.get("finding")
    return _ITEM(format_reference(reference).markup, status, finding, href, outbound_targets(reference))


_ITEM = macro("reference_list.html", "item")
