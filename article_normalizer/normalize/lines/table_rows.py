"""A table inside the story joins the body with it.

A how-to, a comparison or a report prints tables between its paragraphs ("Company | Type |
Members", one row a line). The line model reads a row as clutter: short cells, no sentence, no
stop words, the shape of a menu printed in one row. But a menu or a layout table's row stands
at the page's edges, and the story's own table stands inside the story: the lines right above
and right below the table's rows are the body's. Text renderings of HTML pad a table's cells
apart with wide gaps (:attr:`Block.cells`), so its rows are found by their shape alone, in any
language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def table_lines(
    cells: Sequence[int],
    is_body: Sequence[bool],
    is_open: Sequence[bool],
    min_rows: int,
    min_regular: float,
    max_in_body: float,
) -> list[int]:
    """Indices of the open lines of each table that the body holds on both sides.

    ``cells`` is the number of cells each line's wide gaps part it into (0 for a line that is
    no row), ``is_open`` marks the lines no rule has named. A table is a run of at least
    ``min_rows`` consecutive rows of two cells or more, some of which may be body already, at
    least ``min_regular`` of them with the same number of cells (a layout table's rows, a
    sidebar beside the story, vary) and at most ``max_in_body`` of them body already (where the
    story itself is a column of a layout table, its paragraphs are rows); it joins when the line
    right above it and the line right below it are body.
    """
    found: list[int] = []
    start = 0
    while start < len(cells):
        if cells[start] < 2:
            start += 1
            continue
        end = start
        while end < len(cells) and cells[end] >= 2:
            end += 1
        rows = end - start
        if (
            rows >= min_rows
            and Counter(cells[start:end]).most_common(1)[0][1] >= min_regular * rows
            and sum(is_body[start:end]) <= max_in_body * rows
            and start > 0
            and end < len(cells)
            and is_body[start - 1]
            and is_body[end]
        ):
            found.extend(k for k in range(start, end) if is_open[k] and not is_body[k])
        start = end
    return found
