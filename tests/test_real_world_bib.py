"""Bibliographies as reference managers and public archives write them: macros, crossrefs, comments, accents,
protected titles, odd whitespace and thousands of entries. Everything usable loads; each unusable entry is one
clear problem; nothing raises."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from evidence_engine.formatting import format_reference
from evidence_engine.library.load import load, parse

HEADER = r"""% Exported by Zotero (Better BibTeX)
@preamble{ "\newcommand{\noopsort}[1]{} " }
@string{ nejm = "New England Journal of Medicine" }
@string{spine = {Spine}}
@comment{ This entry is commented out: @article{ghost, title = {Ghost}} }
"""

TEMPLATES = [
    """@article{{{key},
  author = {{M{{\\"u}}ller, J{{\\"o}}rg and O'Brien, Se{{\\'a}}n and {{van der Berg}}, Anna and others}},
  title = {{{{{{Percutaneous}}}} Vertebroplasty in {{OVCF}}: trial {n}}},
  journal = nejm,
  year = 2009,
  month = aug,
  volume = {{361}},
  pages = {{569--579}},
  doi = {{10.1056/NEJMoa{n:07d}}},
  studytype = {{rct-sham}},
  status = {{verified}}
}}
""",
    """@INPROCEEDINGS{{{key},
	author={{Lee, K. and Park, S.}},
	title={{Kyphoplasty outcomes \\& costs: 50\\% fewer days}},
	crossref={{proc2019}},
	pages={{{n}--{m}}},
	studytype={{cohort}},   status={{partial}}, unconfirmed={{pages}}}}
""",
    """@misc{{{key},
   title = "Registry report {n} on cement leakage",
   year = "2021",
   howpublished = "\\url{{https://example.org/{n}}}",
   studytype = "registry", status = "unverified"
}}
""",
]

PARENT = """@proceedings{proc2019,
  title = {Proceedings of the Spine Society 2019},
  year = {2019},
  studytype = {narrative-review},
  status = {verified}
}
"""


def realistic_bib(entries: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = [HEADER, PARENT]
    for n in range(entries):
        template = TEMPLATES[n % len(TEMPLATES)]
        parts.append(template.format(key=f"ref{n}", n=n, m=n + rng.randint(1, 20)))
        parts.append(rng.choice(["\n", "\n\n", "\n  \t\n", "\r\n"]))
    return "".join(parts)


def test_thousands_of_realistic_entries_load_without_problems() -> None:
    """6,000 entries over ~50,000 lines: all load, with macros resolved and crossrefs inherited."""
    text = realistic_bib(6000)
    assert text.count("\n") > 50_000
    library = parse(text.encode(), "big.bib")
    assert [str(p) for p in library.problems] == []
    assert len(library) == 6001
    article = library.reference("ref0")
    assert article.get("journal") == "New England Journal of Medicine"
    assert article.authors[0].family == "Müller" and article.authors[1].given == "Seán"
    assert article.title == "Percutaneous Vertebroplasty in OVCF: trial 0"
    child = library.reference("ref1")
    assert (child.get("booktitle"), child.year) == ("Proceedings of the Spine Society 2019", "2019")
    assert child.title == "Kyphoplasty outcomes & costs: 50% fewer days"


def test_every_realistic_entry_formats() -> None:
    """Each kind of entry goes through the CSL processor and gives text."""
    library = parse(realistic_bib(30).encode(), "big.bib")
    for key in library:
        assert format_reference(library.reference(key)).text.strip()


def test_each_broken_entry_is_one_problem_and_the_rest_load() -> None:
    """Broken entries scattered in a big file are reported one by one, at their lines; the others load."""
    text = realistic_bib(300)
    lines = text.splitlines(keepends=True)
    broken_at = [i for i, line in enumerate(lines) if line.startswith("@article{ref3")][:3]
    for i in broken_at:  # drop the comma after the key
        lines[i] = lines[i].replace(",", "", 1)
    library = parse("".join(lines).encode(), "big.bib")
    messages = [str(p) for p in library.problems]
    assert messages == [
        f"big.bib:{i + 1}: cannot parse this entry (put a comma after the entry key)" for i in broken_at
    ]
    assert len(library) == 301 - len(broken_at)


def test_crossref_to_a_missing_parent_is_reported() -> None:
    """A child pointing at nothing gets a problem at its crossref line."""
    text = TEMPLATES[1].format(key="orphan", n=1, m=2)
    library = parse(text.encode(), "o.bib")
    assert (
        "o.bib:4: crossref to unknown entry 'proc2019' in 'orphan' (add the parent entry or remove the crossref)"
        in [str(p) for p in library.problems]
    )


# Debian's texlive-bibtex-extra (115 MB to download with its dependencies) ships two large real bibliographies:
# BibLaTeX's own examples (dates, journaltitle, eprints, sets, crossrefs) and Nelson Beebe's TUGboat index
# (@string macros, `#` concatenation, several URLs per entry).
TEXMF_BIB = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
REAL_WORLD = [
    (TEXMF_BIB / "biblatex/biblatex/biblatex-examples.bib", "biblatex-examples.bib"),
    (TEXMF_BIB / "beebe/tugboat.bib", "tugboat.bib"),
]
# What these files really hold: fields repeated within an entry, and ftp:// links browsers no longer open.
EXPECTED_ERRORS = {"duplicate field '…', '…' in one entry", "URL must start with http:// or https:// in '…': '…'"}


@pytest.mark.skipif(not all(path.is_file() for path, _ in REAL_WORLD), reason="needs Debian's texlive-bibtex-extra")
def test_real_bibliographies_give_errors_only_for_real_faults() -> None:
    """~4,900 real entries load with no error for what editors and exports write correctly (BibLaTeX fields, DOI
    links, macros, missing study types); what is left are faults in the files, each tied to its entry."""
    library = load([(Path(__file__).parent.parent / "references.bib", "references.bib"), *REAL_WORLD])
    assert len(library) > 4500
    errors = [p for p in library.problems if p.is_error]
    kinds = Counter(re.sub(r"'[^']*'", "'…'", p.message) for p in errors)
    assert set(kinds) <= EXPECTED_ERRORS, kinds
    assert len(errors) <= 10
    assert all(p.entry for p in errors)
    for key in random.Random(1).sample(list(library), 40):
        assert format_reference(library.reference(key)).text.strip()
