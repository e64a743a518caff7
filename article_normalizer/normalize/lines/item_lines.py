"""Rows of items in scripts whose prose has no spaces.

Chinese and Japanese write a sentence without a single space, so spaces between Han or kana
characters part items: a site's menu printed on one line, or a column of other stories'
headlines that an HTML-to-text rendering joined into one. The line model reads such a row by its
length and its characters, which are those of prose, and keeps it. Its shape says otherwise
whatever the page's words, so a row of enough items that does not end as a sentence is certain
clutter. No row is a line spaced between nearly every character (letter-spaced prose, a
spaced-out site name), a line holding a comma and an ideographic full stop (sentences, whatever
the line's end: a page an extraction printed on one line), or one whose items are parted by
runs of spaces (the columns of a table, which a body may hold). The settings and their origin
are in ``rules/data/body_rules.toml``.
"""

from __future__ import annotations

import re

from article_normalizer.normalize.lines.char_classes import CLOSERS, SENTENCE_ENDS, SPACELESS
from article_normalizer.rules.body_rules import ItemLines

_GAP = re.compile(rf"[{SPACELESS}]([ \u3000\u00a0]+)(?=[{SPACELESS}])")
"""The spaces between two Han or kana characters (the group); the left character is matched
rather than looked behind at, which scans a line of another script several times faster."""
_SPACELESS_WORD = re.compile(rf"(?=\w)[{SPACELESS}]")
_CLAUSE_ENDS = "，；、：,;:"
"""Marks a line cut inside a sentence ends with: a clause, not an item."""
_COMMAS = frozenset("，,、")
_FULL_STOPS = frozenset("。")
"""A comma of either script and the ideographic full stop make sentences; a headline may hold
commas, "！" and "？", but no "。"."""


def item_row_kind(text: str, rule: ItemLines) -> str | None:
    """``related`` for a row of headlines, ``navigation`` for a row of menu entries, None
    when the line is not such a row."""
    spaces = _GAP.findall(text)
    gaps = len(spaces)
    if gaps < rule.min_gaps:
        return None
    chars = len(_SPACELESS_WORD.findall(text))
    if gaps > rule.max_gap_share * chars:
        return None
    last = text.rstrip().rstrip(CLOSERS)[-1:]
    if last and last in SENTENCE_ENDS + _CLAUSE_ENDS:
        return None
    marks = set(text)
    if marks & _COMMAS and marks & _FULL_STOPS:  # sentences, whatever the line's end
        return None
    if sum(len(space) > 1 for space in spaces) * 2 > gaps:  # columns: a table's row
        return None
    return "related" if chars >= rule.min_headline_chars * (gaps + 1) else "navigation"
