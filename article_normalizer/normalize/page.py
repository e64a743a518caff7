"""What the field stages read, and what they hand back.

The line stages (classification, kinds) build one :class:`Decision` per block. The field
stages (opener, title, stamps, byline, outlet) then read a :class:`Page`, which is frozen, and
return a :class:`Found`: their value and the lines they :class:`Claim`. Only the pipeline applies
claims (:meth:`Page.claimed`), between stages, so what each stage saw is explicit in the stage
list and no stage can change what another one reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Generic, TypeVar

from article_normalizer.normalize.lines.blocks import Block
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
    description: str | None = None
    """The summary the page declares of itself (JSON-LD, ``og:description``, ``description``):
    most often the story's opening or its deck, which tells which reading holds the story."""
    not_article: bool = False
    """The page declares itself a product, a collection or a list page, and no article
    (``rules/data/page_types.toml``): its body is what it shows, but it is no story."""
    search_published: Callable[[], str | None] | None = None
    """The page's last resort for ``published`` (HTML input): a search of every date-like
    string in the markup, run only when neither the declared metadata nor a printed stamp
    gave a date: it guesses more, and costs tens of milliseconds while dateparser's locales
    are cold (``bench.dates``; README, Quality)."""
    page_lines: Callable[[], list[str]] | None = None
    """The whole page's visible lines (HTML input), rendered on demand: the extraction keeps
    the article, and leaves out lines a field may still be printed on (the credit line above
    or below the headline, outside the article element)."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A field stage's verdict on one line: it printed the field (``title``, ``byline_stamp``),
    or it is the story's first paragraph after all (``body``)."""

    index: int
    kind: str
    reason: str


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A field stage's answer: its value and the lines it claims, in the order it claimed them."""

    value: T
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """Blocks and decisions of one document, plus the hints every field stage may read.

    Frozen, and its decisions are never assigned to by a field stage: a stage's effect on the
    lines is the claims it returns, applied by the pipeline with :meth:`claimed`.
    """

    blocks: Sequence[Block]
    decisions: Sequence[Decision]
    language: str | None
    profile: LanguageProfile
    reference_time: datetime
    url: str | None = None
    metadata: PageMetadata | None = None

    def claimed(self, claims: Iterable[Claim]) -> Page:
        """This page with ``claims`` applied in order (new decisions; the old are untouched).

        A claim changes a line's kind and reason and keeps the classifier's score.
        """
        decisions = list(self.decisions)
        changed = False
        for claim in claims:
            old = decisions[claim.index]
            decisions[claim.index] = Decision(kind=claim.kind, reason=claim.reason, score=old.score)
            changed = True
        if not changed:
            return self
        return replace(self, decisions=tuple(decisions))

    @property
    def address(self) -> str | None:
        """Where the page came from: the request's url hint, else the url its metadata
        declares."""
        return self.url or (self.metadata.url if self.metadata else None)

    def body_indexes(self) -> list[int]:
        return [i for i, d in enumerate(self.decisions) if d.is_body]
