"""Lists of labels with a count after each: a blog's archive or category widget.

"December (9)", "+ 5月 ( 39 )", "* Community Post (4824)": each line a month, a category or a
tag with the number of posts filed under it. The line model reads such a column by its
neighbourhood, and beside a short post on a page with little prose it can read it as the body
(the counts look like figures in a story's text). Its shape is the same in every language and
on every blogging platform: a short label, then a count in parentheses, line after line. A
story prints one such line now and then, seldom several in a row.
"""

from __future__ import annotations

from collections.abc import Sequence

from article_normalizer.rules.body_rules import CountLists


def count_list_lines(texts: Sequence[str], rule: CountLists) -> list[int]:
    """Indices of the lines of every column of at least ``rule.min_lines`` count items.

    A short line between two count items belongs to the column: a tree of archives prints each
    year between its months ("* 2023年 閉じる 開く" between "+ 1月 ( 77 )" and "+ 12月 ( 46 )").
    """
    short = [len(text) <= rule.max_chars for text in texts]
    items = [
        fits and rule.item.match(text) is not None for fits, text in zip(short, texts, strict=True)
    ]
    found: list[int] = []
    run: list[int] = []
    count = 0
    for i, fits in enumerate(short):
        inner = fits and 0 < i < len(texts) - 1 and items[i - 1] and items[i + 1]
        if items[i] or (inner and run):
            run.append(i)
            count += items[i]
            continue
        if count >= rule.min_lines:
            found.extend(run)
        run, count = [], 0
    if count >= rule.min_lines:
        found.extend(run)
    return found
