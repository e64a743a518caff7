"""Crash test: every dev page, in every form the service takes, must normalize or fail cleanly.

"Cleanly" means an article, or one of the documented input errors
(:class:`article_normalizer.normalize.NormalizeError` and its subclasses, such as an empty
document).
Anything else is a crash: an HTTP 500 in the service. The forms are

- ``text``: the page's ``text_inscriptis`` as plain text, with the url hint;
- ``html``: the page's HTML through :func:`article_normalizer.normalize.normalize`, as the API runs
it;
- ``mangled``: the rendered text the way careless scrapers deliver it: random runs of adjacent
  lines joined with a space, one line cut short, the document cut at a random point;
- ``html_cut``: the page's HTML cut off mid-transfer at a random point, in a third of the pages
  within its first 200 characters (inside the doctype, the first tag or the first comment).

The RNG is seeded with the run's seed and the page id, so a failure replays with the same input.

Both corpora are read: ``dev.jsonl.gz`` (English) and ``multidev.jsonl.xz`` (about 30
languages). Pages go to a pool of worker processes; the summary prints pages run per corpus
and form, clean errors by code, every crash with page id and traceback summary, the slowest
documents and the wall time. The exit status is 1 when anything crashed.

Usage: ``python -m bench.crash --shared ../shared [--sample N] [--jobs 2] [--seed 0]
[--forms text,html,mangled,html_cut] [--corpora dev,multidev]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path

from article_normalizer.normalize import NormalizeError, RawDocument, normalize

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
"""A fixed reference time: runs must be repeatable."""

CORPORA = {
    "dev": Path("corpus") / "dev.jsonl.gz",
    "multidev": Path("corpus") / "multidev.jsonl.xz",
}
FORMS = ("text", "html", "mangled", "html_cut")
_HTML_FORMS = frozenset({"html", "html_cut"})


@dataclass(frozen=True, slots=True)
class Task:
    """One page in one form: everything a worker needs to run and report it."""

    corpus: str
    page_id: str
    form: str
    url: str | None
    payload: str
    seed: int


@dataclass(frozen=True, slots=True)
class Outcome:
    corpus: str
    page_id: str
    form: str
    seconds: float
    error: str | None = None
    """The code of a documented input error."""
    crash: str | None = None
    """Exception type, message and the innermost frames of an undocumented one."""


def iter_pages(
    shared: Path, corpus: str, wanted: set[int] | None = None
) -> Iterator[dict[str, object]]:
    """The pages of one corpus in file order (only the fields the forms need); with
    ``wanted``, only the pages at those positions (the others are not even decoded)."""
    path = shared / CORPORA[corpus]
    if not path.is_file():
        raise FileNotFoundError(f"corpus not found at {path} (pass --shared <dir>)")
    opener = gzip.open if path.suffix == ".gz" else lzma.open
    with opener(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if wanted is not None and index not in wanted:
                continue
            row = json.loads(line)
            yield {
                "id": row["id"],
                "url": row.get("url"),
                "html": row.get("html") or "",
                "text": row.get("text_inscriptis") or "",
            }


def mangle(text: str, rng: random.Random) -> str:
    """``text`` as a careless scraper delivers it: runs of lines joined, a line cut, truncated."""
    lines = text.split("\n")
    joined: list[str] = []
    i = 0
    while i < len(lines):
        run = rng.choice((1, 1, 1, 2, 3, 8)) if rng.random() < 0.3 else 1
        joined.append(" ".join(lines[i : i + run]))
        i += run
    if joined:
        victim = rng.randrange(len(joined))
        line = joined[victim]
        joined[victim] = line[: rng.randrange(len(line) + 1)]
    document = "\n".join(joined)
    return document[: rng.randrange(len(document) + 1)] if document else document


def cut_off(html: str, rng: random.Random) -> str:
    """``html`` cut off mid-transfer: a third of the time within its first 200 characters."""
    end = min(len(html), 200) if rng.random() < 1 / 3 else len(html)
    return html[: rng.randrange(end + 1)]


def tasks_for(
    corpus: str, page: dict[str, object], forms: tuple[str, ...], seed: int
) -> Iterator[Task]:
    page_id, url = str(page["id"]), page["url"]
    hint = url if isinstance(url, str) else None
    text, html = str(page["text"]), str(page["html"])
    for form in forms:
        if form in _HTML_FORMS and not html:
            continue
        payload = html if form in _HTML_FORMS else text
        yield Task(corpus, page_id, form, hint, payload, seed)


def run(task: Task) -> Outcome:
    """Normalize one page in one form; a crash is reported, never raised."""
    payload = task.payload
    rng = random.Random(f"{task.seed}:{task.corpus}:{task.page_id}")
    if task.form == "mangled":
        payload = mangle(payload, rng)
    elif task.form == "html_cut":
        payload = cut_off(payload, rng)
    doc = (
        RawDocument(html=payload, url=task.url)
        if task.form in _HTML_FORMS
        else RawDocument(text=payload, url=task.url)
    )
    start = time.perf_counter()
    try:
        normalize(doc, now=REFERENCE)
    except NormalizeError as error:
        return Outcome(
            task.corpus, task.page_id, task.form, time.perf_counter() - start, error=error.code
        )
    except Exception as error:  # the point of the test: anything else is reported
        frames = traceback.extract_tb(error.__traceback__)[-4:]
        where = " <- ".join(
            f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames)
        )
        crash = f"{type(error).__name__}: {str(error)[:200]} at {where}"
        return Outcome(
            task.corpus, task.page_id, task.form, time.perf_counter() - start, crash=crash
        )
    return Outcome(task.corpus, task.page_id, task.form, time.perf_counter() - start)


def spread(sample: int | None, total: int) -> set[int] | None:
    """Positions of about ``sample`` pages spread evenly over ``total`` (None: every page);
    spread rather than the file's head because the files are ordered by source."""
    if sample is None or sample >= total:
        return None
    step = total / sample
    return {int(i * step) for i in range(sample)}


