"""Which reading of an HTML page gives the better body: trafilatura's extraction or the page text.

HTML mode builds its body from what trafilatura extracted, so whatever trafilatura misses (a
listing's items, a forum's posts, a story split across containers it scored low) is lost
however well the line model judges the rest. The same page's visible lines, read by the text
pipeline as a scraper's page text would be, miss other things (the story's own short lines, a
table the markup marks as the article). Neither reading wins everywhere, and where they
disagree the two bodies say a lot about which one went wrong: how much of each the other one
holds, how much of the visible page each takes, how long their lines are. A small regression
forest over those page figures predicts the body-F1 gain of taking the page-text reading; where
it predicts none, the extraction stands.

The forest may only choose where the page text *adds* to the extraction: it must hold at least
a set share of the extraction's passages (the two readings found the same story) and bring
passages of its own (it recovers something the extraction missed). A page-text body that is the
extraction minus some lines would drop lines trafilatura kept on the text model's doubt alone,
and one that shares nothing with it would swap the extraction's story for another; on pages
outside the corpora the forest was fitted on, both lost more than they won. An empty
extraction has nothing to lose, so any page text may replace it.

The gate is fitted by ``bench/train_rendering_gate.py`` on out-of-fold bodies of both readings
(each page read with line models and gates that never saw its site), and rebuilt byte for byte
by ``make rendering-gate``; ``model/MODEL_CARD.md`` in ``normalize/lines`` gives its sources.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Self

import msgspec
import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines.char_classes import TOKEN
from article_normalizer.normalize.lines.forest import GateSpec, ModelFormatError, ThresholdGate
from article_normalizer.normalize.models import Article

GATE_FORMAT = "gbdt-regression-arrays/1"
GATE_FILE = "html-rendering-gate.json"
GATE_PATH = Path(str(resources.files("article_normalizer.normalize.lines") / "model" / GATE_FILE))

GATE_FEATURE_VERSION = 1
FEATURE_NAMES = (
    "log_visible_chars",
    "log_extracted_chars",
    "log_page_text_chars",
    "extracted_visible_share",
    "page_text_visible_share",
    "extracted_paragraphs",
    "page_text_paragraphs",
    "extracted_mean_chars",
    "page_text_mean_chars",
    "extracted_in_page_text",
    "page_text_in_extracted",
)
"""The page figures the gate reads. ``*_in_*`` are the share of one body's word 4-grams the
other body holds too: where both readings found the same story they agree almost wholly."""

GATE_SPEC = GateSpec(
    name="rendering gate",
    format=GATE_FORMAT,
    feature_version=GATE_FEATURE_VERSION,
    feature_names=FEATURE_NAMES,
    trainer="bench/train_rendering_gate.py",
)

SHINGLE = 4
"""Words per n-gram when comparing the bodies: long enough that two bodies share one only
where they hold the same passage, short enough that a line cut differently still matches."""

FIELDS_FROM_EXTRACTION = (
    "title",
    "published",
    "published_raw",
    "modified",
    "modified_raw",
    "outlet",
    "byline",
    "language",
)
"""What the article keeps from the extraction's reading whichever body wins: these stages read
the page's metadata and the extraction's first lines, which place the headline above the
story, while the whole page text opens with its menus."""


FIELD_WARNINGS = frozenset({"no_title_found", "language_undetected"})
"""Warnings about the fields, which come from the extraction's reading whichever body wins."""
BODY_WARNINGS = frozenset({"empty_body", "body_may_be_truncated"})
"""Warnings about the body, which come from the reading that gave it."""


_EXTRACTED_CHARS = FEATURE_NAMES.index("log_extracted_chars")
_EXTRACTED_KEPT = FEATURE_NAMES.index("extracted_in_page_text")
_PAGE_TEXT_HELD = FEATURE_NAMES.index("page_text_in_extracted")


