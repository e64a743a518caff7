"""Page gates with a fixed verdict, so a test of what a verdict does is not a test of the gate."""

from __future__ import annotations

from typing import Any

from article_normalizer.normalize.html import page_trust, rendering_choice
from article_normalizer.normalize.lines import page_threshold


def constant_forest(value: float) -> dict[str, Any]:
    """A forest of one leaf: ``value`` for every row."""
    return {
        "max_depth": 0,
        "roots": [0],
        "feature": [0],
        "split": [None],
        "left": [0],
        "right": [0],
        "value": [value],
    }


def gate_document(gain: float, **changes: Any) -> dict[str, Any]:
    """An HTML page gate file whose single tree predicts ``gain`` for every page."""
    document: dict[str, Any] = {
        "format": page_trust.GATE_FORMAT,
        "version": "test",
        "feature_version": page_trust.GATE_FEATURE_VERSION,
        "feature_names": list(page_trust.FEATURE_NAMES),
        "threshold": 0.0,
        "forest": constant_forest(gain),
    }
    document.update(changes)
    return document


def text_gate_document(gain: float, margin: float = 0.3, **changes: Any) -> dict[str, Any]:
    """A text page threshold gate file whose single tree predicts ``gain`` for every page."""
    document: dict[str, Any] = {
        "format": page_threshold.GATE_FORMAT,
        "version": "test",
        "feature_version": page_threshold.GATE_FEATURE_VERSION,
        "feature_names": list(page_threshold.FEATURE_NAMES),
        "margin": margin,
        "min_gain": 0.0,
        "forest": constant_forest(gain),
    }
    document.update(changes)
    return document


def constant_gate(gain: float) -> page_trust.PageGate:
    """A gate that trusts the extractor on every page when ``gain`` <= 0, on none above."""
    return page_trust.PageGate.from_dict(gate_document(gain))


ACTING_ON_DOUBT = constant_gate(1.0)
"""Never trusts the extractor: the markup floors alone decide."""


def rendering_gate_document(gain: float, **changes: Any) -> dict[str, Any]:
    """An HTML rendering gate file whose single tree predicts ``gain`` for every page."""
    document: dict[str, Any] = {
        "format": rendering_choice.GATE_FORMAT,
        "version": "test",
        "feature_version": rendering_choice.GATE_FEATURE_VERSION,
        "feature_names": list(rendering_choice.FEATURE_NAMES),
        "threshold": 0.0,
        "forest": constant_forest(gain),
    }
    document.update(changes)
    return document


def constant_rendering_gate(gain: float) -> rendering_choice.RenderingGate:
    """A gate that takes the page-text reading on every page when ``gain`` > 0, on none else."""
    return rendering_choice.RenderingGate.from_dict(rendering_gate_document(gain))
