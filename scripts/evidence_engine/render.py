"""Small HTML pieces shared by pages: badges, outbound links, a page's reference list.

Everything that comes from an editor's input is escaped here; URLs are built only from validated DOIs, PMIDs and
http(s) addresses, so no `javascript:` link can be made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from urllib.parse import quote

from .formatting import format_reference
from .references import Library, Reference
from .vocabulary import STATUSES, Term


def badge(kind: str, term: Term, title: str = "") -> str:
    """Symbol + word (+ colour from CSS): readable without colour."""
    tooltip = f' title="{escape(title or term.description)}"' if (title or term.description) else ""
    symbol = f'<span class="badge-symbol" aria-hidden="true">{escape(term.symbol)}</span> ' if term.symbol else ""
    return f'<span class="badge {kind} {kind}-{escape(term.name)}"{tooltip}>{symbol}{escape(term.label)}</span>'


def root_prefix(page_url: str) -> str:
    """`../../` from `claims/risks/` (or `../` from `claims/risks.html`): prepended to a site-root URL it gives the
    relative link from that page. One `../` per folder; os.path.relpath would ask the OS for the working directory."""
    return "../" * page_url.count("/")


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{quote(pmid)}/"


def outbound_links(reference: Reference) -> list[str]:
    """DOI, PubMed and web links of a reference, as `<a>` elements."""
    links = []
    if reference.doi:
        links.append(f'<a href="{escape(doi_url(reference.doi))}" rel="noopener">DOI</a>')
    if reference.pmid:
        links.append(f'<a href="{escape(pubmed_url(reference.pmid))}" rel="noopener">PubMed</a>')
    if reference.url and not reference.doi:
        links.append(f'<a href="{escape(reference.url)}" rel="noopener">Web page</a>')
    return links


def status_badge(reference: Reference) -> str:
    term = STATUSES.get(reference.status, STATUSES["unverified"])
    return badge("status", term)


def reference_items(
    library: Library, numbers: Mapping[str, int], study_url: Callable[[str], str]
) -> list[tuple[str, int, str]]:
    """(key, number, inner HTML) of a page's numbered references, in citation order."""
    items = []
    for key, number in sorted(numbers.items(), key=lambda item: item[1]):
        reference = library.reference(key)
        page = study_url(key)
        links = [f'<a href="{escape(page)}">Study page</a>'] if page else []
        links += outbound_links(reference)
        warning = "" if reference.status == "verified" else " " + status_badge(reference)
        inner = f'{format_reference(reference).html}{warning} <span class="reference-links">{" · ".join(links)}</span>'
        items.append((key, number, inner))
    return items
