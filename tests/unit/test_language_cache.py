"""The decompressed language-model cache the command line uses to start fast."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from article_normalizer.normalize import language
from article_normalizer.serving.model_cache import (
    MODEL_CACHE_ENV,
    model_cache_from_environment,
    set_model_cache,
)

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


def test_the_setting_travels_to_started_processes_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MODEL_CACHE_ENV, raising=False)
    monkeypatch.setattr(language, "_MODEL_CACHE", {})
    set_model_cache(tmp_path)
    assert os.environ[MODEL_CACHE_ENV] == str(tmp_path)
    assert {"directory": tmp_path} == language._MODEL_CACHE
    set_model_cache(None)
    assert MODEL_CACHE_ENV not in os.environ
    assert language._MODEL_CACHE == {}


def test_a_started_process_takes_the_setting_from_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "_MODEL_CACHE", {})
    monkeypatch.setenv(MODEL_CACHE_ENV, str(tmp_path))
    model_cache_from_environment()
    assert {"directory": tmp_path} == language._MODEL_CACHE


def test_the_cli_leaves_the_environment_as_it_found_it(tmp_path: Path) -> None:
    import io

    from article_normalizer.cli import main

    page = tmp_path / "p.txt"
    page.write_text("World\n\n" + PROSE + "\n", encoding="utf-8")
    before = os.environ.get(MODEL_CACHE_ENV)
    main(["normalize", str(page), "--model-cache", str(tmp_path / "c")], stdout=io.BytesIO())
    assert os.environ.get(MODEL_CACHE_ENV) == before
