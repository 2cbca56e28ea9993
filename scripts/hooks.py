"""MkDocs glue: wires MkDocs events to the evidence engine. No logic lives here.

MkDocs loads this file once per `mkdocs serve` session and calls `on_config` for every rebuild, so all build state
is created afresh there.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from evidence_engine.project import PageSource, Project, first_line_after_front_matter, load_library
from evidence_engine.studies import study_src_path

log = logging.getLogger("mkdocs.plugins.evidence")

BIB_FILE = "references.bib"
_build: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    library = load_library(root / BIB_FILE, BIB_FILE)
    project = Project(library, config.use_directory_urls)
    _build.clear()
    _build.update(project=project, docs=os.path.relpath(config.docs_dir, root), sources={})
    config.markdown_extensions.append(project.extension)  # type: ignore[arg-type]
    return config


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # `watch: [references.bib]` in mkdocs.yml would abort serving when the file is missing; watching its folder
    # instead lets the server report the problem and recover when the file appears.
    bib = Path(config.config_file_path).parent / BIB_FILE
    server.watch(str(bib) if bib.exists() else str(bib.parent), recursive=False)
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_path, content in _build["project"].generated_pages().items():
        files.append(File.generated(config, src_path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    raw = page.file.content_string
    source = PageSource(
        src_path=page.file.src_uri,
        display_path=f"{_build['docs']}/{page.file.src_uri}",
        markdown=markdown,
        first_line=first_line_after_front_matter(raw, markdown),
    )
    _build["sources"][page.file.src_uri] = source
    return _build["project"].prepare(source, page.url)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build["project"].record(_build["sources"][page.file.src_uri], page.url, page.title or "")
    return html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    project: Project = _build["project"]
    for key in project.library:
        file = files.get_file_from_path(study_src_path(key))
        if file is not None and file.page is not None and file.page.content is not None:
            file.page.content = project.fill_backlinks(key, file.page.content)
    for problem in project.problems():
        # Warnings make `mkdocs build --strict` fail; notices are only shown.
        (log.warning if problem.is_error else log.info)(str(problem))
    return env
