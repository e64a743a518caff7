"""Naming what a non-body line is (navigation, newsletter, comment box...).

Two entry points, used by :mod:`service.normalize.classify`:

- :func:`strong_clutter`: a lexicon match so specific that the line is clutter whatever the
  classifier thinks ("Leave a Reply", "Subscribe to our newsletter");
- :func:`name_kind`: the kind of a line the classifier already took out of the body.
"""

from __future__ import annotations

from service.normalize.blocks import Block
from service.normalize.page import Decision
from service.rules import LanguageProfile


def strong_clutter(text: str, profile: LanguageProfile) -> tuple[str, str] | None:
    """``(kind, reason)`` when the line is certainly clutter, else None."""
    return None


def name_kind(
    blocks: list[Block], decisions: list[Decision], index: int, profile: LanguageProfile
) -> tuple[str, str]:
    """``(kind, reason)`` of non-body block ``index``; ``("other", ...)`` when nothing fits."""
    return "other", "kind:unnamed"
