"""Where the time goes: per-stage self time of the pipeline, by timing wrappers.

The wrappers are installed only here, for the duration of a profile, around the functions
the stages export (and the few library calls that dominate them: trafilatura, dateparser,
langid); the service carries no timing code. Each wrapper measures its call and subtracts
the time of wrapped calls nested in it, so a stage's figure is its *self* time and the shares
add up to 100 % together with the pipeline glue nobody claims.

Only public names are wrapped in the module that defines them (private helpers run in tight
loops, where a wrapper would cost more than it measures); every name a module imported from
another stage is wrapped, since that is a stage boundary. Generator functions and cached
functions are left alone: their call is not where their time is spent.
"""

from __future__ import annotations

import cProfile
import functools
import importlib
import inspect
import io
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from bench.perf.corpus import BenchPage

STAGE_LABELS: dict[str, str] = {
    "article_normalizer.normalize.lines.blocks": "segmentation",
    "article_normalizer.normalize.lines.classify": "classification",
    "article_normalizer.normalize.lines.features": "classification: features",
    "article_normalizer.normalize.lines.model": "classification: model",
    "article_normalizer.normalize.tree": "classification: model",
    "article_normalizer.normalize.lines.kinds": "kinds",
    "article_normalizer.normalize.lines.line_shapes": "kinds",
    "article_normalizer.normalize.lines.clutter_patterns": "kinds",
    "article_normalizer.normalize.lines.char_classes": "classification: features",
    "article_normalizer.normalize.lines.kind_features": "kind model: features",
    "article_normalizer.normalize.lines.kind_model": "kind model",
    "article_normalizer.normalize.fields.title": "title",
    "article_normalizer.normalize.fields.stamps": "dates",
    "article_normalizer.normalize.fields.stamp_lexicon": "dates",
    "article_normalizer.normalize.fields.stamp_parsing": "dates",
    "article_normalizer.normalize.fields.byline": "byline",
    "article_normalizer.normalize.fields.credit_line": "byline",
    "article_normalizer.normalize.fields.outlet": "outlet",
    "article_normalizer.normalize.fields.dateline": "dateline",
    "article_normalizer.normalize.language": "language",
    "article_normalizer.normalize.html.extract": "html extraction",
    "article_normalizer.normalize.html.parse": "html extraction",
    "article_normalizer.normalize.html.metadata": "html extraction",
    "article_normalizer.normalize.html.author": "html extraction",
    "article_normalizer.normalize.html.headline": "html extraction: headline",
    "article_normalizer.normalize.html.charset": "html extraction: decoding",
    "article_normalizer.normalize.execution": "html extraction",
    "article_normalizer.serving.execution": "html extraction",
    "article_normalizer.normalize.paragraphs": "paragraphs",
    "article_normalizer.normalize.page": "page bookkeeping",
}
"""Report label of each stage module; a module not listed is reported under its own name."""

NOT_STAGES = frozenset(
    {
        "article_normalizer.normalize",
        "article_normalizer.normalize.pipeline",
        "article_normalizer.normalize.models",
        "article_normalizer.normalize.errors",
    }
)
"""Modules whose functions are the frame (pipeline) or data shapes, not stages."""

LIBRARY_CALLS: tuple[tuple[str, str, str], ...] = (
    ("trafilatura", "trafilatura", "bare_extraction"),
    ("trafilatura", "trafilatura", "extract"),
    ("trafilatura", "trafilatura", "extract_metadata"),
    ("trafilatura", "trafilatura.metadata", "extract_metadata"),
    ("trafilatura", "trafilatura.core", "bare_extraction"),
    ("dateparser", "dateparser", "parse"),
    ("dateparser", "dateparser.search", "search_dates"),
    ("dateparser", "dateparser.date", "DateDataParser.get_date_data"),
    ("langid", "py3langid.langid", "LanguageIdentifier.classify"),
    ("langid", "py3langid.langid", "LanguageIdentifier.rank"),
)
"""``(label, module, attribute)`` of library calls reported apart from the stage calling them."""

GLUE = "pipeline glue"
"""Time inside the pipeline that no wrapped function claims."""


