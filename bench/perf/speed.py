"""In-process throughput: our pipeline in both modes beside trafilatura and jusText.

Contenders run on the same pages, in rounds, each round one pass per contender in a rotating
order, with our pipeline's line caches cleared before every pass (see :func:`run_rounds`).
Ratios are taken per round and the median reported; CPU time is recorded beside wall time
because on a shared machine it is the steadier of the two.
"""

from __future__ import annotations

import contextlib
import gc
import html as html_lib
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.perf.corpus import BenchPage

REFERENCE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
"""A fixed clock, so relative stamps resolve the same way in every run."""

Contender = Callable[[BenchPage], object]


@dataclass(frozen=True, slots=True)
class Timing:
    """One contender over the pages, once."""

    docs: int
    wall: float
    cpu: float
    errors: int
    first_error: str | None = None
    """The first exception, as ``Type: message``: a broken contender must not look fast."""

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall if self.wall > 0 else 0.0

    @property
    def cpu_docs_per_s(self) -> float:
        return self.docs / self.cpu if self.cpu > 0 else 0.0


@dataclass(slots=True)
class Rounds:
    """Every round's timing of every contender."""

    timings: dict[str, list[Timing]] = field(default_factory=dict)

    def median_rate(self, name: str, *, cpu: bool = False) -> float:
        rates = [t.cpu_docs_per_s if cpu else t.docs_per_s for t in self.timings[name]]
        return statistics.median(rates)

    def median_cpu_ms(self, name: str) -> float:
        """Median over rounds of the CPU milliseconds a page: the side-by-side table's figure."""
        return statistics.median(
            1000 * t.cpu / t.docs if t.docs else 0.0 for t in self.timings[name]
        )

    def ratio(self, numerator: str, denominator: str, *, cpu: bool = False) -> float:
        """Median over rounds of the per-round ratio of docs/s."""
        pairs = zip(self.timings[numerator], self.timings[denominator], strict=True)
        values = []
        for a, b in pairs:
            rate_a = a.cpu_docs_per_s if cpu else a.docs_per_s
            rate_b = b.cpu_docs_per_s if cpu else b.docs_per_s
            values.append(rate_a / rate_b if rate_b else 0.0)
        return statistics.median(values)

    def as_json(self) -> dict[str, Any]:
        return {
            name: {
                "median_docs_per_s": self.median_rate(name),
                "median_cpu_docs_per_s": self.median_rate(name, cpu=True),
                "median_cpu_ms_per_doc": self.median_cpu_ms(name),
                "errors": max((t.errors for t in timings), default=0),
                "first_error": next((t.first_error for t in timings if t.first_error), None),
                "rounds": [
                    {"docs": t.docs, "wall_s": t.wall, "cpu_s": t.cpu, "errors": t.errors}
                    for t in timings
                ],
            }
            for name, timings in self.timings.items()
        }


