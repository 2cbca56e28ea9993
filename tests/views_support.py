"""Small claims and a small library for the view tests, built directly (no build, no Markdown)."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup
from evidence_engine.claims import Claim, EvidenceLink, SourceStance
from evidence_engine.library.catalog import Library
from evidence_engine.library.load import parse

BIB = b"""@article{trial2020, author={Trial, Anna}, title={A sham trial}, journal={J}, year={2020},
  doi={10.1056/x}, pmid={123}, studytype={rct-sham}, status={verified}, verified={https://example.org/t},
  note={No difference from sham.}}
@article{review2021, author={Review, Bob}, title={A review}, journal={J}, year={2021}, studytype={systematic-review},
  status={partial}, verified={https://example.org/r}, unconfirmed={issue number}}
@online{pagea, organization={Page A}, title={A}, url={https://example.org/a}, compared={yes},
  studytype={patient-information}, status={partial}, verified={https://example.org/a}, unconfirmed={date}}
@online{pageb, organization={Page B}, title={B}, url={https://example.org/b}, compared={yes},
  studytype={patient-information}, status={partial}, verified={https://example.org/b}, unconfirmed={date}}
"""

# An editor's markup: a script element, an attribute-breaking quote and an ampersand.
PAYLOAD = '<script>alert("x")</script> & <b>'

CLAIM = Claim(
    id="cement-leak",
    title="Cement leaks",
    category="risks",
    path="docs/claims/risks.md",
    line=3,
    bottom_line="It may leak.",
    verdict="supported",
    certainty="moderate",
    certainty_reason="Small studies.",
    reviewed="2026-11-22",
    search=("glue leaking", "leak"),
    sources=(
        SourceStance("pagea", "agree", "Says leaks happen.", "Leaks happen."),
        SourceStance("pageb", "contradict", "Says cement never leaks."),
    ),
    evidence=(EvidenceLink("trial2020", "supports"), EvidenceLink("review2021", "mixed")),
)


def library() -> Library:
    return parse(BIB, "references.bib")


def claim(**changes: object) -> Claim:
    """CLAIM with some fields changed."""
    return dataclasses.replace(CLAIM, **changes)  # type: ignore[arg-type]


def poisoned_claim() -> Claim:
    """CLAIM with the payload in every field an editor writes as text."""
    return claim(
        title=PAYLOAD,
        bottom_line=PAYLOAD,
        certainty_reason=PAYLOAD,
        search=(PAYLOAD,),
        sources=(SourceStance("pagea", "agree", PAYLOAD, PAYLOAD), SourceStance("pageb", "qualify", PAYLOAD)),
    )


def html(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def only_text(page: BeautifulSoup) -> bool:
    """The payload made no element: no <script> and no <b> came out of it."""
    return page.find("script") is None and page.find("b") is None
