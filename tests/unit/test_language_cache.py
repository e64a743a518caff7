"""The decompressed language-model cache the command line uses to start fast."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from article_normalizer.normalize import language

PROSE = "The port authority on Monday approved a plan to expand the city harbour, officials said."


def _model_path() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def test_the_cached_model_is_the_decompressed_model(tmp_path: Path) -> None:
    fresh = language._load_model(_model_path())
    written = language._load_cached_model(_model_path(), tmp_path)  # writes, then maps
    mapped = language._load_cached_model(_model_path(), tmp_path)  # maps what is there
    assert written is not None and mapped is not None
    (cache,) = tmp_path.iterdir()
    assert cache.name.startswith("langid-") and len(list(cache.glob("*.npy"))) == 6
    for ours, theirs in zip(fresh, mapped, strict=True):
        if isinstance(ours, np.ndarray):
            assert np.array_equal(ours, theirs)
        else:
            assert ours == theirs


def test_an_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert language._load_cached_model(_model_path(), blocker / "cache") is None


def test_the_setting_travels_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(language.MODEL_CACHE_ENV, raising=False)
    language.use_model_cache(tmp_path)
    assert os.environ[language.MODEL_CACHE_ENV] == str(tmp_path)
    language.use_model_cache(None)
    assert language.MODEL_CACHE_ENV not in os.environ


def test_the_cli_leaves_the_environment_as_it_found_it(tmp_path: Path) -> None:
    import io

    from article_normalizer.cli import main

    page = tmp_path / "p.txt"
    page.write_text("World\n\n" + PROSE + "\n", encoding="utf-8")
    before = os.environ.get(language.MODEL_CACHE_ENV)
    main(["normalize", str(page), "--model-cache", str(tmp_path / "c")], stdout=io.BytesIO())
    assert os.environ.get(language.MODEL_CACHE_ENV) == before
