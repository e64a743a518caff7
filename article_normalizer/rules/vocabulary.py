"""What each value of the answer's closed vocabularies means, from ``data/vocabulary.toml``.

The values are typed in :mod:`article_normalizer.normalize.models` (mypy checks every stage against
them);
their meanings are prose for people, so they live in a data file the spec is built from.
"""

from __future__ import annotations

from functools import cache

from article_normalizer.rules import load_toml


@cache
def block_kind_descriptions() -> dict[str, str]:
    """One line per kind of removed line, in the order the file lists them."""
    return {str(k): str(v) for k, v in load_toml("vocabulary.toml")["kinds"].items()}


@cache
def warning_descriptions() -> dict[str, str]:
    """One line per warning code, in the order the file lists them."""
    return {str(k): str(v) for k, v in load_toml("vocabulary.toml")["warnings"].items()}
