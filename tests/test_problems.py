"""problems: did-you-mean ranks the typos people make; repeated problems are counted, never hidden."""

from __future__ import annotations

from evidence_engine.problems import (
    Problem,
    Severity,
    did_you_mean,
    edit_distance,
    entry_input,
    report,
    sorted_problems,
    study_inputs,
)


def test_a_transposition_is_the_first_suggestion() -> None:
    """`goz2101` is two swapped digits of `goz2011`, and that wins over the similar-looking `goz2015`."""
    assert did_you_mean("goz2101", ["goz2015", "goz2011", "kallmes2009"]) == "did you mean 'goz2011'?"


def test_no_suggestion_when_nothing_is_close() -> None:
    """An unrelated word gets no hint rather than a wild guess."""
    assert did_you_mean("zzzz", ["kallmes2009"]) == ""


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    """Swapping neighbours is one edit; a swap and a replacement are two."""
    assert (edit_distance("2101", "2011"), edit_distance("2101", "2015"), edit_distance("ab", "ba")) == (1, 2, 1)


def unused(count: int) -> list[Problem]:
    return [
        Problem("refs.bib", n, f"reference 'k{n}' is not cited by any page", "cite it", Severity.NOTICE)
        for n in range(1, count + 1)
    ]


def test_many_problems_of_one_kind_are_counted() -> None:
    """4,843 unused references print as ten examples and one count, with how to list them all."""
    shown = report(unused(4843))
    assert len(shown) == 11
    assert str(shown[-1]) == (
        "refs.bib: 4,833 more like \"reference '…' is not cited by any page\" "
        "(list every one with `python -m evidence_engine check --all`)"
    )
    assert shown[-1].severity is Severity.NOTICE


def test_list_all_shows_every_problem() -> None:
    """With list_all, nothing is summarised."""
    assert len(report(unused(50), list_all=True)) == 50


def test_errors_come_before_notices() -> None:
    """The root causes (errors) are printed first, notices after, each group in reading order."""
    error = Problem("refs.bib", 99, "duplicate key 'x'")
    assert report([*unused(2), error])[0] == error


def test_root_causes_come_first_and_their_knock_ons_are_left_out() -> None:
    """An entry that cannot be read is printed before the page problems of other files, and a number check that
    relied on that entry is not printed at all; an unrelated page problem still is."""
    root = Problem("references.bib", 4, "cannot parse entry 'k'", breaks=(entry_input("k"),))
    knock_on = Problem("docs/a.md", 2, "0.7 cannot be checked: k has no findings file", follows=study_inputs("k"))
    unrelated = Problem("docs/a.md", 9, "unknown citation key 'x'")
    assert sorted_problems([unrelated, knock_on, root]) == [unrelated, root]
    assert report(sorted_problems([unrelated, knock_on, root])) == [root, unrelated]


def test_a_notice_breaks_nothing() -> None:
    """Only an error makes its knock-ons disappear: a notice (an uncited entry's problem) never hides an error."""
    notice = Problem("references.bib", 4, "cannot parse entry 'k'", severity=Severity.NOTICE, breaks=("entry:k",))
    error = Problem("docs/a.md", 2, "0.7 is not among the findings of k", follows=("entry:k",))
    assert sorted_problems([notice, error]) == [error, notice]
