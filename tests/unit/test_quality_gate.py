"""Regression gate: body F1 on a fixed subsample of the dev corpus must not fall.

Reads ``../shared/corpus/dev.jsonl.gz`` at test time (skipped when absent). The floors sit a
little below what ``bench/train_classifier.py`` and ``bench.quality`` measured on the same
pages, so a real regression fails while run-to-run noise does not (the pipeline is
deterministic; the margin absorbs deliberate small trade-offs elsewhere in the pipeline).
Note the shipped model was trained on all dev pages, so these figures are optimistic for
unseen sites: the cross-validated ones are in
``article_normalizer/normalize/lines/model/MODEL_CARD.md``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.language import detect_language
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.lines.classify import classify
from article_normalizer.rules import profile
from bench.corpus import DevPage, load_dev, subsample
from bench.scoring import body_counts, body_scores, with_dateline
from tests.conftest import CORPUS, SHARED

pytestmark = pytest.mark.corpus

SAMPLE = 150
CLASSIFIER_FLOOR = 0.92
"""Measured 0.930 (model v2, 2026-12-02; v1 measured 0.952). v2 is trained on multidev as well
as dev, so it fits dev less closely in sample: its cross-validated dev F1 is 0.927 against v1's
0.930, while multidev's rose from 0.822 to 0.858 (see MODEL_CARD.md)."""
PIPELINE_FLOOR = 0.925
"""Measured 0.935 (model v2; v1 measured 0.955, with the title, dateline and field stages of
that day)."""
NOW = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pages() -> list[DevPage]:
    if not (CORPUS / "dev.jsonl.gz").is_file():
        pytest.skip("../shared/corpus/dev.jsonl.gz is not present")
    return subsample(load_dev(SHARED), SAMPLE)


def test_classifier_body_f1_floor(pages: list[DevPage]) -> None:
    counts = []
    for page in pages:
        blocks, _ = split_blocks(page.text)
        decisions = classify(blocks, profile(detect_language(blocks)))
        body = "\n\n".join(b.text for b, d in zip(blocks, decisions, strict=True) if d.is_body)
        counts.append(body_counts(body, page.gt["body"]))
    scores = body_scores(counts)
    assert scores.f1 >= CLASSIFIER_FLOOR, scores


def test_pipeline_body_f1_floor(pages: list[DevPage]) -> None:
    counts = []
    for page in pages:
        article = normalize(RawDocument(text=page.text, url=page.url), now=NOW)
        body = with_dateline(article.body, article.dateline.text if article.dateline else None)
        counts.append(body_counts(body, page.gt["body"]))
    scores = body_scores(counts)
    assert scores.f1 >= PIPELINE_FLOOR, scores
