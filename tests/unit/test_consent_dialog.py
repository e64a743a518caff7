"""A consent dialog's sentences leave the body when its controls stand beside them."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines.consent_bar import is_consent_bar
from article_normalizer.normalize.lines.consent_dialog import (
    BAR_REASON,
    COOKIE,
    REASON,
    consent_dialog,
)
from article_normalizer.rules import profile
from article_normalizer.rules.body_rules import ConsentDialog
from tests.unit.line_stubs import classified

CONTROL = (COOKIE, "lexicon:cookie")
TAKEN = (COOKIE, REASON)


def _rule(window: int, fill_gap: int = 0, fill_min_lines: int = 99) -> ConsentDialog:
    return ConsentDialog(window=window, fill_gap=fill_gap, fill_min_lines=fill_min_lines)


def test_a_sentence_near_a_control_joins_the_dialog() -> None:
    verdicts = [None, None, CONTROL, None, None]
    out = consent_dialog(verdicts, lambda i: i == 0, _rule(2))
    assert out == [(COOKIE, REASON), None, CONTROL, None, None]


def test_a_sentence_out_of_reach_stays() -> None:
    verdicts = [None, None, None, None, CONTROL]
    assert consent_dialog(verdicts, lambda i: i == 0, _rule(2)) == verdicts


def test_the_dialog_reaches_on_through_its_own_sentences() -> None:
    verdicts = [None, None, None, None, None, CONTROL]
    out = consent_dialog(verdicts, lambda i: i in (0, 3), _rule(3))
    assert out[3] == (COOKIE, REASON)
    assert out[0] == (COOKIE, REASON)


def test_other_clutter_is_no_control() -> None:
    verdicts = [None, ("newsletter", "lexicon:newsletter"), None]
    assert consent_dialog(verdicts, lambda i: True, _rule(5)) == verdicts


def test_a_page_without_controls_is_never_read() -> None:
    def never(i: int) -> bool:
        raise AssertionError("read a line of a page without a consent control")

    verdicts = [None, ("share", "lexicon:share"), None]
    assert consent_dialog(verdicts, never, _rule(5)) == verdicts


@pytest.mark.parametrize(
    ("language", "line", "bar"),
    [
        ("en", "Accept Decline Customise", True),
        ("en", "Accept all Reject all", True),
        ("en", "Reject All Confirm My Choices", True),
        ("de", "Alle akzeptieren Ablehnen", True),
        ("fr", "Tout accepter Tout refuser", True),
        ("en", "Accept all", False),  # one button: the lexicon names it already
        ("en", "Accept the terms and conditions", False),  # words beside the buttons' own
        ("en", "I agree with the council", False),
        ("en", "Accept " * 40, False),  # too long for a bar of buttons
    ],
)
def test_a_line_of_consent_buttons_side_by_side_is_a_bar(
    language: str, line: str, bar: bool
) -> None:
    assert is_consent_bar(line, profile(language)) is bar


def test_a_bar_of_buttons_is_a_control_its_sentences_join() -> None:
    verdicts: list[tuple[str, str] | None] = [None, None, None, None]
    out = consent_dialog(verdicts, lambda i: i == 0, _rule(2), is_bar=lambda i: i == 2)
    assert out == [(COOKIE, REASON), None, (COOKIE, BAR_REASON), None]
    assert consent_dialog(verdicts, lambda i: i == 0, _rule(2)) == verdicts


def test_a_named_line_is_never_read_as_a_bar() -> None:
    def never(i: int) -> bool:
        raise AssertionError("read a line a verdict already names")

    verdicts = [("share", "lexicon:share")]
    assert consent_dialog(verdicts, lambda i: False, _rule(2), is_bar=never) == verdicts


# A page as a browser prints it with its consent dialog open (written for this test): the
# dialog's two sentences read as prose to any model, its buttons do not.
ARTICLE = [
    "The city council on Tuesday approved a new budget for the harbour district after a long "
    "debate about the cost of dredging the main channel.",
    "Officials said the work would begin in the spring and take about two years to complete.",
]
DIALOG = [
    "We value your privacy",
    "We and our partners store and/or access information on a device, such as cookies, and "
    "process personal data such as unique identifiers to show you relevant content.",
    "You can change your choices at any time by returning to this site, and you may object "
    "to the use of cookies for purposes based on legitimate interest.",
    "Accept all",
    "Cookie settings",
]
BAR_DIALOG = [
    "We use cookies and similar tools to make this shop work and to understand how you use it.",
    "We and our partners use cookies to show you offers based on what you looked at in the shop.",
    "Accept Decline Customise",
]
ARTICLE_ABOUT_COOKIES = (
    "The regulator said the site had placed tracking cookies without asking, and that its "
    "use of cookies broke the law."
)


def _body(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[str]:
    # Every long line sure prose, every short one clutter.
    page = classified(monkeypatch, "\n\n".join(lines), tiers=((60, 0.9),), threshold=0.5)
    return [t for t, d in page if d.is_body]


def test_the_dialogs_sentences_leave_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _body(monkeypatch, [*ARTICLE, *DIALOG]) == ARTICLE


def test_a_dialog_with_a_bar_of_buttons_leaves_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar is the dialog's only control: without it both sentences read as the story's."""
    assert _body(monkeypatch, [*BAR_DIALOG, *ARTICLE]) == ARTICLE
    monkeypatch.setattr(classify_mod, "is_consent_bar", lambda text, profile: False)
    assert _body(monkeypatch, [*BAR_DIALOG, *ARTICLE]) == [*BAR_DIALOG[:2], *ARTICLE]


