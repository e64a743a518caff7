"""Pages without article prose: judge each line against the page's best, not the model's bar.

The line model's threshold is set where news stories and blog posts split best. A page with no
paragraph of prose (a product grid, a listing, a documentation index, a short forum question)
is judged on the same scale, and there every line scores low: the items of a listing, a
product's bullet points and a question's few sentences all fall under the bar, and what passes
is whatever scored highest by chance, often a menu. On such a page the scores still rank the
lines; only their level is off. So where too few lines are prose the model is sure of, the bar
becomes a share of the page's best score. Too few is strict (by the shipped settings, none): a
short news story has one or two sure paragraphs under a long menu, and a bar that low would
take the menu in. The settings and their origin are in ``rules/data/body_rules.toml``
``[prose_less]``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from article_normalizer.rules.body_rules import ProseLess


def relative_threshold(
    proba: npt.NDArray[np.float64],
    tokens: npt.NDArray[np.float64],
    threshold: float,
    rule: ProseLess,
) -> float | None:
    """The page's own bar when it holds too little sure prose, else None.

    ``tokens`` are the lines' token counts as the line features count them (a character of an
    unspaced script weighs half a word), so "prose" means the same in every script.
    """
    if not len(proba):
        return None
    sure_prose = int(np.count_nonzero((proba >= rule.prose_score) & (tokens >= rule.prose_tokens)))
    if sure_prose >= rule.min_prose_lines:
        return None
    relative = rule.relative * float(proba.max())
    return relative if relative < threshold else None
