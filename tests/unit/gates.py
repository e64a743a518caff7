"""Page gates with a fixed verdict, so a test of what a verdict does is not a test of the gate."""

from __future__ import annotations

from typing import Any

from article_normalizer.normalize.html import page_trust, rendering_choice
from article_normalizer.normalize.lines import page_threshold
from article_normalizer.normalize.lines.forest import GateSpec


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


def _gate_file(spec: GateSpec, gain: float, **fields: Any) -> dict[str, Any]:
    """A gate file of ``spec``'s format whose single tree predicts ``gain`` for every page."""
    return {
        "format": spec.format,
        "version": "test",
        "feature_version": spec.feature_version,
        "feature_names": list(spec.feature_names),
        "forest": constant_forest(gain),
        **fields,
    }


def gate_document(gain: float, **changes: Any) -> dict[str, Any]:
    """An HTML page gate file whose single tree predicts ``gain`` for every page."""
    return _gate_file(page_trust.GATE_SPEC, gain, **{"threshold": 0.0, **changes})


def text_gate_document(gain: float, margin: float = 0.3, **changes: Any) -> dict[str, Any]:
    """A text page threshold gate file whose single tree predicts ``gain`` for every page."""
    return _gate_file(
        page_threshold.GATE_SPEC, gain, **{"margin": margin, "min_gain": 0.0, **changes}
    )


def constant_gate(gain: float) -> page_trust.PageGate:
    """A gate that trusts the extractor on every page when ``gain`` <= 0, on none above."""
    return page_trust.PageGate.from_dict(gate_document(gain))


ACTING_ON_DOUBT = constant_gate(1.0)
"""Never trusts the extractor: the markup floors alone decide."""


def rendering_gate_document(gain: float, **changes: Any) -> dict[str, Any]:
    """An HTML rendering gate file whose single tree predicts ``gain`` for every page and whose
    bounds admit any page text (unless ``changes`` set them)."""
    settings = {"threshold": 0.0, "min_extraction_kept": 0.0, "max_page_text_held": 2.0}
    return _gate_file(rendering_choice.GATE_SPEC, gain, **{**settings, **changes})


def constant_rendering_gate(gain: float, **changes: Any) -> rendering_choice.RenderingGate:
    """A gate that takes the page-text reading on every page when ``gain`` > 0, on none else
    (within the bounds ``changes`` set, if any)."""
    return rendering_choice.RenderingGate.from_dict(rendering_gate_document(gain, **changes))
