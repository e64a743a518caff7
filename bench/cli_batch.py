"""The command line on one machine: ``--jobs 1`` against ``--jobs 2``, and the start time.

Usage: ``python -m bench.cli_batch --shared ../shared [--pages N] [--rounds 2] [--starts 7]``

Writes the dev pages' HTML as files into a temporary directory, then runs the installed
``article-normalizer normalize DIR -o out.ndjson`` with one and with two jobs, alternating, and
prints each run's wall time, the lines written, the ratio of medians and the load average
around the runs (the machine is shared: other jobs' load moves absolute times, so compare the
ratio). Then it times ``article-normalizer normalize`` on one small page (a fresh process each
time, the model cache warm, as a user's second run is) and prints the median and spread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import iter_dev

SMALL_PAGE = (
    "World\n\nHarbour expansion approved by port authority\n\nBy Maria Silva\n\n"
    "LISBON (Reuters) - The port authority on Monday approved a plan to expand the city "
    "harbour, adding two container berths by 2026, officials said.\n\nShare this article\n"
)


def _cli() -> str:
    found = shutil.which("article-normalizer", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("article-normalizer is not installed next to this Python (make venv)")
    return found


def write_pages(shared: Path, directory: Path, limit: int | None) -> int:
    """The dev pages' HTML as ``<n>.html`` files; how many were written."""
    count = 0
    for page in iter_dev(shared, with_html=True):
        if limit is not None and count >= limit:
            break
        if page.html:
            (directory / f"{count:05d}.html").write_text(page.html, encoding="utf-8")
            count += 1
    return count


def run_batch(directory: Path, jobs: int, out: Path) -> tuple[float, int, int]:
    """Wall seconds, lines written and exit status of one run."""
    started = time.perf_counter()
    done = subprocess.run(
        [_cli(), "normalize", str(directory), "--jobs", str(jobs), "-o", str(out)],
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"the run failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    with out.open("rb") as handle:
        lines = sum(1 for _ in handle)
    return elapsed, lines, done.returncode


def time_starts(page: Path, runs: int) -> list[float]:
    """Wall seconds of ``runs`` one-page runs, after one that fills the model cache."""
    times: list[float] = []
    for index in range(runs + 1):
        started = time.perf_counter()
        subprocess.run([_cli(), "normalize", str(page)], capture_output=True, check=True)
        if index:
            times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="shared/ dir")
    parser.add_argument("--pages", type=int, default=None, help="first N dev pages (all)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each job count")
    parser.add_argument("--starts", type=int, default=7, help="one-page runs to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cli-batch-") as tmp:
        root = Path(tmp)
        pages = root / "pages"
        pages.mkdir()
        count = write_pages(args.shared, pages, args.pages)
        print(f"{count} dev pages written as HTML files")
        times: dict[int, list[float]] = {1: [], 2: []}
        loads = [os.getloadavg()[0]]
        for round_ in range(args.rounds):
            for jobs in (1, 2) if round_ % 2 == 0 else (2, 1):
                elapsed, lines, status = run_batch(pages, jobs, root / f"out-{jobs}.ndjson")
                times[jobs].append(elapsed)
                loads.append(os.getloadavg()[0])
                print(
                    f"--jobs {jobs}: {elapsed:6.1f} s, {lines} lines, {count / elapsed:5.1f} "
                    f"docs/s, exit {status}, load {loads[-1]:.2f}"
                )
        one, two = statistics.median(times[1]), statistics.median(times[2])
        print(
            f"median --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s: {one / two:.2f}x "
            f"(1-min load average {min(loads):.2f} to {max(loads):.2f}, {os.cpu_count()} CPUs)"
        )
        small = root / "page.txt"
        small.write_text(SMALL_PAGE, encoding="utf-8")
        starts = time_starts(small, args.starts)
        print(
            f"one small page, fresh process: median {statistics.median(starts):.2f} s "
            f"(min {min(starts):.2f}, max {max(starts):.2f}, {len(starts)} runs, "
            f"load {os.getloadavg()[0]:.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
