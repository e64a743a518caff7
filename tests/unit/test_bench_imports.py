"""Every benchmark module imports: a core refactor that moves a name breaks the bench that
reads it at once, not the next time someone runs ``make bench-quality``."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bench
import bench.perf

MODULES = sorted(
    {f"bench.{m.name}" for m in pkgutil.iter_modules(bench.__path__)}
    | {f"bench.perf.{m.name}" for m in pkgutil.iter_modules(bench.perf.__path__)}
)


def test_the_benches_are_found() -> None:
    assert "bench.quality" in MODULES
    assert "bench.page_kinds" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name: str) -> None:
    importlib.import_module(name)
