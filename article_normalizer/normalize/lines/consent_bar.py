"""A consent dialog's button bar printed as one line: "Accept Decline Customise".

Page text often puts a dialog's buttons on one line, and a browser's ``innerText`` always does
when they stand side by side. The lexicon names each button ("accept", "reject all", "cookie
settings") as a whole-line label, so a line of two or more of them side by side is named by
no label, yet it is as sure a consent control as any one of them. Any language the lexicons
hold consent labels for reads the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from article_normalizer.normalize.lines.consent_dialog import COOKIE
from article_normalizer.normalize.lines.kinds import MAX_LABEL_CHARS
from article_normalizer.rules import ClutterLexicon, LanguageProfile
from article_normalizer.rules.clutter import label_key

_FIRST_WORD = re.compile(r"\W*(\w+)")


@dataclass(frozen=True, slots=True)
class _Labels:
    """The consent labels of a tuple of lexicons, as word tuples, with their first words."""

    labels: frozenset[tuple[str, ...]]
    first_words: frozenset[str]
    longest: int


@cache
def _labels(lexicons: tuple[ClutterLexicon, ...]) -> _Labels:
    labels = frozenset(
        tuple(key.split())
        for lexicon in lexicons
        for key, kind in lexicon.label_kinds.items()
        if kind == COOKIE and key
    )
    return _Labels(
        labels=labels,
        first_words=frozenset(words[0] for words in labels),
        longest=max((len(words) for words in labels), default=0),
    )


def is_consent_bar(text: str, profile: LanguageProfile) -> bool:
    """Whether the whole line is two or more of the lexicons' consent labels side by side; a
    line longer than any label line (``MAX_LABEL_CHARS``) is not split at all."""
    if len(text) > MAX_LABEL_CHARS:
        return False
    known = _labels(profile.clutter)
    first = _FIRST_WORD.match(text)
    if first is None or first.group(1).casefold() not in known.first_words:
        return False
    # One label alone spells itself in one: it is already named, and is no bar.
    return _fewest_labels(tuple(label_key(text).split()), known) >= 2


def _fewest_labels(words: tuple[str, ...], known: _Labels) -> int:
    """How few labels spell ``words`` one after another (0 when they cannot)."""
    fewest: list[int | None] = [0] + [None] * len(words)
    for start in range(len(words)):
        count = fewest[start]
        if count is None:
            continue
        for end in range(start + 1, min(len(words), start + known.longest) + 1):
            if words[start:end] in known.labels:
                best = fewest[end]
                if best is None or count + 1 < best:
                    fewest[end] = count + 1
    return fewest[-1] or 0
