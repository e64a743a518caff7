"""A regex that matches any of many literal words or phrases, built as a character trie.

Lexicons of hundreds of entries (clutter phrases, date cue words) are searched on every line of
every page. A flat alternation costs Python's regex engine one attempt per entry at every
position of a line; a trie shares the entries' common beginnings, so a search stays fast
however long the lexicon grows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def word_trie(
    entries: Mapping[str, str], *, tagged: bool, bound_start: bool = True
) -> tuple[str, tuple[str, ...]]:
    """A regex matching any key of ``entries``, the longest where several match.

    An entry gets word boundaries only where it begins or ends with a word character, so that
    "photo:" may be followed by anything but "share" never matches inside "shares". With
    ``tagged``, each entry ends in an empty capturing group and the returned tuple names the
    value (the kind) of group 1, 2...: one search then finds matches of every kind, and
    ``match.lastindex`` tells which. Without ``bound_start``, entries may also begin right
    after a word character.
    """
    groups: list[str] = []
    worded = {e: v for e, v in entries.items() if is_word_char(e[0])}
    other = {e: v for e, v in entries.items() if not is_word_char(e[0])}
    parts = []
    if worded:
        boundary = r"(?<!\w)" if bound_start else ""
        parts.append(boundary + _emit(_build(worded), groups, tagged))
    if other:
        parts.append(_emit(_build(other), groups, tagged))
    return "(?:" + "|".join(parts) + ")", tuple(groups)


def is_word_char(ch: str) -> bool:
    """What ``\\w`` matches, for one character."""
    return ch.isalnum() or ch == "_"


def _build(entries: Mapping[str, str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for entry in sorted(entries):
        node = trie
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = (r"(?!\w)" if is_word_char(entry[-1]) else "", entries[entry])
    return trie


def _emit(node: dict[str, Any], groups: list[str], tagged: bool) -> str:
    branches = []
    for ch, child in node.items():
        if ch:
            branches.append(re.escape(ch) + _emit(child, groups, tagged))
    if "" in node:
        # The end of an entry is tried last, so the longest entry wins.
        tail, tag = node[""]
        if tagged:
            groups.append(tag)
            tail += "()"
        branches.append(tail)
    if len(branches) == 1:
        return str(branches[0])
    return "(?:" + "|".join(branches) + ")"
