"""fragments: ready-made HTML goes in only where the engine put a placeholder, never where an editor wrote one."""

from __future__ import annotations

from evidence_engine.fragments import Fragments


def test_held_html_is_released_in_place_of_its_placeholder() -> None:
    """Early and late placeholders are replaced by the HTML they stand for."""
    fragments = Fragments()
    early = fragments.hold("<div>card</div>").strip()
    late = fragments.late_marker("<span>1</span>")
    assert fragments.release(f"<p>a</p>{early}") == "<p>a</p><div>card</div>"
    assert fragments.release_late(f"x {late} y") == "x <span>1</span> y"


def test_an_editors_comment_cannot_stand_for_a_fragment() -> None:
    """Comments in the old placeholder form, or with another build's token, stay exactly as written."""
    fragments = Fragments()
    fragments.late_marker("<script>secret JSON-LD</script>")
    fragments.hold("<div>card</div>")
    forged = "<!-- evidence-late 0 --><!-- evidence-fragment 0 --><!-- evidence-0123456789abcdef-late 0 -->"
    assert fragments.release_late(fragments.release(forged)) == forged


def test_an_unknown_number_is_left_alone() -> None:
    """A placeholder with this build's token but a number never handed out is left as it is (no IndexError)."""
    fragments = Fragments(token="feedc0de")
    text = "<!-- evidence-feedc0de-late 7 --><!-- evidence-feedc0de-early 3 -->"
    assert fragments.release_late(fragments.release(text)) == text


def test_each_build_draws_its_own_token() -> None:
    """Two builds never share a token, so a placeholder copied from a built page is inert in the next build."""
    assert Fragments().token != Fragments().token


def test_a_late_fragment_is_released_once_and_freed() -> None:
    """After release, the fragment is no longer held (the build does not keep every page's HTML to the end)."""
    fragments = Fragments()
    marker = fragments.late_marker("<b>once</b>")
    assert fragments.release_late(marker) == "<b>once</b>"
    assert fragments.release_late(marker) == marker


def test_a_reserved_fragment_is_filled_later() -> None:
    """A placeholder reserved before its HTML is known (backlinks) is released with what was filled in."""
    fragments = Fragments()
    marker = fragments.reserve("backlinks trial2020")
    fragments.fill("backlinks trial2020", "<ul><li>cited</li></ul>")
    assert fragments.release_late(f"<h2>Cited by</h2>{marker}") == "<h2>Cited by</h2><ul><li>cited</li></ul>"
