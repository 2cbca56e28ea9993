"""MkDocs glue: wires MkDocs events to the evidence engine. No logic lives here.

MkDocs loads this file once per `mkdocs serve` session and calls `on_config` for every rebuild, so all build state
is created afresh there.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evidence_engine import cache
from evidence_engine.claims import category_of
from evidence_engine.project import (
    DOWNLOADS,
    GLOSSARY_SNIPPET,
    PageSource,
    Project,
    first_line_after_front_matter,
    load_library,
    split_front_matter,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.evidence")

BIB_FILE = "references.bib"
_build: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    cache.load(root)
    library = load_library(root / BIB_FILE, BIB_FILE)
    glossary = Path(config.docs_dir) / GLOSSARY_SNIPPET
    glossary_text = glossary.read_text(encoding="utf-8", errors="replace") if glossary.is_file() else ""
    settings = config.extra.get("evidence", {}) or {}
    project = Project(
        library, config.use_directory_urls, config.site_url or "", glossary_text, settings.get("study_pages", "all")
    )
    _build.clear()
    _build.update(project=project, root=root, docs=os.path.relpath(config.docs_dir, root), sources={})
    config.markdown_extensions.append(project.extension)  # type: ignore[arg-type]
    return config


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # `watch: [references.bib]` in mkdocs.yml aborts serving when the file is missing, and a watch on the file is
    # lost when an editor's tool deletes and recreates it; watching its folder (not recursively) survives both.
    server.watch(str(Path(config.config_file_path).parent), recursive=False)
    return server


def _page_source(file: File, markdown: str | None = None, meta: Mapping[str, Any] | None = None) -> PageSource:
    raw = file.content_string
    if markdown is None:
        markdown, first_line = split_front_matter(raw)
    else:
        first_line = first_line_after_front_matter(raw, markdown)
    return PageSource(file.src_uri, f"{_build['docs']}/{file.src_uri}", markdown, first_line, meta or {})


def on_files(files: Files, config: MkDocsConfig) -> Files:
    project: Project = _build["project"]
    for file in files.documentation_pages():
        if category_of(file.src_uri):  # all claims first: matrices and scorecards need every claim
            project.add_claims_page(_page_source(file))
        if project.study_pages != "all":
            project.note_citations(file.content_string)
    for src_path, content in project.generated_pages().items():
        files.append(File.generated(config, src_path, content=content))
    for src_path, content in project.downloads().items():
        files.append(File.generated(config, src_path, content=content))
    bib = _build["root"] / BIB_FILE
    if bib.is_file():
        files.append(File.generated(config, f"{DOWNLOADS}/{BIB_FILE}", content=bib.read_bytes()))
    for file in files.documentation_pages():
        if category_of(file.src_uri):  # filled in on_env, once every citation is known
            files.append(File.generated(config, _page_bib_path(file.src_uri), content=""))
    return files


def _page_bib_path(src_uri: str) -> str:
    return f"{DOWNLOADS}/{Path(src_uri).stem}.bib"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    project: Project = _build["project"]
    page.meta.update(project.generated_meta.get(page.file.src_uri, {}))
    if category_of(page.file.src_uri):  # claims rank first in search: they are what readers come for
        page.meta.setdefault("search", {"boost": 2})
    source = _page_source(page.file, markdown, page.meta)
    _build["sources"][page.file.src_uri] = source
    return project.prepare(source, page.url)


def on_post_build(config: MkDocsConfig) -> None:
    cache.save()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _build["project"].finalize(page.file.src_uri, output)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build["project"].finish(_build["sources"][page.file.src_uri], page.url, page.title or "", html)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    project: Project = _build["project"]
    for src_path in project.claims:
        bib_file = files.get_file_from_path(_page_bib_path(src_path))
        if bib_file is not None:
            bib_file.content_string = project.page_bibtex(src_path)
    for problem in project.problems():
        # Warnings make `mkdocs build --strict` fail; notices are only shown.
        (log.warning if problem.is_error else log.info)(str(problem))
    return env
