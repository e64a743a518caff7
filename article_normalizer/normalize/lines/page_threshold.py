"""Whether a page's middling lines are body: the body threshold chosen per page (text mode).

The line model learned its threshold on pooled pages, most of them news. On a blog, a listicle,
a forum thread or a service page it is unsure of everything: the paragraphs between a
restaurant's "Book Now" and "map" links, or a forum's posts, score 0.4 to 0.6 where a news
story's paragraphs score 0.9, so the pooled threshold drops the article's prose along with the
clutter. Lowering the threshold on such a page to where its own scores split in two (Otsu's
split, bounded by :attr:`PageThresholdGate.margin` below the model's threshold) recovers that
prose; on a news page the same lowering pulls in teasers and comments. Which case a page is
shows in how the line model sees it as a whole (how much of it is sure, how much the lowering
would add, where and of what shape), so a small regression forest over those page-level
figures predicts what the lowering gains in body F1, and the page is lowered only where it
predicts a gain.

The gate is fitted by ``bench/train_text_gate.py`` on out-of-fold line probabilities (each page
judged by the line model that never saw its site) and rebuilt byte for byte by ``make
text-gate``; ``model/MODEL_CARD.md`` gives its sources and figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines import features
from article_normalizer.normalize.lines.forest import Forest, GateSpec, page_gain
from article_normalizer.normalize.page import Decision

GATE_FORMAT = "gbdt-regression-arrays/1"
GATE_FILE = "text-page-gate.json"
GATE_PATH = Path(str(resources.files("article_normalizer.normalize.lines") / "model" / GATE_FILE))

GATE_FEATURE_VERSION = 1
FEATURE_NAMES = (
    "log_lines",
    "log_chars",
    "sure_share",
    "middle_share",
    "split_threshold",
    "lowered_by",
    "mean_probability_by_chars",
    "short_line_share",
    "median_line_chars",
    "body_share",
    "added_share",
    "added_to_body",
    "added_sentence_end_share",
    "added_bullet_share",
    "added_median_chars",
    "added_mean_probability",
    "body_runs_per_line",
    "lexicon_clutter_share",
    "bullet_line_share",
    "added_after_body_share",
    "added_before_body_share",
    "unspaced_line_share",
    "mean_sure_probability",
    "sure_line_share",
)
"""The page-level figures the gate reads. Shares are of the page's characters unless named
otherwise; ``added_*`` describe the lines the lowered threshold adds to the body."""

GATE_SPEC = GateSpec(
    name="page threshold gate",
    format=GATE_FORMAT,
    feature_version=GATE_FEATURE_VERSION,
    feature_names=FEATURE_NAMES,
    trainer="bench/train_text_gate.py",
)

SHORT_LINE_CHARS = 40
"""A line shorter than this is a list item, a heading or a label rather than a paragraph."""
MIN_LINES = 3
"""A page this short has no distribution to split."""

_COLUMN = {name: j for j, name in enumerate(features.FEATURE_NAMES)}


@dataclass(frozen=True, slots=True)
class PageThresholdGate:
    """The fitted forest, how far below the model's threshold a page may go, and the gain above
    which it does."""

    forest: Forest
    margin: float
    min_gain: float
    version: str

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> PageThresholdGate:
        return cls(
            forest=GATE_SPEC.forest(doc),
            margin=float(doc["margin"]),
            min_gain=float(doc["min_gain"]),
            version=str(doc["version"]),
        )

    def gain(self, figures: npt.NDArray[np.float32]) -> float:
        """The predicted body-F1 gain of the lowered threshold on this page."""
        return page_gain(self.forest, figures)

    def lower(self, figures: npt.NDArray[np.float32]) -> bool:
        return self.gain(figures) > self.min_gain


@cache
def page_threshold_gate() -> PageThresholdGate:
    """The shipped gate, loaded once per process."""
    with GATE_PATH.open(encoding="utf-8") as handle:
        return PageThresholdGate.from_dict(json.load(handle))


def split_threshold(proba: npt.NDArray[np.float64]) -> float:
    """Where the page's body probabilities split best in two (Otsu's between-class variance).

    Midway between the two neighbouring scores of the best cut, so it is a threshold the lines
    above it pass and the ones below fail.
    """
    scores = np.sort(np.asarray(proba, dtype=np.float64))
    n = len(scores)
    if n < 2:
        return float(scores[0]) if n else 0.5
    below = np.arange(1, n, dtype=np.float64)
    above = n - below
    sums = np.cumsum(scores)[:-1]
    total = float(scores.sum())
    mean_below = sums / below
    mean_above = (total - sums) / above
    variance = below * above * (mean_below - mean_above) ** 2
    cut = int(np.argmax(variance))
    return float((scores[cut] + scores[cut + 1]) / 2)


def lowered_threshold(proba: npt.NDArray[np.float64], threshold: float, margin: float) -> float:
    """The page's own split, never above the model's threshold nor more than ``margin`` below."""
    if len(proba) < MIN_LINES:
        return threshold
    return min(threshold, max(split_threshold(proba), threshold - margin))


def page_figures(
    lengths: Sequence[int],
    lines: npt.NDArray[np.float32],
    proba: npt.NDArray[np.float64],
    strong: Sequence[bool],
    base: Sequence[Decision],
    lowered: Sequence[Decision],
    threshold: float,
    lowered_to: float,
) -> npt.NDArray[np.float32]:
    """The gate's figures for one page: ``lengths`` its lines' characters, ``lines`` their
    feature matrix, ``strong`` the lines the clutter lexicon names with certainty, ``base`` and
    ``lowered`` the decisions at the model's threshold and at ``lowered_to``."""
    n = len(lengths)
    size = np.asarray(lengths, dtype=np.float64)
    total = max(float(size.sum()), 1.0)
    p = np.asarray(proba, dtype=np.float64)
    body = np.fromiter((d.is_body for d in base), dtype=bool, count=n)
    added = np.fromiter((d.is_body for d in lowered), dtype=bool, count=n) & ~body
    sure = p >= threshold
    middle = (p >= lowered_to) & ~sure
    sentence_end = lines[:, _COLUMN["sentence_end"]] > 0
    bullet = lines[:, _COLUMN["bullet"]] > 0
    unspaced = lines[:, _COLUMN["unspaced_share"]] > 0
    body_at = np.flatnonzero(body)
    after = np.zeros(n, dtype=bool)
    before = np.zeros(n, dtype=bool)
    if len(body_at):
        after[body_at[-1] + 1 :] = True
        before[: body_at[0]] = True
    runs = int(np.count_nonzero(body[1:] & ~body[:-1])) + int(bool(n) and bool(body[0]))
    added_chars = float(size[added].sum())

    def share(mask: npt.NDArray[np.bool_]) -> float:
        return float(size[mask].sum()) / total

    def of_added(mask: npt.NDArray[np.bool_]) -> float:
        return float(mask[added].mean()) if added.any() else 0.0

    values = [
        math.log1p(n),
        math.log1p(total),
        share(sure),
        share(middle),
        lowered_to,
        threshold - lowered_to,
        float((size * p).sum()) / total,
        float((size < SHORT_LINE_CHARS).mean()) if n else 0.0,
        float(np.median(size)) if n else 0.0,
        share(body),
        share(added),
        added_chars / max(float(size[body].sum()), 1.0),
        of_added(sentence_end),
        of_added(bullet),
        float(np.median(size[added])) if added.any() else 0.0,
        float(p[added].mean()) if added.any() else 0.0,
        runs / max(int(body.sum()), 1),
        share(np.asarray(strong, dtype=bool)),
        float(bullet.mean()) if n else 0.0,
        float(size[added & after].sum()) / max(added_chars, 1.0),
        float(size[added & before].sum()) / max(added_chars, 1.0),
        float(unspaced.mean()) if n else 0.0,
        float(p[sure].mean()) if sure.any() else 0.0,
        float(sure.mean()) if n else 0.0,
    ]
    return np.asarray(values, dtype=np.float32)
