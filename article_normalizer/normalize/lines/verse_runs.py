"""Chinese and Japanese prose written a phrase a line: the body, though every line looks like
a menu's.

Japanese blogs (Ameblo and its kind) break a post into short lines, a phrase or two each, often
mid-sentence: "袖を通した瞬間に" / "と鏡の前で" / "叫んでしまいました"; Chinese posts set the
same way end a line at a clause's comma. The line model reads each such line alone as a menu
entry: short, no sentence end, nothing like the news prose it learned from. What gives such a
run away is where its lines end: a menu's, a tag list's or a headline column's entries are
nouns and names, and end in kanji, katakana or Latin; a phrase broken off mid-sentence ends in a
particle or an inflection (hiragana: に, で, を, て, が) or in a clause comma. A long run of
short Han or kana lines, many of them ending so, is prose.
"""

from __future__ import annotations

from collections.abc import Sequence

from article_normalizer.normalize.lines.char_classes import display_width, has_letter
from article_normalizer.rules.body_rules import VerseRuns


def verse_lines(texts: Sequence[str], rule: VerseRuns) -> list[int]:
    """Indices of the lines of every run written a phrase a line (see the module).

    Lines without a letter (a row of emoji, a date) stand between the phrases of such a post
    and do not end its run, nor does one short line in another script between two phrases;
    only lines in the run's script count as broken off (a lone comma between a tag list's
    entries is no phrase)."""
    narrow = [display_width(text) <= rule.max_width for text in texts]
    phrase = [
        fits and (rule.script.search(text) is not None or not has_letter(text))
        for fits, text in zip(narrow, texts, strict=True)
    ]
    last = len(texts) - 1
    member = [
        phrase[i] or (narrow[i] and 0 < i < last and phrase[i - 1] and phrase[i + 1])
        for i in range(len(texts))
    ]
    found: list[int] = []
    run: list[int] = []
    for i in range(len(texts) + 1):
        if i <= last and member[i]:
            run.append(i)
            continue
        broken = sum(
            1 for j in run if rule.broken_off.search(texts[j]) and rule.script.search(texts[j])
        )
        if len(run) >= rule.min_lines and broken >= rule.min_broken_share * len(run):
            found.extend(run)
        run = []
    return found