def run_rounds(
    contenders: dict[str, Contender],
    pages: Sequence[BenchPage],
    rounds: int,
    *,
    warmup: int = 3,
    progress: Callable[[str], None] | None = None,
    reset: Callable[[], None] | None = None,
) -> Rounds:
    """Time every contender on every page, ``rounds`` times, after a short untimed warm-up.

    In each round every contender makes one pass over the pages, in an order that rotates
    from round to round, so a neighbour's burst of load lands on different contenders in
    different rounds and the median over rounds discounts it. ``reset`` runs before each pass
    (by default our pipeline's line caches are cleared): a pass is a cold worker serving the
    pages once, so what a contender learned in an earlier round, or what our text mode learned
    from the same page in HTML mode, cannot flatter it. A page a contender raises on still
    counts, as an error, with the first message kept: a broken contender must not look fast.
    """
    reset = reset or _clear_pipeline_caches
    for contender in contenders.values():
        for page in pages[:warmup]:
            with contextlib.suppress(Exception):
                contender(page)
    names = list(contenders)
    result = Rounds({name: [] for name in names})
    clock, cpu_clock = time.perf_counter, time.process_time
    for round_no in range(rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            reset()
            gc.collect()
            wall = cpu = 0.0
            errors = 0
            first_error: str | None = None
            contender = contenders[name]
            for page in pages:
                wall0, cpu0 = clock(), cpu_clock()
                try:
                    contender(page)
                except Exception as exc:
                    errors += 1
                    if first_error is None:
                        first_error = f"{type(exc).__name__}: {exc}"[:300]
                cpu += cpu_clock() - cpu0
                wall += clock() - wall0
            result.timings[name].append(Timing(len(pages), wall, cpu, errors, first_error))
        if progress:
            rates = ", ".join(f"{n} {result.timings[n][-1].docs_per_s:.1f}" for n in names)
            progress(f"round {round_no + 1}/{rounds} docs/s: {rates}")
    return result


def _clear_pipeline_caches() -> None:
    from article_normalizer.normalize.lines.kinds import clear_caches

    clear_caches()


def pipeline_text(page: BenchPage) -> object:
    """Our pipeline on the scraped text (the ``text`` input mode)."""
    from article_normalizer.normalize import RawDocument, normalize

    return normalize(RawDocument(text=page.text, url=page.url), now=REFERENCE_TIME)


def pipeline_html(page: BenchPage) -> object:
    """Our pipeline on the HTML (the ``html`` input mode)."""
    from article_normalizer.normalize import RawDocument, normalize

    return normalize(RawDocument(html=page.html, url=page.url), now=REFERENCE_TIME)


def trafilatura_bare(page: BenchPage) -> object:
    """trafilatura's ``bare_extraction`` with its defaults: the extractor alone."""
    import trafilatura

    return trafilatura.bare_extraction(page.html, url=page.url)


def trafilatura_fast(page: BenchPage) -> object:
    """``bare_extraction(fast=True)``: trafilatura without its fallback extractors."""
    import trafilatura

    return trafilatura.bare_extraction(page.html, url=page.url, fast=True)


def resiliparse_contender() -> Contender | None:
    """resiliparse's main-content text extraction and its fast language guess on the result,
    or None when resiliparse is not installed (it is in the ``compare`` extra only).

    The nearest thing to a compiled pipeline among the libraries: a lower bound for what a
    page costs, not a peer on output (no fields, no removed lines).
    """
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.lang import detect_fast
    except ImportError:
        return None

    def run(page: BenchPage) -> object:
        text = extract_plain_text(page.html, main_content=True)
        return text, detect_fast(text)

    return run


def trafilatura_with_metadata(page: BenchPage) -> object:
    """``bare_extraction`` with metadata, closer to what a service answering fields needs."""
    import trafilatura

    return trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)


def lines_as_paragraphs(text: str) -> str:
    """The text as HTML with one ``<p>`` per line: how jusText can be fed plain text."""
    return "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip())


def justext_contender(pages: Sequence[BenchPage]) -> Contender:
    """jusText with the English stoplist on each page's text, wrapped beforehand.

    The wrapping and the stoplist are prepared outside the timed loop: they are the adapter,
    not the algorithm being compared.
    """
    import justext

    stoplist = justext.get_stoplist("English")
    wrapped = {page.id: lines_as_paragraphs(page.text) for page in pages}

    def run(page: BenchPage) -> object:
        return justext.justext(wrapped[page.id], stoplist)

    return run


def default_contenders(
    pages: Sequence[BenchPage], *, metadata_baseline: bool = False
) -> dict[str, Contender]:
    """The contenders ``make bench`` compares, by the names the report uses.

    trafilatura with metadata is opt-in: it is the slowest contender by far (htmldate's
    search) and no target is judged on it. resiliparse runs when it is installed
    (``pip install .[compare]``).
    """
    contenders: dict[str, Contender] = {
        "ours_text": pipeline_text,
        "ours_html": pipeline_html,
        "trafilatura_bare": trafilatura_bare,
        "trafilatura_fast": trafilatura_fast,
        "justext_text": justext_contender(pages),
    }
    resiliparse = resiliparse_contender()
    if resiliparse is not None:
        contenders["resiliparse"] = resiliparse
    if metadata_baseline:
        contenders["trafilatura_bare_metadata"] = trafilatura_with_metadata
    return contenders
