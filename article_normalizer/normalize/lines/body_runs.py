"""The body's runs: its lines grouped where no more than a few non-body lines part them.

Rules that reason about "the story" rather than single lines (the article's main run, a run
that repeats another) need the same grouping; one definition keeps them agreeing on where a
run ends.
"""

from __future__ import annotations

from collections.abc import Sequence


def body_runs(is_body: Sequence[bool], max_gap: int) -> list[list[int]]:
    """Body line indices in page order, split where more than ``max_gap`` lines part two."""
    runs: list[list[int]] = []
    for i, body in enumerate(is_body):
        if not body:
            continue
        if runs and i - runs[-1][-1] <= max_gap + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