PAGE_COUNTS = {"dev": 1445, "multidev": 3465}
"""Pages per corpus file, for spreading a sample over the whole file (ordered by source)."""


def crash_test(
    shared: Path,
    *,
    corpora: tuple[str, ...] = tuple(CORPORA),
    forms: tuple[str, ...] = FORMS,
    sample: int | None = None,
    jobs: int = 2,
    seed: int = 0,
) -> list[Outcome]:
    """Run the pages of ``corpora`` in ``forms`` (``sample`` pages of each corpus, or all)."""

    def tasks() -> Iterator[Task]:
        for corpus in corpora:
            wanted = spread(sample, PAGE_COUNTS[corpus])
            for page in iter_pages(shared, corpus, wanted):
                yield from tasks_for(corpus, page, forms, seed)

    if jobs <= 1:
        return [run(task) for task in tasks()]
    with Pool(jobs, maxtasksperchild=200) as pool:
        return list(pool.imap_unordered(run, tasks(), chunksize=1))


def summary(outcomes: list[Outcome], seconds: float) -> str:
    lines: list[str] = []
    runs = Counter((o.corpus, o.form) for o in outcomes)
    errors = Counter((o.corpus, o.form, o.error) for o in outcomes if o.error)
    crashes = [o for o in outcomes if o.crash]
    crashed = Counter((o.corpus, o.form) for o in crashes)
    lines.append(f"{'corpus':<10} {'form':<8} {'pages':>6} {'crashes':>8}  clean errors")
    for (corpus, form), count in sorted(runs.items()):
        clean = ", ".join(
            f"{code} {n}" for (c, f, code), n in sorted(errors.items()) if (c, f) == (corpus, form)
        )
        lines.append(
            f"{corpus:<10} {form:<8} {count:>6} {crashed[(corpus, form)]:>8}  {clean or '-'}"
        )
    lines.append(
        "slowest: "
        + ", ".join(
            f"{o.corpus}:{o.form}:{o.page_id} {o.seconds:.2f}s"
            for o in sorted(outcomes, key=lambda o: -o.seconds)[:5]
        )
    )
    for outcome in sorted(crashes, key=lambda o: (o.corpus, o.form, o.page_id)):
        lines.append(f"CRASH {outcome.corpus} {outcome.form} {outcome.page_id}: {outcome.crash}")
    lines.append(f"{len(outcomes)} documents, {len(crashes)} crashes, {seconds:.0f} s wall")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sample", type=int, default=None, help="pages per corpus (all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--forms", default=",".join(FORMS))
    parser.add_argument("--corpora", default=",".join(CORPORA))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcomes = crash_test(
        args.shared,
        corpora=tuple(args.corpora.split(",")),
        forms=tuple(args.forms.split(",")),
        sample=args.sample,
        jobs=args.jobs,
        seed=args.seed,
    )
    print(summary(outcomes, time.perf_counter() - start))
    return 1 if any(o.crash for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
