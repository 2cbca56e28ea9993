"""HTML (and the Markdown of generated pages) from Jinja2 templates in `templates/`, escaped by default.

One environment for the package: every value a template prints is escaped unless it is already `Markup`, so a
forgotten escape cannot happen. `render` returns `Markup`, so a rendered piece goes into another template as it is.
HTML made elsewhere that is safe by construction (a reference formatted by citeproc from escaped fields, a
placeholder comment from fragments.py) is wrapped in `Markup` by the caller, where a reader of the code can see it;
templates never use `|safe`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .vocabulary import CERTAINTIES, COMPARISONS, DIRECTIONS, STANCES, STATUSES, STUDY_TYPES, VERDICTS, Term

ENVIRONMENT = Environment(
    loader=PackageLoader("evidence_engine", "templates"),
    autoescape=True,  # for .md templates too: their HTML blocks and headings take editors' text as text
    undefined=StrictUndefined,  # a misspelt name fails the build instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates are read once per process, like the engine's modules: `mkdocs serve` does not re-import them either.
    # Checking each template's file before every use (a stat per render and per import) cost more than rendering.
    auto_reload=False,
)
# Every render copies the globals into its context (~0.5 µs each): Jinja's own (range, cycler, lipsum…) are unused
# here and go; the vocabularies and `badge` (below) stay.
ENVIRONMENT.globals.clear()
ENVIRONMENT.globals.update(
    range=range,  # the "out of 100" pictures draw 100 figures
    VERDICTS=VERDICTS,
    COMPARISONS=COMPARISONS,
    CERTAINTIES=CERTAINTIES,
    STANCES=STANCES,
    DIRECTIONS=DIRECTIONS,
    STUDY_TYPES=STUDY_TYPES,
    STATUSES=STATUSES,
)
# `|tojson` for JSON-LD: keys in the order built (Jinja sorts them by default) and non-ASCII text as it is.
ENVIRONMENT.policies["json.dumps_kwargs"] = {"ensure_ascii": False}


def render(name: str, /, **context: Any) -> Markup:
    """An HTML template filled in with `context`, as Markup: safe to put into another template or Markup as it is.
    (Adding a plain str to Markup escapes the str, so concatenate Markup with Markup only.)"""
    return Markup(ENVIRONMENT.get_template(name).render(context))


def render_markdown(name: str, /, **context: Any) -> str:
    """A generated page's Markdown source from a `.md` template, as a plain str: MkDocs and the hooks add text to it,
    which must not be escaped as adding to Markup would."""
    return ENVIRONMENT.get_template(name).render(context)


@cache
def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, to call from Python: one definition serves both templates and code. For what is made
    thousands of times a build (a study's page, a reference list item), a macro call costs a third of a render."""
    return getattr(ENVIRONMENT.get_template(template).module, name)  # type: ignore[no-any-return]


@cache
def badge(kind: str, term: Term, title: str = "") -> Markup:
    """A badge (the macro in templates/_macros.html), made once per kind, term and title: a build shows a few dozen
    distinct badges tens of thousands of times. Templates call it as the global `badge`."""
    return macro("_macros.html", "badge")(kind, term, title)


ENVIRONMENT.globals["badge"] = badge