def test_an_article_about_cookies_keeps_its_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [*ARTICLE, ARTICLE_ABOUT_COOKIES]
    assert _body(monkeypatch, lines) == lines


def test_the_gaps_of_a_close_run_of_dialog_lines_are_the_dialogs() -> None:
    # control, gap, control, gap, gap, control, control: four lines at most two apart.
    verdicts = [CONTROL, None, CONTROL, None, None, CONTROL, CONTROL, None]
    out = consent_dialog(verdicts, lambda i: False, _rule(1, fill_gap=2, fill_min_lines=4))
    assert out == [CONTROL, TAKEN, CONTROL, TAKEN, TAKEN, CONTROL, CONTROL, None]


def test_a_short_run_keeps_its_gaps() -> None:
    verdicts = [CONTROL, None, CONTROL, None, CONTROL]
    out = consent_dialog(verdicts, lambda i: False, _rule(1, fill_gap=2, fill_min_lines=4))
    assert out == verdicts


def test_a_wide_gap_parts_two_runs() -> None:
    verdicts = [CONTROL, CONTROL, None, None, None, CONTROL, CONTROL]
    out = consent_dialog(verdicts, lambda i: False, _rule(1, fill_gap=2, fill_min_lines=4))
    assert out == verdicts


def test_other_clutter_in_a_gap_keeps_its_name() -> None:
    share = ("share", "lexicon:share")
    verdicts = [CONTROL, share, CONTROL, None, CONTROL, CONTROL]
    out = consent_dialog(verdicts, lambda i: False, _rule(1, fill_gap=2, fill_min_lines=4))
    assert out == [CONTROL, share, CONTROL, TAKEN, CONTROL, CONTROL]


# The purpose list of a consent dialog of the IAB Transparency & Consent Framework, as a
# browser prints it below a story (written for this test in the shape of those dialogs): each
# purpose with its partner count, its description and the list's controls, none of which names
# a cookie.
TCF_LIST = [
    "Manage Consent Preferences",
    "Strictly Necessary Cookies",
    "These are needed for the site to work and cannot be switched off in our systems at all, "
    "whatever the reader chooses here.",
    "Performance Cookies",
    "* Use limited data to select advertising 212 partners can use this purpose",
    "Switch Label",
    "Your data can be used to monitor for and prevent unusual and possibly fraudulent "
    "activity, and ensure systems and processes work properly and securely.",
    "View Illustrations",
    "* Measure content performance 96 partners can use this purpose",
    "Object to Legitimate Interests",
]


def test_a_purpose_lists_lines_leave_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _body(monkeypatch, [*ARTICLE, *TCF_LIST]) == ARTICLE
