"""Teasers of other stories under a "read also" heading below the article.

Below a story, pages list other stories under a heading ("Related articles", "Read also",
"あわせて読みたい", "相关新闻"): short lines, one headline each, often with a stamp. The line model
reads a list of headlines after prose as more of the story wherever its features are unsure
(languages and layouts the corpora hold few pages of, a page whose threshold was lowered), and
the heading itself, which the lexicon names, is the page saying where the story ended. So below
the body line the model is surest of (the story's, not a sidebar's), the body lines that follow
such a heading are teasers as long as they are shaped like one: no sentence end, no longer than
a headline. The first line of prose stops the stretch, so a "Related" box set inside a story
takes only its own teasers with it. Unlike :mod:`comment_section`, the heading is not looked for
past the end of the article's main run: the teasers right under it read like the story's last
lines, and a run bridging one non-body line takes them into the story's run. The settings and
their origin are in ``rules/data/body_rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from article_normalizer.rules.body_rules import RelatedSection

_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»」』)\]]*$")
"""A sentence's last character, with the quotes and brackets that may close it."""


def teaser_shaped(text: str, rule: RelatedSection) -> bool:
    """Short and without a sentence end: a headline, a stamp, a label."""
    text = text.rstrip()
    return len(text) <= rule.teaser_max_chars and _SENTENCE_END.search(text) is None


def teaser_lines(
    scores: Sequence[float],
    is_body: Sequence[bool],
    is_heading: Sequence[bool],
    is_teaser: Sequence[bool],
    rule: RelatedSection,
) -> list[int]:
    """Indices of the body lines that stand, teaser-shaped, under a related heading below the
    page's surest body line.

    ``scores`` are the lines' body probabilities, ``is_heading`` marks the lines the lexicon
    names as a related heading (a whole-line label), ``is_teaser`` the lines shaped like a
    teaser (:func:`teaser_shaped`). Lines that are not body pass without ending the stretch; a
    body line of prose ends it.
    """
    body = [i for i, kept in enumerate(is_body) if kept]
    if not body:
        return []
    found: list[int] = []
    under = False
    for i in range(max(body, key=lambda j: scores[j]) + 1, len(is_body)):
        if is_heading[i]:
            under = True
        elif under and is_body[i]:
            if is_teaser[i]:
                found.append(i)
            else:
                under = False
    return found
