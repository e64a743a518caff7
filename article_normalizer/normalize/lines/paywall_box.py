"""The lines of a paywall's box are paywall clutter where its prompts stand on both sides.

A paywall prints, between its prompts ("This article is for subscribers", "Log in to keep
reading"), an offer: the plan's perks as a list, a price, "Register", a note on who subscribes
free. The lexicon names the prompts, not the offer (its wording is the outlet's own), and the
line model reads the offer's sentences as doubtful prose, so the body grows into them from the
story's preview above. What gives them away is where they stand: a few lines the model doubts,
closed in between two prompts close together, are the box's. A line the model is sure of there
is a story's paragraph (a preview printed between a "Premium" label and the wall), and then
the stretch is left as it is, unless it is an item of a list: the perks are a list, each a
short sentence the model may be sure of ("Unlimited digital access to ..."), and a story's
paragraph is no list item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

PAYWALL = "paywall"
REASON = "lexicon:paywall paywall_box"

Verdict = tuple[str, str] | None
"""A line's certain-clutter verdict: ``(kind, reason)``, or None."""


def paywall_box(
    verdicts: Sequence[Verdict],
    scores: Sequence[float] | npt.NDArray[np.float64],
    sure: float,
    window: int,
    is_item: Callable[[int], bool],
) -> list[Verdict]:
    """``verdicts`` with the lines between two paywall prompts named ``paywall`` too.

    ``verdicts`` are the lexicon's certain-clutter verdicts per line, ``scores`` the line model's
    body probabilities; two prompts at most ``window`` lines apart close in the lines between
    them when each of those scores under ``sure`` or is a list item (``is_item`` of its index).
    """
    out = list(verdicts)
    prompts = [
        i for i, verdict in enumerate(verdicts) if verdict is not None and verdict[0] == PAYWALL
    ]
    for first, last in pairwise(prompts):
        inside = range(first + 1, last)
        if not inside or last - first > window:
            continue
        if all(verdicts[j] is not None or scores[j] < sure or is_item(j) for j in inside):
            for j in inside:
                if out[j] is None:
                    out[j] = (PAYWALL, REASON)
    return out
