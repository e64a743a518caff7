"""The kind model: names the non-body lines of page text from their context.

The rules of :mod:`article_normalizer.normalize.lines.kinds` name a line by what it says ("Privacy
Policy",
"Leave a Reply") and by a few shapes; what they cannot see is where the line sits. A menu
link at the top of a page is ``navigation``, the same kind of link under the article among
"About us" and "Terms" is ``footer``, and short lines after a "12 Comments" heading are
readers' ``comment``s. The kind model is a multiclass gradient-boosted forest over
:mod:`article_normalizer.normalize.lines.kind_features`, trained by ``bench/train_kinds.py``
on the kinds that the dev pages' markup gives their lines (the silver labels of
``bench/kinds.py``), with cross-validation grouped by site; ``model/MODEL_CARD.md`` has its
figures and provenance.

It only renames: which lines are body is decided before it runs and never changes here. A
line keeps the rules' name when that is a kind the model has no class for (``ticker``,
``section_label``), when its own words made it certain clutter of one of the model's ``kept``
kinds, when
the model's best class is ``body`` (the line reads like
article text: the model cannot say what else it is) or when its probability is below the
model's ``min_confidence``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines import kind_features
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.forest import Forest, GateSpec, ModelFormatError
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import LanguageProfile

KIND_MODEL_FORMAT = "gbdt-multiclass-arrays/1"
KIND_MODEL_FILE = "kind-classifier.json"
KIND_MODEL_PATH = Path(
    str(resources.files("article_normalizer.normalize.lines") / "model" / KIND_MODEL_FILE)
)

KIND_MODEL_SPEC = GateSpec(
    name="kind model",
    format=KIND_MODEL_FORMAT,
    feature_version=kind_features.KIND_FEATURE_VERSION,
    feature_names=kind_features.FEATURE_NAMES,
    trainer="bench/train_kinds.py",
)

MAX_LINES = 2_000
"""Pages with more non-body lines than this keep the rules' names. Real pages have a few
hundred lines (the dev corpora's largest about 600); past this the page is junk or a dump, the
features and the forest cost time and memory in proportion to its lines (a 20,000-line junk
text: +1.1 s and a (lines x trees) array of about 100 MB), and the document may already be near
its time budget."""


@dataclass(frozen=True, slots=True)
class KindModel:
    """One forest of every class's trees, interleaved as LightGBM trains them (tree ``t``
    scores class ``t % len(classes)``), walked in one pass; a line's class probabilities are
    the softmax of the classes' summed leaf values."""

    classes: tuple[str, ...]
    forest: Forest | None
    min_confidence: float
    version: str
    kept: frozenset[str] = frozenset()
    """Kinds that stand whatever the model says when the line's own words made it certain
    clutter (:func:`kinds.strong_clutter`, reason ``lexicon:...``): "Leave a Reply" is the
    comment form even where the page's markup puts it inside the comments section."""
    kept_reasons: frozenset[str] = frozenset()
    """Reasons (words of :attr:`Decision.reason`) whose name stands whatever the model says:
    rules that read what the line says, where the model reads its neighbours. An outlet
    describing itself after the body (``context:self_description``, "This is a global news
    portal for ...") is the footer, though a comment form below it made the model say
    otherwise."""

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> KindModel:
        forest = KIND_MODEL_SPEC.forest(doc)
        classes = tuple(str(c) for c in doc["classes"])
        if len(forest.roots) % len(classes):
            raise ModelFormatError("kind model: the trees do not divide among the classes")
        return cls(
            classes=classes,
            forest=forest,
            min_confidence=float(doc["min_confidence"]),
            version=str(doc["version"]),
            kept=frozenset(str(k) for k in doc.get("kept_lexicon_kinds", ())),
            kept_reasons=frozenset(str(r) for r in doc.get("kept_reasons", ())),
        )

    def predict(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Class probabilities, one row per line, columns in :attr:`classes` order."""
        if rows.shape[0] == 0 or self.forest is None:
            return np.zeros((rows.shape[0], len(self.classes)), dtype=np.float64)
        leaves = self.forest.leaf_values(rows)
        scores = leaves.reshape(rows.shape[0], -1, len(self.classes)).sum(axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return probabilities


@cache
def kind_model() -> KindModel:
    """The shipped kind model, loaded once per process."""
    with KIND_MODEL_PATH.open(encoding="utf-8") as handle:
        return KindModel.from_dict(json.load(handle))


def rename(
    blocks: Sequence[Block],
    decisions: list[Decision],
    profile: LanguageProfile,
    model: KindModel | None = None,
) -> None:
    """Give each non-body line the kind the model is confident of, in place.

    ``decisions`` are final as to the body; only non-body lines' kinds and reasons change.
    """
    if sum(not d.is_body for d in decisions) > MAX_LINES:
        return
    model = model or kind_model()
    indexes, rows = kind_features.kind_features(blocks, decisions, profile)
    if indexes:
        choose(decisions, indexes, model.predict(rows), model)


def choose(
    decisions: list[Decision],
    indexes: Sequence[int],
    probabilities: npt.NDArray[np.float64],
    model: KindModel,
) -> None:
    """Rename the lines ``indexes`` by their class ``probabilities`` (rows in that order).

    Separate from :func:`rename` so training can try decision settings on out-of-fold
    probabilities without predicting again.
    """
    best = probabilities.argmax(axis=1)
    for row, i in enumerate(indexes):
        decision = decisions[i]
        if decision.kind != "other" and decision.kind not in model.classes:
            # A kind the silver labels cannot express (ticker, section_label): the model never
            # learned to tell it, so it is not the model's to overrule.
            continue
        if decision.kind in model.kept and decision.reason.startswith("lexicon:"):
            continue
        if model.kept_reasons.intersection(decision.reason.split()):
            continue
        kind = model.classes[int(best[row])]
        confidence = float(probabilities[row, best[row]])
        if kind == BODY or confidence < model.min_confidence:
            continue
        if kind != decision.kind:
            decision.reason = f"{decision.reason} kind_model:{confidence:.2f}"
            decision.kind = kind
