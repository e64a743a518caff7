"""Hostile HTML pages, built once for every test that feeds them to a stage.

They are made at import rather than stored: 20 MB of one tag does not belong in the repo.
"""

from __future__ import annotations

import pytest

NESTED_DIVS = pytest.param(
    "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>",
    id="100k-nested-divs",
)
ONE_HUGE_TAG = pytest.param(
    "<html><body><p>" + "a" * 20_000_000 + "</p></body></html>", id="20MB-tag"
)
SINGLE_SCRIPT = pytest.param("<script>" + "var x = 1;" * 10_000 + "</script>", id="single-script")
BINARY = pytest.param(bytes(range(256)).decode("latin-1") * 4000, id="binary")
