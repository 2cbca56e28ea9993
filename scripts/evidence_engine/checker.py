"""Run every check over a site's sources without building it: what `python -m evidence_engine check` does.

Reads `mkdocs.yml` only for the docs folder, URL style and Markdown extensions, so the pages are parsed exactly as
in the build, without importing MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml

from .problems import Problem
from .project import GLOSSARY_SNIPPET, PageSource, Project, load_library, read_front_matter, split_front_matter


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags such as `!!python/name:` or `!ENV` become None instead of failing."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    docs_dir: Path
    use_directory_urls: bool
    extensions: list[Any]
    extension_configs: dict[str, Any]
    study_pages: str = "all"


def read_site_config(config_file: Path) -> SiteConfig:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    extensions: list[Any] = []
    configs: dict[str, Any] = {}
    for entry in data.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if isinstance(options, dict):
            configs[name] = {k: v for k, v in options.items() if v is not None}
    root = config_file.parent
    return SiteConfig(
        root=root,
        docs_dir=root / data.get("docs_dir", "docs"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        extensions=extensions,
        extension_configs=configs,
        study_pages=str(((data.get("extra") or {}).get("evidence") or {}).get("study_pages", "all")),
    )


def check_site(config_file: Path, bib_name: str = "references.bib") -> list[Problem]:
    """Every problem (errors and notices) in the site's pages and its library."""
    site = read_site_config(config_file)
    glossary = site.docs_dir / GLOSSARY_SNIPPET
    glossary_text = glossary.read_text(encoding="utf-8", errors="replace") if glossary.is_file() else ""
    library = load_library(site.root / bib_name, bib_name)
    project = Project(library, site.use_directory_urls, "", glossary_text, site.study_pages)
    docs_label = site.docs_dir.relative_to(site.root).as_posix()
    pages = [
        (p.relative_to(site.docs_dir).as_posix(), p)
        for p in sorted(site.docs_dir.rglob("*.md"))
        if not p.relative_to(site.docs_dir).as_posix().startswith(("_", "."))  # snippets, not pages
    ]
    written = [_page_source(src, _read(path), docs_label) for src, path in pages]
    for page in written:
        project.add_claims_page(page)
        project.note_citations(page.markdown)
    generated = [_page_source(src, raw, docs_label) for src, raw in project.generated_pages().items()]
    for page in written + generated:
        src_path = page.src_path
        page_url = project.site_url(src_path)
        prepared = project.prepare(page, page_url)
        converter = markdown.Markdown(
            extensions=[*site.extensions, project.extension], extension_configs=site.extension_configs
        )
        converter.convert(prepared)
        project.record(page, page_url, src_path)
    return project.problems()


def _page_source(src_path: str, raw: str, docs_label: str) -> PageSource:
    markdown_text, first_line = split_front_matter(raw)
    return PageSource(src_path, f"{docs_label}/{src_path}", markdown_text, first_line, read_front_matter(raw))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")
