"""A slideshow set into the page: its slides are captions, not the story.

Pages embed a gallery (their own or another story's: "14 Things No One Tells You About Aging"
inside a health story) whose slides an HTML-to-text rendering prints in a row, each under its
counter ("1 / 14", "Image 2 of 15"): a slide's title and caption read as prose, and the line
model takes them into the body. The counters tell them apart: a run of them, numbered one
after the other out of the same total, a few lines apart, is a slideshow, and what stands
between its first and its last counter is its slides. The counter's forms and the settings,
with their origin, are in ``rules/data/body_rules.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence

from article_normalizer.rules.body_rules import Slideshow


def slide_lines(texts: Sequence[str], rule: Slideshow) -> list[int]:
    """Indices of the lines between the first and the last counter of the page's longest run
    of slide counters, the counters excepted; none when no run holds ``rule.min_counters``.

    A run is counters numbered ``k``, ``k + 1``, ... out of one total, each at most
    ``rule.max_gap`` lines below the one before it.
    """
    counters: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        match = rule.counter.match(text)
        if match is not None:
            counters.append((i, int(match.group("number")), int(match.group("total"))))
    best: list[tuple[int, int, int]] = []
    run: list[tuple[int, int, int]] = []
    for counter in counters:
        index, number, total = counter
        if (
            run
            and total == run[-1][2]
            and number == run[-1][1] + 1
            and index - run[-1][0] <= rule.max_gap
        ):
            run.append(counter)
        else:
            run = [counter]
        if len(run) > len(best):
            best = list(run)
    if len(best) < rule.min_counters:
        return []
    marked = {index for index, _, _ in best}
    return [i for i in range(best[0][0] + 1, best[-1][0]) if i not in marked]
