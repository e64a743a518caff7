"""Guard rails for the layout: the core stays pure, and no module imports its way back round.

Both walk the source with ``ast`` (imports inside functions included), so a lazy import
cannot slip a web dependency into the core or close a cycle unseen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import article_normalizer

PACKAGE_ROOT = Path(article_normalizer.__file__).parent
PACKAGE = "article_normalizer"
CORE = ("article_normalizer.normalize", "article_normalizer.rules")
"""The pure core: text or HTML in, a typed article out; no web, no environment."""

BANNED_IN_CORE = (
    "litestar",
    "gunicorn",
    "uvicorn",
    "uvicorn_worker",
    "httpx",
    "prometheus_client",
    "article_normalizer.api",
)
"""Modules the core must never import (a prefix bans the package and its submodules)."""

ALLOWED_ENVIRONMENT_READS: list[str] = []
"""Core modules that still read the environment, each to be fixed and then deleted from this
list."""

ALLOWED_CYCLES: list[frozenset[str]] = []
"""Known import cycles, each to be broken and then deleted from this list."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` statement reads from."""
    if node.level == 0:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imported(module: str, path: Path, known: set[str]) -> Iterator[str]:
    """Every module ``path`` imports, at any depth of its code; ``from pkg import sub`` counts
    as importing ``pkg.sub`` when that is a module of the package."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node)
            subs = [f"{base}.{alias.name}" for alias in node.names]
            found = [sub for sub in subs if sub in known]
            yield from found
            if len(found) < len(subs):
                yield base


def environment_reads(source: str) -> list[str]:
    """``os.environ`` / ``os.getenv`` / ``os.putenv`` uses and ``from os import environ``-style
    imports in ``source``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in {"environ", "getenv", "putenv", "environb", "getenvb"}
        ):
            found.append(f"os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [
                f"from os import {alias.name}"
                for alias in node.names
                if alias.name in {"environ", "getenv", "putenv", "environb", "getenvb"}
            ]
    return found


def banned(name: str) -> bool:
    return any(name == ban or name.startswith(f"{ban}.") for ban in BANNED_IN_CORE)


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    known = set(modules)
    return {
        name: {dep for dep in imported(name, path, known) if dep in known and dep != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of ``graph`` with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        # Recursion depth is bounded by the package's module count (under a hundred).
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_core_imports_no_web_code_and_reads_no_environment() -> None:
    modules = package_modules()
    known = set(modules)
    offences = []
    for name, path in modules.items():
        if not name.startswith(CORE):
            continue
        offences += [f"{name} imports {dep}" for dep in imported(name, path, known) if banned(dep)]
        if name not in ALLOWED_ENVIRONMENT_READS:
            reads = environment_reads(path.read_text("utf-8"))
            offences += [f"{name}: {read}" for read in reads]
    assert not offences, "\n".join(offences)


SERVING = "article_normalizer.serving"
"""What the API, the command line and the library share: it may read the environment (the
settings), but never needs the web framework, so the command line and the library load none."""


def test_the_serving_layer_imports_no_web_code() -> None:
    modules = package_modules()
    known = set(modules)
    offences = [
        f"{name} imports {dep}"
        for name, path in modules.items()
        if name.startswith(SERVING)
        for dep in imported(name, path, known)
        if banned(dep)
    ]
    assert not offences, "\n".join(offences)


def test_the_core_scan_sees_what_it_bans(tmp_path: Path) -> None:
    # The scanner must flag each form it claims to, or the test above passes vacuously.
    source = (
        "import os\n"
        "def f():\n"
        "    from litestar import Litestar\n"
        "    import prometheus_client.core\n"
        "    return os.environ.get('X'), os.getenv('Y')\n"
        "from article_normalizer.api import app\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    deps = list(imported("probe", path, set()))
    assert sorted(dep for dep in deps if banned(dep)) == [
        "article_normalizer.api",
        "litestar",
        "prometheus_client.core",
    ]
    assert sorted(environment_reads(source)) == ["os.environ", "os.getenv"]
    assert environment_reads("from os import environ\n") == ["from os import environ"]


def test_no_import_cycles_but_the_listed_ones() -> None:
    found = cycles(import_graph())
    new = [sorted(c) for c in found if c not in ALLOWED_CYCLES]
    assert not new, f"import cycles: {new}"


def test_the_allowed_environment_reads_still_exist() -> None:
    modules = package_modules()
    stale = [m for m in ALLOWED_ENVIRONMENT_READS if not environment_reads(modules[m].read_text())]
    assert not stale, f"no longer read the environment, remove from the list: {stale}"


def test_the_allowed_cycles_still_exist() -> None:
    # A cycle that was broken leaves the list, so it cannot come back unnoticed.
    found = set(cycles(import_graph()))
    stale = [sorted(c) for c in ALLOWED_CYCLES if c not in found]
    assert not stale, f"no longer cycles, remove from ALLOWED_CYCLES: {stale}"


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [frozenset({"a", "b"})]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [frozenset({"a", "b", "c"})]),
    ],
)
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[frozenset[str]]) -> None:
    assert cycles(graph) == expected
