"""The compiled forest walk against the numpy reference, on every forest the package ships."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import msgspec
import numpy as np
import numpy.typing as npt
import pytest

from article_normalizer.normalize import NormalizeError, RawDocument, normalize
from article_normalizer.normalize.fields.title import ranker
from article_normalizer.normalize.html.page_trust import page_gate
from article_normalizer.normalize.lines import forest as forest_mod
from article_normalizer.normalize.lines.classify import model
from article_normalizer.normalize.lines.forest import Forest
from article_normalizer.normalize.lines.kind_model import kind_model
from tests.conftest import CORPUS


def _shipped() -> list[tuple[str, Forest]]:
    forests = [(f"line model stage {i}", stage) for i, stage in enumerate(model().stages)]
    kinds = kind_model().forest
    if kinds is not None:
        forests.append(("kind model", kinds))
    forests.append(("html page gate", page_gate().forest))
    forests.append(("title ranker", ranker().forest))
    return forests


def _rows(forest: Forest, rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """Rows that reach many leaves: random values, missing ones, infinities, and each split's
    own threshold (where ``<=`` sends a row left), as float32 like the feature matrices."""
    width = int(forest.feature.max()) + 1
    x = rng.normal(scale=3.0, size=(600, width)).astype(np.float32)
    x[rng.random(x.shape) < 0.05] = np.nan
    x[rng.random(x.shape) < 0.01] = np.inf
    x[rng.random(x.shape) < 0.01] = -np.inf
    inner = np.isfinite(forest.split)
    for row, node in enumerate(np.flatnonzero(inner)[: len(x)]):
        x[row, forest.feature[node]] = forest.split[node]
    return x


def test_the_package_was_built_with_its_compiled_walk() -> None:
    # A build without the extension still works (the numpy walk) but at the old speed.
    assert forest_mod.COMPILED


@pytest.mark.parametrize("name", [name for name, _ in _shipped()])
def test_compiled_and_numpy_walks_reach_the_same_leaves(name: str) -> None:
    forest = dict(_shipped())[name]
    x = _rows(forest, np.random.default_rng(11))
    compiled = forest.leaf_values(x, compiled=True)
    reference = forest.leaf_values(x, compiled=False)
    assert compiled.shape == (len(x), len(forest.roots))
    assert compiled.tobytes() == reference.tobytes()
    assert forest.raw_score(x).tobytes() == reference.sum(axis=1).tobytes()


def test_both_walks_split_a_stump_at_its_threshold() -> None:
    # Feature 1 <= 0.5 -> -1, else +2 (NaN goes left); plus a one-leaf tree of 0.5. Five
    # trees in all, so the compiled walk's group of four and its remainder both run.
    forest = Forest.from_dict(
        {
            "roots": [0, 3, 3, 0, 3],
            "feature": [1, 0, 0, 0],
            "split": [0.5, None, None, None],
            "left": [1, 1, 2, 3],
            "right": [2, 1, 2, 3],
            "value": [0.0, -1.0, 2.0, 0.5],
            "max_depth": 1,
        }
    )
    x = np.array([[9, 0.2], [9, 0.5], [9, 0.9], [9, np.nan]], dtype=np.float32)
    for compiled in (True, False):
        values = forest.leaf_values(x, compiled=compiled)
        assert values[:, 0].tolist() == [-1.0, -1.0, 2.0, -1.0]
        assert values[:, 1].tolist() == [0.5] * 4
        assert forest.leaf_values(x[:0], compiled=compiled).shape == (0, 5)


def test_a_float64_or_strided_matrix_is_walked_like_its_float32_copy() -> None:
    forest = model().stages[0]
    x = _rows(forest, np.random.default_rng(3))
    wide = np.repeat(x.astype(np.float64), 2, axis=1)[:, ::2]  # not contiguous
    assert forest.leaf_values(wide).tobytes() == forest.leaf_values(x, compiled=False).tobytes()


@pytest.mark.corpus
def test_dev_pages_get_the_same_articles_from_either_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole corpora are checked with bench.dump_articles --compare; this keeps a sample in
    # the suite: every forty-fifth dev page, text and HTML.
    path = CORPUS / "dev.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    now = datetime(2024, 1, 1, tzinfo=UTC)
    defaults = Forest.leaf_values.__kwdefaults__
    assert defaults is not None
    compared = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, raw in enumerate(handle):
            if n % 45:
                continue
            row = json.loads(raw)
            docs = [RawDocument(id=str(n), url=row.get("url"), text=row["text_inscriptis"] or "")]
            if row.get("html"):
                docs.append(RawDocument(id=str(n), url=row.get("url"), html=row["html"]))
            for doc in docs:
                answers = []
                for compiled in (True, False):
                    monkeypatch.setitem(defaults, "compiled", compiled)
                    try:
                        answers.append(msgspec.json.encode(normalize(doc, now=now)))
                    except NormalizeError as exc:
                        answers.append(type(exc).__name__.encode())
                assert answers[0] == answers[1], doc.id
                compared += 1
    assert compared > 50
