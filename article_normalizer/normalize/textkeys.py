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
