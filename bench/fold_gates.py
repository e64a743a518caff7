"""The text page threshold gate of a cross-validation fold, beside its line model.

``bench.train_text_gate --fold-gates`` writes ``text-gate-fold<k>.json`` next to each
``fold<k>.json``; a bench that runs a page with its fold's line model runs it with that fold's
gate too, so the page's threshold is chosen by a gate that never saw its site either.
"""

from __future__ import annotations

import json
from pathlib import Path

from article_normalizer.normalize.lines import page_threshold

_GATES: dict[Path, page_threshold.PageThresholdGate] = {}


def use_fold_text_gate(fold_model: Path) -> None:
    """Make the pipeline read the text gate fitted beside ``fold_model``, where there is one."""
    path = fold_model.with_name(f"text-gate-{fold_model.name}")
    if not path.exists():
        return
    gate = _GATES.get(path)
    if gate is None:
        document = json.loads(path.read_text(encoding="utf-8"))
        gate = _GATES[path] = page_threshold.PageThresholdGate.from_dict(document)
    page_threshold.page_threshold_gate = lambda: gate  # type: ignore[assignment]
