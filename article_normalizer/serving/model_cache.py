"""Where the command line keeps the decompressed language model, for its worker processes too.

The core takes the directory as an argument (:func:`article_normalizer.normalize.language.
use_model_cache`) and reads no environment. Worker processes started by ``spawn`` or a fork
server do not share this process's memory, so the setting travels to them in an environment
variable, read when a process warms up (:func:`article_normalizer.serving.execution.warm_up`).
"""

from __future__ import annotations

import os
from pathlib import Path

from article_normalizer.normalize.language import use_model_cache

MODEL_CACHE_ENV = "ARTICLE_NORMALIZER_MODEL_CACHE"
"""Names a directory for a decompressed copy of the language model; unset: none."""


def set_model_cache(directory: Path | None) -> None:
    """Use ``directory`` in this process and in the processes it starts from now on."""
    if directory is None:
        os.environ.pop(MODEL_CACHE_ENV, None)
    else:
        os.environ[MODEL_CACHE_ENV] = str(directory)
    use_model_cache(directory)


def model_cache_from_environment() -> None:
    """Use the directory the starting process set, if it set one."""
    directory = os.environ.get(MODEL_CACHE_ENV)
    if directory:
        use_model_cache(Path(directory))