@dataclass(slots=True)
class StageTimes:
    """Accumulated self time and call counts per label."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: float = 0.0
    docs: int = 0
    errors: int = 0

    def shares(self) -> list[tuple[str, float, float, int]]:
        """``(label, seconds, share of total, calls)``, largest first, glue included."""
        rows = [
            (label, s, s / self.total if self.total else 0.0, self.calls[label])
            for label, s in self.seconds.items()
        ]
        glue = self.total - sum(self.seconds.values())
        rows.append((GLUE, glue, glue / self.total if self.total else 0.0, self.docs))
        return sorted(rows, key=lambda row: row[1], reverse=True)

    def as_json(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "errors": self.errors,
            "total_s": self.total,
            "ms_per_doc": 1000 * self.total / self.docs if self.docs else 0.0,
            "stages": [
                {"stage": label, "seconds": s, "share": share, "calls": calls}
                for label, s, share, calls in self.shares()
            ],
        }


class _Timer:
    """The wrapper factory and the stack of open calls that turns inclusive into self time."""

    def __init__(self, times: StageTimes) -> None:
        self.times = times
        self.stack: list[list[float]] = []
        self.wrappers: dict[int, Callable[..., Any]] = {}

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        known = self.wrappers.get(id(fn))
        if known is not None:
            return known
        seconds, calls, stack = self.times.seconds, self.times.calls, self.stack
        clock = time.perf_counter

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            children = [0.0]
            stack.append(children)
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = clock() - start
                stack.pop()
                seconds[label] += elapsed - children[0]
                calls[label] += 1
                if stack:
                    stack[-1][0] += elapsed

        timed.__bench_original__ = fn  # type: ignore[attr-defined]
        self.wrappers[id(fn)] = timed
        return timed


def _stage_modules() -> list[ModuleType]:
    # Import the optional stages so their names exist to be wrapped even before first use.
    for name in ("article_normalizer.normalize", "article_normalizer.normalize.html.extract"):
        with suppress(ImportError):
            importlib.import_module(name)
    return [
        module
        for name, module in sorted(sys.modules.items())
        if module is not None
        and (
            name.startswith("article_normalizer.normalize")
            or name == "article_normalizer.serving.execution"
        )
        and name not in NOT_STAGES
    ] + [sys.modules["article_normalizer.normalize.pipeline"]]


def _label(module_name: str) -> str:
    return STAGE_LABELS.get(module_name, module_name.rsplit(".", 1)[-1])


def _wrappable(value: Any) -> bool:
    return (
        inspect.isfunction(value)
        and not inspect.isgeneratorfunction(value)
        and not inspect.iscoroutinefunction(value)
        and str(getattr(value, "__module__", "")).startswith("article_normalizer.")
        and value.__module__ not in NOT_STAGES
    )


@contextmanager
def stage_timing(times: StageTimes) -> Iterator[None]:
    """Install the timing wrappers for the block's duration, then restore every original."""
    timer = _Timer(times)
    patched: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, new: Any) -> None:
        patched.append((owner, name, inspect.getattr_static(owner, name)))
        setattr(owner, name, new)

    library: dict[int, Callable[..., Any]] = {}
    for label, module_name, attribute in LIBRARY_CALLS:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None or not callable(original):
            continue
        if isinstance(owner, type):
            original = inspect.getattr_static(owner, name)
            if not inspect.isfunction(original):
                continue
        wrapped = timer.wrap(label, original)
        library[id(original)] = wrapped
        patch(owner, name, wrapped)

    for module in _stage_modules():
        for name, value in list(vars(module).items()):
            if id(value) in library:
                patch(module, name, library[id(value)])
            elif _wrappable(value):
                home = value.__module__
                if home == module.__name__ and name.startswith("_"):
                    continue
                patch(module, name, timer.wrap(_label(home), value))
            elif isinstance(value, type) and value.__module__ == module.__name__:
                # Methods are labelled by their class too: the classifier's model is a class
                # (a forest's predict) inside the classification stage, timed apart from it.
                label = f"{_label(module.__name__)}: {value.__name__}"
                for attr, member in list(vars(value).items()):
                    if not attr.startswith("_") and _wrappable(member):
                        patch(value, attr, timer.wrap(label, member))
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def profile_stages(
    contender: Callable[[BenchPage], object], pages: Sequence[BenchPage]
) -> StageTimes:
    """Self time per stage of ``contender`` over ``pages`` (run once each, after a warm-up)."""
    for page in pages[:3]:
        with suppress(Exception):
            contender(page)
    times = StageTimes()
    with stage_timing(times):
        for page in pages:
            start = time.perf_counter()
            try:
                contender(page)
            except Exception:
                times.errors += 1
            times.total += time.perf_counter() - start
            times.docs += 1
    return times


def hot_functions(
    contender: Callable[[BenchPage], object], pages: Sequence[BenchPage], top: int = 25
) -> tuple[list[dict[str, Any]], cProfile.Profile]:
    """cProfile's top functions by self time: where inside a stage to look."""
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        with suppress(Exception):
            contender(page)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows: list[dict[str, Any]] = []
    entries = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, function), (_cc, calls, tottime, cumtime, _callers) in ranked:
        rows.append(
            {
                "function": f"{_short_path(filename)}:{line}({function})",
                "calls": calls,
                "self_s": tottime,
                "cumulative_s": cumtime,
            }
        )
    return rows, profiler


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
