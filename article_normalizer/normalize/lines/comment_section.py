"""Readers' comments under the article: the body lines below its comments heading.

A reader's comment is prose, often long, and the line model takes it for more of the story.
But the page says where its comments start: a heading the comment lexicon knows ("Comments",
"12 comments", "Kommentare (3)", "Комментарии:"). Below the article's main run, everything
after the first such heading is the comments, not the article. The main run is the body run
holding the line the model is surest of, not the longest one: a sidebar of teasers the lowered
threshold took in can outrun a short story, and a "Comments" block heading in that sidebar
would then cut the story itself away. A heading that counts the comments ("109 Comments") is
never a section of the story, so below the surest line it ends the main run even where the
model read the comments as more of the story and bridged them into its run. On a thread
(:mod:`thread_posts`) the replies are the content, so the pipeline does not ask this module
there. The settings and their origin are in
``rules/data/body_rules.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence

from article_normalizer.normalize.lines.body_runs import body_runs
from article_normalizer.rules.body_rules import CommentSection


def comment_lines(
    scores: Sequence[float],
    is_body: Sequence[bool],
    is_heading: Sequence[bool],
    is_counted: Sequence[bool],
    rule: CommentSection,
) -> list[int]:
    """Indices of the body lines below the first comments heading after the article's main run.

    ``scores`` are the lines' body probabilities, ``is_heading`` marks the lines the lexicon
    names as a comments heading, ``is_counted`` those of them that print the comments' count
    ("109 Comments"). Empty when no heading follows the main run.
    """
    runs = body_runs(is_body, rule.max_gap)
    if not runs:
        return []
    main = max(runs, key=lambda run: max(scores[i] for i in run))
    surest = max(main, key=lambda i: scores[i])
    # A counted heading is no section of the story, so it ends the main run where the model read
    # the comments under it as more of the story and bridged them into its run.
    start = next((i for i in range(surest + 1, main[-1] + 1) if is_counted[i]), main[-1] + 1)
    heading = next((i for i in range(start, len(is_body)) if is_heading[i]), None)
    if heading is None:
        return []
    return [i for i in range(heading + 1, len(is_body)) if is_body[i]]
