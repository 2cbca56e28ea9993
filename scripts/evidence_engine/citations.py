"""Pandoc-style citations (`[@key]`, `[@a; @b]`, `[@key, p. 4]`, `[see @key]`) as a Python-Markdown extension.

An inline processor, not a regex over raw Markdown: Python-Markdown has already set code spans, code blocks, autolinks
and escapes aside before it runs, so none of them is touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own name for it)
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE as STASHED  # raw HTML's placeholder in the tree

from .fragments import Fragments
from .library.catalog import Library
from .render import reference_items
from .source import COMMENT_END, COMMENT_START, scan
from .templating import macro

KEY = r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*(?<![.:])"
# One item: optional prefix, @key (after a space, `[`, `;` or `-`, so e-mail addresses never match), optional locator.
# The locator follows a comma (`[@key, p. 5]`) or, as editors often write it, a locator term (`[@key p. 5]`).
LOCATOR_TERM = (
    r"(?:pp?|pages?|chap|chapter|ch|sec|section|fig|figs?|figure|tab|table|suppl|supplement|vol|para|l|ll|n|no)"
    r"\.?\s*\d"
)
ITEM = re.compile(
    rf"^\s*(?P<prefix>.*?)(?<![\w@])-?@(?P<key>{KEY})"
    rf"(?:\s*,\s*(?P<locator>.*?)|\s+(?P<termed>{LOCATOR_TERM}.*?))?\s*$",
    re.DOTALL | re.IGNORECASE,
)
# A bracket whose items all contain a key, not followed by `(` or `[` (which would make it a link).
CITATION = r"\[(?P<body>[^\[\]]*?(?<![\w@])-?@" + KEY + r"[^\[\]]*)\](?![(\[])"


@dataclass(frozen=True)
class CitationItem:
    key: str
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True)
class CitationUse:
    """One citation of one key, and the section (heading id) it appears in."""

    key: str
    section: str = ""


def parse_citation(body: str) -> list[CitationItem] | None:
    """The items of a bracketed citation body, or None if any part is not a citation item."""
    items = []
    for part in body.split(";"):
        match = ITEM.match(part)
        if not match or "@" in match["prefix"]:
            return None
        locator = (match["locator"] or match["termed"] or "").strip()
        items.append(CitationItem(match["key"], match["prefix"].strip(), locator))
    return items


@dataclass
class PageCitations:
    """What one page cites, numbered in order of first use."""

    numbers: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # brackets with an @key that are not citations as written
    uses: list[CitationUse] = field(default_factory=list)
    section_titles: dict[str, str] = field(default_factory=dict)
    pending: dict[str, list[str]] = field(default_factory=dict)  # stash placeholder → known keys it cites

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)


class CitationProcessor(InlineProcessor):
    def __init__(self, extension: CitationExtension, md: Markdown) -> None:
        super().__init__(CITATION, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # noqa: N802
        if _inside_comment(data, m.start(0)):  # an editor's note, left alone as the source scanner leaves it
            return None, None, None
        items = parse_citation(m["body"])
        if items is None:
            self.extension.page.unreadable.append(m[0])
            return None, None, None
        # Ready-made HTML, held for the finished file: neither Python-Markdown's inline patterns nor the search
        # plugin parse ~30 citations a page (at 1,000 pages that was a fifth of the build), and search results
        # are not sprinkled with reference numbers.
        extension = self.extension
        placeholder = self.md.htmlStash.store(extension.fragments.late_marker(extension.render_citation(items)))
        extension.page.pending[placeholder] = [item.key for item in items if item.key in extension.library]
        return placeholder, m.start(0), m.end(0)


def _inside_comment(text: str, position: int) -> bool:
    """Whether `position` of a paragraph's text is inside an HTML comment (this runs before Python-Markdown's own
    inline HTML pattern has set comments aside)."""
    opened = text.rfind(COMMENT_START, 0, position)
    return opened >= 0 and text.find(COMMENT_END, opened, position) < 0


class CitationCollector(Treeprocessor):
    """Records the level-2 section (a claim's id) each citation sits in, then appends the page's reference list.

    The list is added to the tree, not to the HTML afterwards, so MkDocs sees its `#ref-…` anchors.
    """

    def __init__(self, extension: CitationExtension, md: Markdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page = self.extension.page
        section = ""
        for child in root:
            if child.tag == "h2":
                section = child.get("id", "")
                page.section_titles[section] = STASHED.sub("", "".join(child.itertext())).strip()
            if page.pending:
                for text in child.itertext():
                    for placeholder in STASHED.finditer(text):
                        page.uses += [CitationUse(key, section) for key in page.pending.get(placeholder[0], ())]
        if page.numbers:
            root.append(self._reference_list())

    def _reference_list(self) -> etree.Element:
        section = etree.Element("section", {"class": "reference-list", "data-search-exclude": ""})
        # A heading by role, not an <h2>: the search index would make an empty "References" section of every page.
        heading = etree.SubElement(
            section, "p", {"id": "references", "class": "reference-list-title", "role": "heading", "aria-level": "2"}
        )
        heading.text = "References"
        listing = etree.SubElement(section, "ol")
        extension = self.extension
        cited_under = self._sections_citing()
        for key, number, inner_html in reference_items(extension.library, extension.page.numbers, extension.study_url):
            item = etree.SubElement(listing, "li", {"id": f"ref-{key}", "value": str(number)})
            # The anchor stays in the tree (MkDocs validates links to it); the formatted reference goes into the
            # finished file only, so neither Markdown nor the search index parses it.
            item.text = self.md.htmlStash.store(self.extension.fragments.late_marker(inner_html))
            if cited_under.get(key):
                _link_back(item, cited_under[key])
        return section

    def _sections_citing(self) -> dict[str, dict[str, str]]:
        """key → {section id: section title}, in page order, for the sections (claims) that cite it."""
        page = self.extension.page
        sections: dict[str, dict[str, str]] = {}
        for use in page.uses:
            if use.section:
                sections.setdefault(use.key, {})[use.section] = page.section_titles.get(use.section) or use.section
        return sections


def _link_back(item: etree.Element, sections: dict[str, str]) -> None:
    """A reader who jumped to a reference finds the way back: a link to each section that cites it."""
    line = etree.SubElement(item, "span", {"class": "reference-cited-under"})
    line.text = "Cited under: "
    for number, (anchor, title) in enumerate(sections.items()):
        link = etree.SubElement(line, "a", {"href": f"#{anchor}"})
        link.text = title
        if number < len(sections) - 1:
            link.tail = " · "


_CITATION = macro("citation.html", "citation")


class CitationExtension(Extension):
    """Holds the library and the current page's citations; MkDocs makes one Markdown per page, so state resets."""

    def __init__(
        self,
        library: Library,
        study_url: Callable[[str], str] | None = None,
        fragments: Fragments | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.study_url = study_url or (lambda key: "")
        self.fragments = fragments or Fragments()
        self.page = PageCitations()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        self.page = PageCitations()
        md.registerExtension(self)
        # After code spans (190) and escapes (180), before links (160); the pattern itself never matches `[..](`.
        md.inlinePatterns.register(CitationProcessor(self, md), "citation", 175)
        # After attr_list (8) gives headings their `{#id}`, before toc (5).
        md.treeprocessors.register(CitationCollector(self, md), "citation_collector", 7)

    def finish_html(self, html: str) -> str:
        """The finished page: citations and reference lists filled in."""
        return self.fragments.release_late(html)

    def render_citation(self, items: Iterable[CitationItem]) -> str:
        """`[see 1; 2, p. 4]`: each number links the page's reference list and previews the reference."""
        parts = []
        for item in items:
            if item.key in self.library:
                number: int | None = self.page.number(item.key)
            else:
                self.page.unknown.append(item.key)
                number = None
            parts.append((item.prefix, item.key, number, item.locator))
        # The most cited studies come back with the same number on many pages: render each citation once.
        memo_key = tuple(parts)
        html = _CITATIONS.get(memo_key)
        if html is None:
            if len(_CITATIONS) > MAX_CITATIONS:
                _CITATIONS.clear()
            html = _CITATIONS[memo_key] = str(_CITATION(parts))
        return html


_CITATIONS: dict[tuple[tuple[str, str, int | None, str], ...], str] = {}
MAX_CITATIONS = 100_000


def _citations_by_line(markdown: str) -> Iterator[tuple[int, list[CitationItem]]]:
    """(line number, items) for each citation in the page's prose (see source.py for what is not prose)."""
    for line in scan(markdown):
        for match in re.finditer(CITATION, line.prose):
            items = parse_citation(match["body"])
            if items:
                yield line.number, items


def source_lines_containing(markdown: str, text: str) -> list[int]:
    """1-based lines of the page's prose that contain `text`."""
    return [line.number for line in scan(markdown) if text in line.prose]


def source_lines_citing(markdown: str, key: str) -> list[int]:
    """1-based lines of `markdown` that cite `key`; for locating problems."""
    lines = [number for number, items in _citations_by_line(markdown) if any(item.key == key for item in items)]
    return list(dict.fromkeys(lines))


def cited_keys(markdown: str) -> set[str]:
    """Every key a page's source cites, found before rendering."""
    return {item.key for _, items in _citations_by_line(markdown) for item in items}
