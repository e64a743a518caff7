"""A clutter lexicon's regexes, joined into as few patterns as possible and compiled once.

Python's regex engine pays per pattern and per position: one alternation per kind and anchoring
costs a line microseconds where a loop over hundreds of patterns costs tens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from article_normalizer.rules import ClutterLexicon


@dataclass(frozen=True, slots=True)
class _Patterns:
    """A lexicon's patterns sorted by where they can match, once per lexicon.

    A pattern anchored at the start matches there or nowhere, so one ``match`` replaces a
    ``finditer`` that would try every position of the line (same spans, a fraction of the cost).
    """

    at_start: tuple[tuple[str, re.Pattern[str]], ...]
    """Anchored by a leading ``^`` that no top-level alternative escapes."""
    caret_only: tuple[tuple[str, re.Pattern[str]], ...]
    """Other patterns spelled with a leading ``^`` (searched even on lines not fully analysed)."""
    caret: tuple[tuple[str, re.Pattern[str]], ...]
    """``caret_only`` and the unanchored patterns: what a full analysis searches."""
    any_at_start: re.Pattern[str] | None
    """Matches where any of ``at_start`` does: most lines match none, and one failed match
    then replaces one per pattern (None when the patterns cannot be joined)."""
    any_searched: re.Pattern[str] | None
    """Finds a match wherever one of ``caret`` (a superset of ``caret_only``) does."""


@lru_cache(maxsize=64)
def _patterns(lex: ClutterLexicon) -> _Patterns:
    at_start: list[tuple[str, re.Pattern[str]]] = []
    caret_only: list[tuple[str, re.Pattern[str]]] = []
    searched: list[tuple[str, re.Pattern[str]]] = []
    for kind, pattern in lex.patterns:
        if _anchored(pattern):
            at_start.append((kind, pattern))
        else:
            searched.append((kind, pattern))
            if pattern.pattern.startswith("^"):
                caret_only.append((kind, pattern))
    return _Patterns(
        tuple(at_start),
        tuple(caret_only),
        tuple(searched),
        any_at_start=_joined([p for _, p in at_start], strip_caret=True),
        any_searched=_joined([p for _, p in searched], strip_caret=False),
    )


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _joined(patterns: list[re.Pattern[str]], *, strip_caret: bool) -> re.Pattern[str] | None:
    """One alternation that matches wherever any of ``patterns`` does, or None when they cannot
    be joined safely (differing flags, back-references whose group numbers would shift, inline
    global flags, duplicate group names)."""
    if len(patterns) < 2 or len({p.flags for p in patterns}) != 1:
        return None
    sources = [p.pattern[1:] if strip_caret else p.pattern for p in patterns]
    if any(_BACKREFERENCE.search(source) for source in sources):
        return None
    joined = "|".join(f"(?:{source})" for source in sources)
    try:
        return re.compile(("^(?:" + joined + ")") if strip_caret else joined, patterns[0].flags)
    except re.error:
        return None


def _anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` starts at position 0: a leading ``^``, no multiline
    flag, and no ``|`` outside groups and character classes (``^a|b`` matches ``b`` anywhere).
    """
    source = pattern.pattern
    if not source.startswith("^") or pattern.flags & (re.MULTILINE | re.VERBOSE):
        return False
    depth = 0
    in_class = escaped = False
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            # "]" right after "[" or "[^" is a literal member, not the end of the class.
            in_class = ch != "]" or source[i - 1] == "[" or source[i - 2 : i] == "[^"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True
