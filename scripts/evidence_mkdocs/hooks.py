"""MkDocs events → the evidence engine. No evidence logic lives here.

MkDocs loads the hooks file once per `mkdocs serve` session and calls `on_config` for every rebuild, so all build
state is created afresh there. `check` reads the finished build's problems through `last_build()`.
"""

from __future__ import annotations

import gc
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_engine import cache
from evidence_engine.citations import source_lines_containing
from evidence_engine.claims import category_of
from evidence_engine.corrections import load_corrections
from evidence_engine.glossary import parse_glossary
from evidence_engine.library.load import load
from evidence_engine.pages import PageSource, read_page
from evidence_engine.problems import Problem, report
from evidence_engine.project import DOWNLOADS, GLOSSARY_SNIPPET, Project
from evidence_engine.summary import SUMMARY_FOLDER, load_summaries
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import search_index, theme, watch
from .config import EvidenceConfig, read_settings

log = logging.getLogger("mkdocs.plugins.evidence")
DOC_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:a|an) [\w ]*link '(?P<link>[^']+)', but (?P<why>.*?)\.?$"
)


@dataclass
class Build:
    project: Project
    settings: EvidenceConfig
    root: Path
    docs: str  # the docs folder as problems print it, e.g. `docs`
    sources: dict[str, PageSource] = field(default_factory=dict)
    link_problems: set[Problem] = field(default_factory=set)  # broken links MkDocs' own log has already said


_current: list[Build] = []  # the build in progress (MkDocs hooks are module functions, so state lives here)


def last_build() -> Build | None:
    return _current[0] if _current else None


def _build() -> Build:
    return _current[0]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Reading the library, findings and cache makes ~400,000 objects that live until the build ends; the garbage
    # collector's full passes over them while they are made cost ~1.7 s at 10,000 references (the floor's whole
    # build spends 0.7 s in them). So: no collection until on_files has read everything, then those objects are
    # frozen (left out of later passes) until on_post_build. A build that failed half-way is undone here.
    gc.unfreeze()
    gc.disable()
    root = Path(config.config_file_path).parent
    settings, problems = read_settings(config.extra, Path(config.config_file_path))
    cache.load(root)
    library = load([(root / name, name) for name in settings.bibliography])
    findings, findings_problems = cache.findings(root / settings.findings, settings.findings, library)
    summaries, summary_problems = load_summaries(
        root / settings.findings / SUMMARY_FOLDER, settings.findings + "/" + SUMMARY_FOLDER, findings
    )
    corrections, correction_problems = load_corrections(root / settings.corrections, settings.corrections)
    glossary = Path(config.docs_dir) / GLOSSARY_SNIPPET
    glossary_text = glossary.read_text(encoding="utf-8", errors="replace") if glossary.is_file() else ""
    if "abbr" in config.markdown_extensions:
        # The glossary's hover definitions on every page, given to `abbr` once: appended to each page's text (as
        # pymdownx.snippets' auto_append does), its lines cost ~20 ms a page to parse, 2 s of a 5 s rebuild.
        terms = {term.term: term.definition for term in parse_glossary(glossary_text)}
        config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": terms}
    use_directory_urls = config.use_directory_urls
    project = Project(
        library,
        use_directory_urls,
        config.site_url or "",
        glossary_text,
        settings.study_pages,
        page_url=lambda src_path: File(src_path, "", "", use_directory_urls).url,
        findings=findings,
        summaries=summaries,
        corrections=corrections,
        corrections_path=settings.corrections,
    )
    project.add_problems([*problems, *findings_problems, *summary_problems, *correction_problems])
    docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    _current[:] = [Build(project, settings, root, docs)]
    config.markdown_extensions.append(project.extension)
    logging.getLogger("mkdocs.structure.pages").addFilter(_LINK_PROBLEMS)  # once: the same filter object
    return config


class _LinkProblems(logging.Filter):
    """MkDocs reports a link to a missing anchor (`validation: anchors: warn`) in its own words and without a
    line; this says it as a problem at the link's line, in the build's log and in `check` alike."""

    def filter(self, record: logging.LogRecord) -> bool:
        match = DOC_LINK.match(record.getMessage().strip())
        if match and _current:
            build = _build()
            path = f"{build.docs}/{match['src']}"
            source = build.sources.get(match["src"])
            if match["link"].startswith("#fnref:"):  # the footnotes extension links a note back to where it is used
                footnote = match["link"].removeprefix("#fnref:")
                line = _line_containing(source, f"[^{footnote}]:") if source else 0
                hint = f"put [^{footnote}] in the text where it belongs, or delete the note"
                problem = Problem(path, line, f"footnote [^{footnote}] is written but never used", hint)
            else:
                line = _line_containing(source, match["link"]) if source else 0
                if "anchor" in match["why"]:
                    hint = "a claim id may have been renamed or removed: link to the new id"
                else:
                    hint = "check the file name: the page may have been renamed, moved or removed"
                problem = Problem(path, line, f"link '{match['link']}' goes nowhere: {match['why']}", hint)
            build.link_problems.add(problem)
            build.project.add_problems([problem])
            record.msg, record.args = str(problem), ()
            record.evidence_problem = True  # already among the build's problems
        return True


