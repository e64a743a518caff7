"""A paywall's offer between two of its prompts leaves the body with them."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.lines.paywall_box import PAYWALL, REASON, paywall_box
from article_normalizer.normalize.page import BODY
from tests.unit.line_stubs import classified

PROMPT = (PAYWALL, "lexicon:paywall")


def _NO_ITEMS(_: int) -> bool:
    return False


def test_doubted_lines_between_two_prompts_are_the_box() -> None:
    verdicts = [None, PROMPT, None, None, PROMPT, None]
    out = paywall_box(
        verdicts, [0.9, 0.1, 0.4, 0.5, 0.1, 0.3], sure=0.65, window=6, is_item=_NO_ITEMS
    )
    assert out == [None, PROMPT, (PAYWALL, REASON), (PAYWALL, REASON), PROMPT, None]


def test_a_sure_line_between_the_prompts_keeps_the_stretch() -> None:
    # A story's preview printed between a "subscribers only" label and the wall.
    verdicts = [PROMPT, None, None, PROMPT]
    assert (
        paywall_box(verdicts, [0.1, 0.9, 0.4, 0.1], sure=0.65, window=6, is_item=_NO_ITEMS)
        == verdicts
    )


def test_a_list_of_perks_between_the_prompts_is_the_box_however_sure() -> None:
    verdicts = [PROMPT, None, None, PROMPT, None]
    out = paywall_box(
        verdicts, [0.1, 0.9, 0.4, 0.1, 0.9], sure=0.65, window=6, is_item=lambda i: i == 1
    )
    assert out == [PROMPT, (PAYWALL, REASON), (PAYWALL, REASON), PROMPT, None]


def test_prompts_far_apart_close_nothing_in() -> None:
    verdicts = [PROMPT, None, None, None, PROMPT]
    assert (
        paywall_box(verdicts, [0.1, 0.3, 0.3, 0.3, 0.1], sure=0.65, window=3, is_item=_NO_ITEMS)
        == verdicts
    )


def test_other_clutter_lines_are_kept_as_named() -> None:
    share = ("share", "lexicon:share")
    verdicts = [PROMPT, share, None, PROMPT]
    out = paywall_box(verdicts, [0.1, 0.1, 0.2, 0.1], sure=0.65, window=6, is_item=_NO_ITEMS)
    assert out == [PROMPT, share, (PAYWALL, REASON), PROMPT]


def test_one_prompt_is_no_box() -> None:
    verdicts = [None, PROMPT, None]
    assert (
        paywall_box(verdicts, [0.3, 0.1, 0.3], sure=0.65, window=6, is_item=_NO_ITEMS) == verdicts
    )


# A story's preview and its paywall as a browser prints them (written for this test).
PREVIEW = [
    "The harbour authority approved the expansion of the northern quay on Tuesday, ending a "
    "two-year dispute with the fishing cooperative over berths.",
    "Work is to begin in the spring, the authority's chair told reporters after the vote.",
]
BOX = [
    "This article is for subscribers only.",
    "Subscribers to the printed paper can register for free.",
    "Register now",
    "Log in to continue reading",
]


def _classified(lines: list[str], monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each line's text and kind: the model sure of the story's long lines, doubtful of the
    offer's, sure of no label, and the page gate lowering the threshold (a blog's)."""
    page = classified(
        monkeypatch,
        "\n\n".join(lines),
        tiers=((80, 0.9), (12, 0.5)),
        threshold=0.65,
        lowers=True,
    )
    return [(t, d.kind) for t, d in page]


def test_the_offer_leaves_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _classified([*PREVIEW, *BOX], monkeypatch)
    assert [t for t, kind in lines if kind == BODY] == PREVIEW
    kinds = dict(lines)
    assert kinds["Subscribers to the printed paper can register for free."] == PAYWALL
    assert kinds["Register now"] == PAYWALL


PERKS = [
    "THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY",
    "* Unlimited digital access to the Harbour Herald, its archive and its puzzles every day.",
    "* Analysis of the city's port and its politics by our award-winning reporters and editors.",
    "Log in to continue reading",
]


def test_a_list_of_perks_the_model_is_sure_of_leaves_the_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = _classified([*PREVIEW, *PERKS], monkeypatch)
    assert [t for t, kind in lines if kind == BODY] == PREVIEW
    assert all(kind == PAYWALL for _, kind in lines[len(PREVIEW) :])