@dataclass(frozen=True, slots=True)
class RenderingGate(ThresholdGate):
    """The fitted forest, the gain above which the page-text reading is taken (its gain is
    that of the page-text reading's body over the extraction's), and the bounds within which
    the page text adds to the extraction rather than cutting or replacing it."""

    SPEC = GATE_SPEC

    min_extraction_kept: float = 0.0
    """The share of the extraction's word 4-grams the page-text body must hold."""
    max_page_text_held: float = math.inf
    """The page-text body is taken only while less than this share of its word 4-grams is in
    the extraction (at 1.0 and above it brings nothing of its own)."""

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Self:
        # The bounds are required in the file: the defaults only let the base build the gate.
        gate = super(RenderingGate, cls).from_dict(doc)
        try:
            kept, held = float(doc["min_extraction_kept"]), float(doc["max_page_text_held"])
        except KeyError as missing:
            raise ModelFormatError(
                f"{cls.SPEC.name} file lacks its bound {missing}: refit with {cls.SPEC.trainer}"
            ) from None
        return dataclasses.replace(gate, min_extraction_kept=kept, max_page_text_held=held)

    def adds_to_extraction(self, features: npt.NDArray[np.float32]) -> bool:
        """Whether the page-text body holds the extraction's story and more besides."""
        if features[_EXTRACTED_CHARS] == 0.0:
            return True
        return bool(
            features[_EXTRACTED_KEPT] >= self.min_extraction_kept
            and features[_PAGE_TEXT_HELD] < self.max_page_text_held
        )

    def prefers_page_text(self, features: npt.NDArray[np.float32]) -> bool:
        return self.adds_to_extraction(features) and self.gain(features) > self.threshold


@cache
def rendering_gate() -> RenderingGate:
    """The shipped gate, loaded once per process."""
    with GATE_PATH.open(encoding="utf-8") as handle:
        return RenderingGate.from_dict(json.load(handle))


def _shingles(paragraphs: Sequence[str]) -> Counter[tuple[str, ...]]:
    # Each character of an unspaced script is a word: a Chinese paragraph is one ``\w+`` run,
    # which would match only where both bodies cut it alike.
    words = TOKEN.findall("\n".join(paragraphs).lower())
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def choice_features(
    extracted: Sequence[str], page_text: Sequence[str], visible: Sequence[str]
) -> npt.NDArray[np.float32]:
    """The gate's figures for one page: ``extracted`` and ``page_text`` are the two readings'
    body paragraphs, ``visible`` the page's visible lines."""
    extracted_chars = sum(len(p) for p in extracted)
    page_text_chars = sum(len(p) for p in page_text)
    visible_chars = max(sum(len(line) for line in visible), 1)
    ours, theirs = _shingles(extracted), _shingles(page_text)
    shared = sum((ours & theirs).values())
    values = [
        math.log1p(visible_chars),
        math.log1p(extracted_chars),
        math.log1p(page_text_chars),
        extracted_chars / visible_chars,
        page_text_chars / visible_chars,
        float(len(extracted)),
        float(len(page_text)),
        extracted_chars / len(extracted) if extracted else 0.0,
        page_text_chars / len(page_text) if page_text else 0.0,
        shared / max(sum(ours.values()), 1),
        shared / max(sum(theirs.values()), 1),
    ]
    return np.asarray(values, dtype=np.float32)


def prefers_page_text(
    extracted: Sequence[str],
    page_text: Sequence[str],
    visible: Sequence[str],
    gate: RenderingGate | None = None,
) -> bool:
    """Whether the gate expects the better body from the page-text reading; ``extracted`` and
    ``page_text`` are the two readings' body paragraphs, ``visible`` the page's visible lines."""
    gate = gate or rendering_gate()
    return gate.prefers_page_text(choice_features(extracted, page_text, visible))


def with_extraction_fields(page_text: Article, extracted: Article) -> Article:
    """The page-text reading's article, taken where the gate prefers its body.

    It keeps the extraction's fields (:data:`FIELDS_FROM_EXTRACTION`) and what each reading
    warns about its own part: the extraction about the page and the fields, the page text about
    the body. Its ``removed`` already names every visible line that is not body.
    """
    fields = {name: getattr(extracted, name) for name in FIELDS_FROM_EXTRACTION}
    warnings = [
        *(w for w in extracted.warnings if w not in BODY_WARNINGS),
        *(w for w in page_text.warnings if w not in FIELD_WARNINGS),
    ]
    return msgspec.structs.replace(page_text, warnings=list(dict.fromkeys(warnings)), **fields)
