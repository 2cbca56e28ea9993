"""Synthetic corpora for the benchmark: N pages citing from a library of M references, ~30 citations a page.

Every reference has a findings file (findings/<key>.yml, as docs/editors/recording-findings.md describes: a pain
score and an event count per study), and the six claims pages cite them in sentences whose numbers the number check
must find among those findings.

Two sites are written from one corpus: the engine's site, and the floor — plain Material building the same final set
of pages (the pages with their citations left as plain text, plus one plain Markdown page per study page the engine
generates, with its findings as a table, and a plain results page), with the same theme settings.
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


CATEGORIES = ("indications", "contraindications", "procedure", "risks", "efficacy", "recovery")
CLAIMS_SENTENCES = 60  # citing sentences with numbers on each claims page (the real site's longest has ~50)


class Findings:
    """One synthetic study's recorded numbers, all derived from its number so that pages can quote them."""

    def __init__(self, n: int) -> None:
        self.key = f"ref{n}"
        self.total = 40 + 2 * (n % 80)
        self.first, self.second = self.total // 2, self.total - self.total // 2
        self.means = (round(3.0 + (n % 30) / 10, 1), round(3.5 + (n % 30) / 10, 1))
        self.events = (n % 17 + 1, n % 13)

    def yaml(self) -> str:
        (mean1, mean2), (events1, events2) = self.means, self.events
        return (
            f"study: {self.key}\n"
            f"read_at: https://example.org/{self.key}\n"
            f"population: synthetic painful osteoporotic fractures, cohort {self.key}\n"
            f"facts:\n  - {{value: {self.total}, what: participants randomised, where: Abstract}}\n"
            "findings:\n"
            "  - comparison: vp-vs-sham\n    outcome: pain\n    scale: 0-10\n    timepoint: 1 month\n"
            "    arms:\n"
            f"      - {{group: vertebroplasty, n: {self.first}, mean: {mean1}, sd: 2.5}}\n"
            f"      - {{group: sham, n: {self.second}, mean: {mean2}, sd: 2.5}}\n"
            "    effect: {measure: mean difference, value: -0.5, ci: [-1.5, 0.5], p: 0.32}\n"
            "    where: Table 2\n"
            "  - comparison: vp-vs-sham\n    outcome: new-fracture\n    timepoint: 12 months\n"
            "    arms:\n"
            f"      - {{group: vertebroplasty, events: {events1}, total: {self.first}}}\n"
            f"      - {{group: sham, events: {events2}, total: {self.second}}}\n"
            "    where: Table 3\n"
        )

    def sentence(self) -> str:
        """A claims-page sentence citing the study, every number in it one the number check must find."""
        share = (200 * self.events[0] + self.first) // (2 * self.first)  # rounded half up, as the check rounds
        return (
            f"In {self.key}, {self.total} patients were randomised; mean pain was {self.means[0]} against "
            f"{self.means[1]} at 1 month, and {self.events[0]} of {self.first} ({share}%) had a new fracture "
            f"[@{self.key}]."
        )

    def markdown_table(self) -> str:
        """What the floor's study page shows in place of the engine's findings section."""
        return (
            "## What the study found\n\n| Outcome | Vertebroplasty | Sham | Effect |\n|---|---|---|---|\n"
            f"| Pain at 1 month | {self.means[0]} (n={self.first}) | {self.means[1]} (n={self.second}) |"
            " −0.5 (−1.5 to 0.5) |\n"
            f"| New fracture at 12 months | {self.events[0]} of {self.first} | {self.events[1]} of {self.second} | |\n"
        )


SECTION = 50  # pages per nav section, as the real site groups claims by category


def _nav(pages: int) -> str:
    """An explicit nav as a large real site would have one: pages in parts of 50 inside one section, so that with
    `navigation.sections` + `navigation.prune` each page renders the part headings and its own part, not every page
    (a flat nav of 1,000 visible pages makes Material's nav rendering quadratic). Study pages are reached by links."""
    lines = ["nav:", "  - Home: index.md", "  - Claims:"]
    lines += [f"      - claims/{category}.md" for category in CATEGORIES]
    lines.append("  - Pages:")
    for part in range((pages + SECTION - 1) // SECTION):
        lines.append(f"      - Part {part}:")
        lines += [
            f"          - notes/part{part}/page{n}.md" for n in range(part * SECTION, min(pages, (part + 1) * SECTION))
        ]
    lines.append("  - Bibliography: bibliography.md")
    lines.append("  - Results: results.md")
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
    findings = [Findings(n) for n in range(references)]
    (engine / "findings").mkdir()
    for study in findings:
        (engine / "findings" / f"{study.key}.yml").write_text(study.yaml())
    cited: set[str] = set()
    for site in (engine, floor):
        (site / "docs" / "index.md").write_text("# Bench\n\nHome.\n")
        (site / "docs" / "claims").mkdir()
    for category in CATEGORIES:
        keys = cited_keys_for_page(rng, references, CLAIMS_SENTENCES)
        cited.update(keys)
        sentences = [findings[int(key[len("ref") :])].sentence() for key in keys]
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        text = f"# {category.capitalize()}\n\n" + "\n\n".join(paragraphs) + "\n"
        for site in (engine, floor):
            (site / "docs" / "claims" / f"{category}.md").write_text(text)
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
            + findings[int(key[len("ref") :])].markdown_table()
            + "\n## Claims that cite this study\n\n- a page\n"
        )
    (floor / "docs" / "results.md").write_text(
        "# What the trials found\n\n## Vertebroplasty against a sham procedure\n\n"
        "| Study | Outcome | Vertebroplasty | Sham |\n|---|---|---|---|\n"
        + "".join(
            f"| {s.key} | Pain at 1 month | {s.means[0]} | {s.means[1]} |\n"
            f"| {s.key} | New fracture at 12 months | {s.events[0]} of {s.first} | {s.events[1]} of {s.second} |\n"
            for s in findings
        )
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
