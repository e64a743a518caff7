"""The models and gates of a cross-validation fold, beside its line model.

``make model`` and ``make bench-cv`` write each fold's line model (``fold<k>.json``) and, next
to it, the gates fitted on that fold's out-of-fold decisions: ``text-gate-fold<k>.json`` (text
mode's page threshold), ``gate-fold<k>.json`` (HTML mode's page gate) and
``rendering-gate-fold<k>.json`` (HTML mode's choice of reading). A bench that runs a page with
its fold's line model runs it with that fold's gates too, so every decision on the page is made
by models that never saw its site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from article_normalizer.normalize.lines import page_threshold

_LOADED: dict[Path, Any] = {}


def _load(path: Path, build: Callable[[dict[str, Any]], Any]) -> Any:
    loaded = _LOADED.get(path)
    if loaded is None:
        loaded = _LOADED[path] = build(json.loads(path.read_text(encoding="utf-8")))
    return loaded


def use_fold_text_gate(fold_model: Path) -> None:
    """Make the pipeline read the text gate fitted beside ``fold_model``, where there is one."""
    path = fold_model.with_name(f"text-gate-{fold_model.name}")
    if not path.exists():
        return
    gate = _load(path, page_threshold.PageThresholdGate.from_dict)
    page_threshold.page_threshold_gate = lambda: gate  # type: ignore[assignment]


def use_fold_line_model(fold_model: Path) -> None:
    """Make the pipeline judge lines with ``fold_model`` (loaded once per process)."""
    from article_normalizer.normalize.lines import classify

    line_model = _load(fold_model, classify.LineModel.from_dict)
    classify.model = lambda: line_model  # type: ignore[assignment]


def use_fold_models(fold_model: Path, *, rendering: bool = True) -> None:
    """Run the pipeline with the fold's line model and every gate fitted beside it.

    ``rendering=False`` leaves out the rendering gate, for its own trainer: the file beside the
    fold model is the one being refitted, perhaps in a format the code has moved on from.
    """
    from article_normalizer.normalize.html import page_trust, rendering_choice

    use_fold_line_model(fold_model)
    use_fold_text_gate(fold_model)
    page_gate_path = fold_model.with_name(f"gate-{fold_model.name}")
    if page_gate_path.exists():
        page_gate = _load(page_gate_path, page_trust.PageGate.from_dict)
        page_trust.page_gate = lambda: page_gate  # type: ignore[assignment]
    rendering_path = fold_model.with_name(f"rendering-gate-{fold_model.name}")
    if rendering and rendering_path.exists():
        gate = _load(rendering_path, rendering_choice.RenderingGate.from_dict)
        rendering_choice.rendering_gate = lambda: gate  # type: ignore[assignment]
