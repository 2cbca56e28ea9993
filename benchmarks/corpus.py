"""Synthetic corpora for the benchmark: N pages citing from a library of M references, ~30 citations a page.

Two sites are written from one corpus: the engine's site, and the floor — plain Material building the same final set
of pages (the pages with their citations left as plain text, plus one plain Markdown page per study page the engine
generates), with the same theme settings.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

THEME = """theme:
  name: material
  font: false
  features:
    - content.tooltips
    - navigation.sections
    - navigation.prune
    - search.suggest
    - search.highlight
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
validation:
  nav:
    omitted_files: ignore
"""

WORDS = [
    "vertebroplasty",
    "kyphoplasty",
    "cement",
    "fracture",
    "pain",
    "trial",
    "sham",
    "patients",
    "relief",
    "months",
    "balloon",
    "height",
    "spine",
    "osteoporosis",
    "outcome",
    "randomised",
    "disability",
    "quality",
    "leakage",
    "embolism",
    "conservative",
    "follow-up",
]


def _sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize()


def entry(n: int) -> str:
    accent = 'M{\\"u}ller' if n % 3 == 0 else "Smith"
    return (
        f"@article{{ref{n},\n"
        f"  author = {{{accent}, Anna and Lee, K. and others}},\n"
        f"  title = {{Outcomes of {{{{vertebroplasty}}}} in cohort {n}}},\n"
        f"  journal = {{Spine}},\n  year = {{{2000 + n % 25}}},\n  volume = {{{n % 40 + 1}}},\n"
        f"  pages = {{{n % 900 + 1}--{n % 900 + 9}}},\n  doi = {{10.1000/bench.{n}}},\n"
        f"  studytype = {{cohort}},\n  status = {{verified}},\n  note = {{Synthetic entry {n}.}}\n}}\n"
    )


def cited_keys_for_page(rng: random.Random, references: int, citations: int) -> list[str]:
    """Citations skewed like real reviews: a few studies are cited everywhere, most rarely."""
    return [
        f"ref{min(int(rng.paretovariate(1.2)) - 1, references - 1)}"
        if rng.random() < 0.5
        else f"ref{rng.randrange(references)}"
        for _ in range(citations)
    ]


SECTION = 50  # pages per nav section, as the real site groups claims by category


def _nav(pages: int) -> str:
    """An explicit nav as a large real site would have one: pages in parts of 50 inside one section, so that with
    `navigation.sections` + `navigation.prune` each page renders the part headings and its own part, not every page
    (a flat nav of 1,000 visible pages makes Material's nav rendering quadratic). Study pages are reached by links."""
    lines = ["nav:", "  - Home: index.md", "  - Pages:"]
    for part in range((pages + SECTION - 1) // SECTION):
        lines.append(f"      - Part {part}:")
        lines += [
            f"          - notes/part{part}/page{n}.md" for n in range(part * SECTION, min(pages, (part + 1) * SECTION))
        ]
    lines.append("  - Bibliography: bibliography.md")
    return "\n".join(lines) + "\n"


def write_corpus(root: Path, pages: int, references: int, citations: int = 30, seed: int = 1) -> tuple[Path, Path]:
    """Write the engine site and the floor site under `root`; returns their folders."""
    rng = random.Random(seed)
    engine, floor = root / "engine", root / "floor"
    for site in (engine, floor):
        shutil.rmtree(site, ignore_errors=True)
        (site / "docs" / "notes").mkdir(parents=True)
    hooks = Path(__file__).resolve().parent.parent / "scripts" / "hooks.py"
    nav = _nav(pages)
    (engine / "mkdocs.yml").write_text(
        f"site_name: Bench\n{THEME}{nav}hooks:\n  - {hooks}\nextra:\n  evidence:\n    study_pages: cited\n"
    )
    (floor / "mkdocs.yml").write_text(f"site_name: Bench\n{THEME}{nav}")
    (engine / "references.bib").write_text("".join(entry(n) for n in range(references)))
    cited: set[str] = set()
    for site in (engine, floor):
        (site / "docs" / "index.md").write_text("# Bench\n\nHome.\n")
    for page in range(pages):
        keys = cited_keys_for_page(rng, references, citations)
        cited.update(keys)
        paragraphs = [
            f"{_sentence(rng, 25)} [@{keys[i]}]. {_sentence(rng, 20)} [@{keys[i + 1]}; @{keys[i + 2]}]."
            for i in range(0, len(keys) - 2, 3)
        ]
        text = (
            f"# Page {page}\n\n"
            + "\n\n".join((f"## Section {i}\n\n" if i % 3 == 0 else "") + p for i, p in enumerate(paragraphs))
            + "\n"
        )
        for site in (engine, floor):
            path = site / "docs" / "notes" / f"part{page // SECTION}" / f"page{page}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    # The floor gets one plain page per study page the engine will generate, and a plain bibliography.
    (floor / "docs" / "studies").mkdir()
    for key in sorted(cited):
        (floor / "docs" / "studies" / f"{key}.md").write_text(
            f"# {key}\n\nMüller A, Lee K, et al. Outcomes of vertebroplasty. Spine. 2009;1:1-9.\n\n"
            "## Claims that cite this study\n\n- a page\n"
        )
    (floor / "docs" / "bibliography.md").write_text(
        "# Bibliography\n\n" + "".join(f"- Müller A, et al. Outcomes. Spine. 2009. {n}\n" for n in range(references))
    )
    return engine, floor


def write_mkdocs_bibtex_site(root: Path, engine: Path) -> Path:
    """The engine site's pages and library under mkdocs-bibtex instead of this engine, for comparison: same theme,
    nav and citations; it renders them as footnotes and makes no study pages."""
    site = root / "mkdocs-bibtex"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(engine / "docs", site / "docs")
    shutil.copy(engine / "references.bib", site / "references.bib")
    config = (engine / "mkdocs.yml").read_text().split("hooks:")[0]
    config = config.replace(
        "plugins:\n  - search\n", "plugins:\n  - search\n  - bibtex:\n      bib_file: references.bib\n"
    )
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - footnotes\n")
    (site / "mkdocs.yml").write_text(config)
    (site / "docs" / "bibliography.md").write_text(
        "# Bibliography\n\n\\full_bibliography\n"
    )  # as ours: every reference
    return site
