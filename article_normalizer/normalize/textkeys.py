"""Comparison keys for text: two lines that print the same words get the same key.

Each stage compares with the key its matches were measured with; they differ on purpose
(which characters count, whether a leading "the" does), so they are not one function."""

from __future__ import annotations

import re
import unicodedata

_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def squash(text: str) -> str:
    """Letters and digits only, case-folded: how names are compared across spellings."""
    if text.isascii():  # NFKC and casefold change nothing else in ASCII
        return _ASCII_NON_ALNUM.sub("", text.lower())
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


_NON_WORD = re.compile(r"\W+")
_NON_WORD_OR_UNDERSCORE = re.compile(r"[\W_]+")


def line_key(text: str) -> str:
    """What two renderings of one line share: letters and digits, case folded.

    The HTML accounting matches the page's visible lines to the article's lines with it; it
    keeps underscores, which :func:`text_key` drops, so the two are not one function.
    """
    return _NON_WORD.sub("", text.casefold())


def text_key(text: str) -> str:
    """A headline as two sources print it: letters and digits, case folded, without a leading
    "the" ("The Example Times" in one place, "Example Times" in another)."""
    key = _NON_WORD_OR_UNDERSCORE.sub("", text.casefold())
    return key.removeprefix("the") if len(key) > 6 else key
