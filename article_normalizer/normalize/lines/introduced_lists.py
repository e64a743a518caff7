"""A list the story introduces: the items under a body line that ends in a colon.

A story often announces a list and goes on after it: "Participants were asked to:", three
bulleted items, then the next paragraph. The items are short and lack the verbs and stop words
of prose, so the line model doubts them as it doubts a menu, and the body runs on above and
below without them. What tells them from a menu wedged into the story is the colon: the story
said that a list follows, and the story resumes right under its last item. Only list items
(a bullet, a rank number) count, at least a list's worth of them, and only lines no rule has
named; a list that ends the body stays out, since what follows a story's last line may as well
be the page's. The settings and their origin are in ``rules/data/body_rules.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from article_normalizer.rules.body_rules import IntroducedLists


def list_lines(
    texts: Sequence[str],
    is_body: Sequence[bool],
    is_open: Sequence[bool],
    is_item: Callable[[int], bool],
    rule: IntroducedLists,
) -> list[int]:
    """Indices of the lines outside the body that are items of a list the body introduces.

    ``is_open`` marks the lines no rule has named yet; ``is_item(i)`` says whether line ``i`` is
    a list item (a bullet or a rank number before the words), asked only of the lines under an
    announcing line. A list is the run of items right under a body line the ``rule.introducer``
    matches, items already in the body included; it joins when it holds at least
    ``rule.min_items`` items, none of them named, and the line right under it is body.
    """
    joined: list[int] = []
    for start, text in enumerate(texts):
        if not is_body[start] or rule.introducer.search(text) is None:
            continue
        end = start + 1
        while end < len(texts) and is_item(end) and (is_body[end] or is_open[end]):
            end += 1
        items = range(start + 1, end)
        if len(items) >= rule.min_items and end < len(texts) and is_body[end]:
            joined.extend(i for i in items if not is_body[i])
    return joined