_LINK_PROBLEMS = _LinkProblems()


def _line_containing(source: PageSource, text: str) -> int:
    lines = source_lines_containing(source.markdown, text)
    return lines[0] + source.first_line - 1 if lines else 0


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # Not `watch:` in mkdocs.yml: it aborts serving when a listed file is missing, and cannot follow a list of
    # libraries set in `extra.evidence`.
    root = Path(config.config_file_path).parent
    settings, _ = read_settings(config.extra, Path(config.config_file_path))
    files = [root / name for name in (*settings.bibliography, settings.corrections)]
    watch.watch_inputs(server, files, folders=[root / settings.findings])
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _build()
    project = build.project
    for file in files.documentation_pages():
        _read(file)
    for src_path, source in build.sources.items():
        if category_of(src_path):  # all claims first: matrices and scorecards need every claim
            project.add_claims_page(source)
        else:
            project.check_page_numbers(source)
        project.note_citations(source.markdown)
    for src_path, content in project.generated_pages().items():
        files.append(File.generated(config, src_path, content=content))
        build.sources[src_path] = read_page(src_path, src_path, content.encode("utf-8")).source
    for src_path, content in project.downloads().items():
        files.append(File.generated(config, src_path, content=content))
    for path, name in ((build.root / name, name) for name in build.settings.bibliography):
        if path.is_file():
            files.append(File.generated(config, f"{DOWNLOADS}/{Path(name).name}", content=path.read_bytes()))
    for src_path in project.registry.pages:  # filled in on_env, once every citation is known
        files.append(File.generated(config, _page_bib_path(src_path), content=""))
    gc.freeze()  # see on_config
    gc.enable()
    return files


def _read(file: File) -> None:
    build = _build()
    try:
        data = file.content_bytes
    except OSError as error:
        build.project.add_problems([Problem(f"{build.docs}/{file.src_uri}", 0, f"cannot read the file: {error}")])
        data = b""
    read = read_page(file.src_uri, f"{build.docs}/{file.src_uri}", data)
    build.project.add_problems(read.problems)
    if read.problems:  # MkDocs would stop at undecodable bytes; the page's Markdown comes from `read` anyway
        file.content_string = read.text
    build.sources[file.src_uri] = read.source


def _page_bib_path(src_uri: str) -> str:
    return f"{DOWNLOADS}/{Path(src_uri).stem}.bib"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    project = _build().project
    page.meta.update(project.generated_meta.get(page.file.src_uri, {}))
    if category_of(page.file.src_uri):  # claims rank first in search: they are what readers come for
        page.meta.setdefault("search", {"boost": 2})
    source = _build().sources.get(page.file.src_uri) or PageSource(page.file.src_uri, page.file.src_uri, markdown)
    return project.prepare(source, page.url)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _build()
    return build.project.finish(build.sources[page.file.src_uri], page.url, page.title or "", html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return theme.mend(_build().project.finalize(page.file.src_uri, output))


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.bytecode_cache = theme.COMPILED_TEMPLATES  # set before the first page is rendered, so before any compile
    build = _build()
    project = build.project
    for src_path in project.registry.pages:
        bib_file = files.get_file_from_path(_page_bib_path(src_path))
        if bib_file is not None:
            bib_file.content_string = project.page_bibtex(src_path)
    for problem in report(project.problems(), list_all=build.settings.problems == "all"):
        if problem in build.link_problems:
            continue  # a link to a missing page, said as MkDocs rendered the page (just before this)
        # Warnings make `mkdocs build --strict` fail; notices are only shown.
        (log.warning if problem.is_error else log.info)(str(problem))
    return env


def on_post_build(config: MkDocsConfig) -> None:
    search_index.rewrite(Path(config.site_dir))  # hooks run after the plugins: Material has written its index
    cache.save()
    gc.unfreeze()  # this build's objects become collectable again: a `mkdocs serve` session does not pile them up
