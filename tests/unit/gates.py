"""Page gates with a fixed verdict, so a test of HTML mode's floors is not a test of the gate."""

from __future__ import annotations

from typing import Any

from article_normalizer.normalize.html import page_trust


def gate_document(gain: float, **changes: Any) -> dict[str, Any]:
    """A gate file whose single tree predicts ``gain`` for every page."""
    document: dict[str, Any] = {
        "format": page_trust.GATE_FORMAT,
        "version": "test",
        "feature_version": page_trust.GATE_FEATURE_VERSION,
        "feature_names": list(page_trust.FEATURE_NAMES),
        "threshold": 0.0,
        "forest": {
            "max_depth": 0,
            "roots": [0],
            "feature": [0],
            "split": [None],
            "left": [0],
            "right": [0],
            "value": [gain],
        },
    }
    document.update(changes)
    return document


def constant_gate(gain: float) -> page_trust.PageGate:
    """A gate that trusts the extractor on every page when ``gain`` <= 0, on none above."""
    return page_trust.PageGate.from_dict(gate_document(gain))


ACTING_ON_DOUBT = constant_gate(1.0)
"""Never trusts the extractor: the markup floors alone decide."""
