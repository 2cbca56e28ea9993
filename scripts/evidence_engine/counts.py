"""Effects this site computes from a study's published counts: two groups, events out of totals.

The build never computes an effect; it shows what findings/ records. Where a record gives only the counts, an
editor runs `python -m evidence_engine compute-effect` (statsmodels, which comes with the dev tools, `make setup`)
and records the result with `computed: true`, so readers see it labelled as the site's own. The tests recompute
every such recorded effect from its counts.
"""

from __future__ import annotations

from dataclasses import dataclass

MEASURES = ("odds ratio", "risk ratio")


@dataclass(frozen=True)
class Counted:
    events: int
    total: int


def effect_from_counts(measure: str, first: Counted, second: Counted) -> tuple[float, float, float]:
    """The first group against the second: the estimate and its 95% CI (Woolf's log interval, as statsmodels'
    Table2x2 gives it)."""
    from statsmodels.stats.contingency_tables import Table2x2  # the dev tools only; the build never imports it

    table = Table2x2([[first.events, first.total - first.events], [second.events, second.total - second.events]])
    if measure == "odds ratio":
        low, high = table.oddsratio_confint()
        return float(table.oddsratio), float(low), float(high)
    if measure == "risk ratio":
        low, high = table.riskratio_confint()
        return float(table.riskratio), float(low), float(high)
    raise ValueError(f"unknown measure '{measure}' (one of {', '.join(MEASURES)})")


def effect_line(measure: str, first: Counted, second: Counted) -> str:
    """What to paste into a findings file, rounded to two decimals as the pages show it."""
    value, low, high = effect_from_counts(measure, first, second)
    return f"effect: {{measure: {measure}, value: {value:.2f}, ci: [{low:.2f}, {high:.2f}], computed: true}}"
