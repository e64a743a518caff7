"""Block classification: body or a kind of clutter, with the reason."""

from __future__ import annotations

from service.normalize.blocks import Block
from service.normalize.page import BODY, Decision
from service.rules import LanguageProfile


def classify(blocks: list[Block], profile: LanguageProfile) -> list[Decision]:
    """One decision per block, in order."""
    decisions: list[Decision] = []
    for block in blocks:
        words = block.text.split()
        sentence = block.text.rstrip()[-1:] in ".!?\"”»)" if block.text else False
        if len(words) >= 12 or (len(words) >= 6 and sentence):
            decisions.append(Decision(kind=BODY, reason="shape:prose", score=0.8))
        else:
            decisions.append(Decision(kind="other", reason="shape:short", score=0.2))
    return decisions
