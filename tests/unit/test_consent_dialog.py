"""A consent dialog's sentences leave the body when its controls stand beside them."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines.consent_dialog import COOKIE, REASON, consent_dialog
from tests.unit.line_stubs import classified

CONTROL = (COOKIE, "lexicon:cookie")


def test_a_sentence_near_a_control_joins_the_dialog() -> None:
    verdicts = [None, None, CONTROL, None, None]
    out = consent_dialog(verdicts, lambda i: i == 0, window=2)
    assert out == [(COOKIE, REASON), None, CONTROL, None, None]


def test_a_sentence_out_of_reach_stays() -> None:
    verdicts = [None, None, None, None, CONTROL]
    assert consent_dialog(verdicts, lambda i: i == 0, window=2) == verdicts


def test_the_dialog_reaches_on_through_its_own_sentences() -> None:
    verdicts = [None, None, None, None, None, CONTROL]
    out = consent_dialog(verdicts, lambda i: i in (0, 3), window=3)
    assert out[3] == (COOKIE, REASON)
    assert out[0] == (COOKIE, REASON)


def test_other_clutter_is_no_control() -> None:
    verdicts = [None, ("newsletter", "lexicon:newsletter"), None]
    assert consent_dialog(verdicts, lambda i: True, window=5) == verdicts


def test_a_page_without_controls_is_never_read() -> None:
    def never(i: int) -> bool:
        raise AssertionError("read a line of a page without a consent control")

    verdicts = [None, ("share", "lexicon:share"), None]
    assert consent_dialog(verdicts, never, window=5) == verdicts


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


def test_an_article_about_cookies_keeps_its_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [*ARTICLE, ARTICLE_ABOUT_COOKIES]
    assert _body(monkeypatch, lines) == lines
