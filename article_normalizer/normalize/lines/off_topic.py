"""Body runs far below the story that share none of its words.

Below a story, pages print prose that is not the story: a privacy notice, a forum's or a
comment system's house rules, an "about us" box, another story's opening in full. The line
model reads each for prose, and nothing marks where the story ended when no comments or related
heading stands between them. What does tell them apart is the vocabulary: a story's later
paragraphs, its continuation after a teaser box, even its readers' replies, repeat its names
and terms, and a notice about personal data repeats none of them. So a body run well below the
article's main run and weighing at most a share of it (characters times body probability), or
more but with no line the model is as sure of as the main run's surest (a comment board's rules
or a column of other stories' openings can outweigh a short story), leaves the body when almost
none of its words occur in the body's other runs. The main run is the heaviest of the runs of
several lines whose surest line is nearly as sure as the page's surest: a column of other
stories' headlines (long ones, in Japanese or Chinese) can outweigh the story above it while
the model is less sure of every one of them, and then the column is the run to judge, not the
story; a lone sure line (a notice, a standfirst) is no story to judge a heavier run by. Only
runs below the main run qualify: a run above it is a standfirst or an opening the model
doubted. Words are compared, not lines, so the test holds in any language; in scripts written
without spaces, pairs of neighbouring characters stand for words. The settings and their origin
are in ``rules/data/body_rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from article_normalizer.normalize.lines.body_runs import body_runs
from article_normalizer.normalize.lines.char_classes import HIRAGANA, TOKEN, UNSPACED
from article_normalizer.rules.body_rules import OffTopic

_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]")
_GRAMMAR_PAIR = re.compile(rf"[{HIRAGANA}]{{2}}")


def content_words(texts: Iterable[str], stopwords: frozenset[str], min_chars: int) -> set[str]:
    """The lines' words that carry their topic: words of at least ``min_chars`` characters
    that are not stop words, and pairs of neighbouring characters of an unspaced
    script (but two hiragana, Japanese grammar rather than a topic's word)."""
    words: set[str] = set()
    for text in texts:
        tokens = TOKEN.findall(text.lower())
        words.update(
            token for token in tokens if len(token) >= min_chars and token not in stopwords
        )
        unspaced = [token for token in tokens if _UNSPACED_CHAR.match(token)]
        words.update(
            pair
            for pair in (a + b for a, b in pairwise(unspaced))
            if not _GRAMMAR_PAIR.fullmatch(pair)
        )
    return words


def off_topic_lines(
    texts: Sequence[str],
    scores: Sequence[float],
    is_body: Sequence[bool],
    stopwords: frozenset[str],
    rule: OffTopic,
) -> list[int]:
    """Indices of the body lines in runs below the main run that share too few words with the
    rest of the body.

    A run qualifies when at least ``rule.min_distance`` lines part it from the main run, its
    characters weighed by their lines' body probabilities are at most ``rule.max_size`` of the
    main run's (so a run the model doubts weighs less than its length) or none of its lines is
    as sure as the main run's surest, it holds at least ``rule.min_words`` content words, and
    less than ``rule.max_shared`` of them occur in the body's other runs.
    """
    runs = body_runs(is_body, rule.max_gap)
    if len(runs) < 2:
        return []
    weight = [sum(len(texts[i]) * scores[i] for i in run) for run in runs]
    surest = [max(scores[i] for i in run) for run in runs]
    sure_enough = max(surest) - rule.main_margin
    stories = [
        k
        for k in range(len(runs))
        if surest[k] >= sure_enough and len(runs[k]) >= rule.main_min_lines
    ]
    main = max(stories or range(len(runs)), key=weight.__getitem__)
    candidates = [
        k
        for k in range(main + 1, len(runs))
        if runs[k][0] - runs[main][-1] >= rule.min_distance
        and (weight[k] <= rule.max_size * weight[main] or surest[k] < surest[main])
    ]
    if not candidates:
        return []
    words = [content_words((texts[i] for i in run), stopwords, rule.min_word_chars) for run in runs]
    found: list[int] = []
    for k in candidates:
        if len(words[k]) < rule.min_words:
            continue
        others = set().union(*(other for j, other in enumerate(words) if j != k))
        if len(words[k] & others) < rule.max_shared * len(words[k]):
            found.extend(runs[k])
    return found
