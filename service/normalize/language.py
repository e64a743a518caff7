"""Language identification of the document (ISO 639-1)."""

from __future__ import annotations

from functools import cache

from service.normalize.blocks import Block

_SAMPLE_CHARS = 4000
"""Enough prose for a stable guess; more only costs time."""


@cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(blocks: list[Block], hint: str | None = None) -> str | None:
    """The hint when given, else the language of the document's longest lines.

    Long lines are sampled because menus and tickers are short and often English even on
    pages in other languages.
    """
    if hint:
        return hint.lower()
    longest = sorted(blocks, key=lambda b: len(b.text), reverse=True)
    sample: list[str] = []
    size = 0
    for block in longest:
        sample.append(block.text)
        size += len(block.text)
        if size >= _SAMPLE_CHARS:
            break
    text = "\n".join(sample)
    if sum(ch.isalpha() for ch in text) < 20:
        return None
    lang, prob = _identifier().classify(text)  # type: ignore[attr-defined]
    return str(lang) if prob >= 0.5 else None
