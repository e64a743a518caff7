"""Whether the line model's doubts about trafilatura's extraction are worth acting on, per page.

The line model learned what an article looks like on news pages; on a blog, a product page, a
forum thread or documentation its doubt about a list item, a table cell or a heading is not
evidence of clutter, and removing those lines costs more than it gains. Which case a page is
shows in how the model and the markup see the extraction as a whole (how much of it the model
doubts, how sure it is, how short the lines are, how much of it the markup calls linked,
repeated or named), so a small regression forest over those page-level figures predicts what
acting on the model's doubts gains in body F1. Where it predicts no gain, only the lexicon's
certain clutter leaves the extraction.

The gate is fitted by ``bench/train_page_gate.py`` on out-of-fold line decisions (each page
judged by the line model that never saw its site), and rebuilt byte for byte by ``make
page-gate``; ``model/MODEL_CARD.md`` in ``normalize/lines`` gives its sources and figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from statistics import median

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.html.visible import VisibleLine
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.forest import GateSpec, ThresholdGate
from article_normalizer.normalize.page import Decision

GATE_FORMAT = "gbdt-regression-arrays/1"
GATE_FILE = "html-page-gate.json"
GATE_PATH = Path(str(resources.files("article_normalizer.normalize.lines") / "model" / GATE_FILE))

GATE_FEATURE_VERSION = 1
FEATURE_NAMES = (
    "log_lines",
    "log_chars",
    "removed_share",
    "doubted_share",
    "mean_probability_by_chars",
    "mean_probability",
    "short_line_share",
    "linked_share",
    "repeated_share",
    "unmatched_share",
    "named_share",
    "median_line_chars",
    "lexicon_clutter_share",
)
"""The page-level figures the gate reads; shares are of the extraction's characters, except
``short_line_share`` (of its lines)."""

GATE_SPEC = GateSpec(
    name="page gate",
    format=GATE_FORMAT,
    feature_version=GATE_FEATURE_VERSION,
    feature_names=FEATURE_NAMES,
    trainer="bench/train_page_gate.py",
)

SHORT_LINE_CHARS = 40
"""A line shorter than this is a list item, a heading or a label rather than a paragraph."""


@dataclass(frozen=True, slots=True)
class PageGate(ThresholdGate):
    """The fitted forest and the gain above which the model's removals are applied: its gain is
    that of acting on the line model's doubts on the page."""

    SPEC = GATE_SPEC

    def trust_extractor(self, features: npt.NDArray[np.float32]) -> bool:
        return self.gain(features) <= self.threshold


@cache
def page_gate() -> PageGate:
    """The shipped gate, loaded once per process."""
    with GATE_PATH.open(encoding="utf-8") as handle:
        return PageGate.from_dict(json.load(handle))


def page_features(
    blocks: Sequence[Block],
    model: Sequence[Decision],
    floored: Sequence[Decision],
    strong: Sequence[bool],
    markup: Sequence[VisibleLine | None] | None,
) -> npt.NDArray[np.float32]:
    """The gate's figures for one extraction: ``model`` is the line model's own decisions,
    ``floored`` the decisions after the markup floors, ``strong`` the lines the clutter lexicon
    names with certainty, ``markup`` each line's page line (None where none matched)."""
    lengths = [len(block.text) for block in blocks]
    total = max(sum(lengths), 1)
    lines = markup if markup is not None else [None] * len(blocks)

    def share(flags: Sequence[bool]) -> float:
        return sum(n for n, flag in zip(lengths, flags, strict=True) if flag) / total

    count = max(len(blocks), 1)
    values = [
        math.log1p(len(blocks)),
        math.log1p(sum(lengths)),
        share([not d.is_body for d in floored]),
        share([not d.is_body for d in model]),
        sum(n * d.score for n, d in zip(lengths, model, strict=True)) / total,
        sum(d.score for d in model) / count,
        sum(n < SHORT_LINE_CHARS for n in lengths) / count,
        share([line is not None and line.linked for line in lines]),
        share([line is not None and line.repeated for line in lines]),
        share([line is None for line in lines]),
        share([line is not None and line.kind is not None for line in lines]),
        float(median(lengths)) if lengths else 0.0,
        share(list(strong)),
    ]
    return np.asarray(values, dtype=np.float32)
