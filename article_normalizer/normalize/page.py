"""The working state one document carries through the pipeline stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from article_normalizer.normalize.blocks import Block
from article_normalizer.normalize.models import WarningCode
from article_normalizer.rules import LanguageProfile

BODY = "body"


@dataclass(slots=True)
class Decision:
    """What the pipeline decided about one block."""

    kind: str
    """``"body"`` or one of :data:`article_normalizer.normalize.models.BLOCK_KINDS`."""
    reason: str
    """Which mechanism decided, e.g. ``model:0.12`` or ``lexicon:newsletter``; shown to users."""
    score: float = 0.0
    """Body probability from the classifier (0..1), kept for later stages' thresholds."""

    @property
    def is_body(self) -> bool:
        return self.kind == BODY


@dataclass(slots=True)
class PageMetadata:
    """Publisher metadata read from HTML (JSON-LD, OpenGraph, meta tags); empty for text input."""

    title: str | None = None
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    search_published: Callable[[], str | None] | None = None
    """The page's last resort for ``published`` (HTML input): a search of every date-like
    string in the markup, run only when neither the declared metadata nor a printed stamp
    gave a date: it guesses more, and costs tens of milliseconds while dateparser's locales
    are cold (``bench.dates``; README, Quality)."""
    page_lines: Callable[[], list[str]] | None = None
    """The whole page's visible lines (HTML input), rendered on demand: the extraction keeps
    the article, and leaves out lines a field may still be printed on (the credit line above
    or below the headline, outside the article element)."""


@dataclass(slots=True)
class Page:
    """Blocks and decisions of one document, plus the hints every stage may read."""

    blocks: list[Block]
    decisions: list[Decision]
    language: str | None
    profile: LanguageProfile
    reference_time: datetime
    url: str | None = None
    metadata: PageMetadata | None = None
    warnings: list[WarningCode] = field(default_factory=list)
    opener: int | None = None
    """The block that opens the story with a dateline, when one does: never a headline."""

    def mark(self, index: int, kind: str, reason: str) -> None:
        """Take block ``index`` out of the body as ``kind`` (e.g. a line that fed a field)."""
        decision = self.decisions[index]
        decision.kind = kind
        decision.reason = reason

    def body_indexes(self) -> list[int]:
        return [i for i, d in enumerate(self.decisions) if d.is_body]
