"""Two source trees of the service timed against each other on the same pages, in one run.

An optimisation replaces the code it speeds up, so the code before it can no longer run beside
it in one process. This starts one worker process per tree (``PYTHONPATH`` set to the tree, the
working directory outside both, so the installed editable package does not shadow it) and
hands both the same pages in small batches, alternately, the order flipping from batch to
batch: a neighbour's burst of load on a shared machine then lands on both trees alike, where
whole passes minutes apart measured the load as much as the code. Each round starts from
cleared line caches in both workers and ends with the two CPU totals and their ratio; the
median of the rounds' ratios is the figure to quote.

    git worktree add /tmp/before <commit>   # plus its compiled extension: ``make dev`` there,
                                            # or copy the built ``.so`` beside its ``.pyx``
    python -m bench.perf.ab --before /tmp/before --after . --pages 150 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]

_WORKER = """
import gc, json, sys, time
sys.path.append({bench!r})
from pathlib import Path
from bench.perf.corpus import load_pages
from bench.perf import speed
pages = load_pages(Path({corpus!r}), {pages})
contender = speed.pipeline_text if {mode!r} == "text" else speed.pipeline_html
import article_normalizer
assert article_normalizer.__file__.startswith({tree!r}), article_normalizer.__file__
for page in pages[:3]:
    contender(page)
print(json.dumps({{"ready": len(pages)}}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    if command == "reset":
        speed._clear_pipeline_caches()
        gc.collect()
        print(json.dumps({{"reset": True}}), flush=True)
        continue
    start, stop = command
    cpu0 = time.process_time()
    for page in pages[start:stop]:
        contender(page)
    print(json.dumps({{"cpu": time.process_time() - cpu0}}), flush=True)
"""


class _Worker:
    """One tree's long-lived process: pages in by index range, CPU seconds out."""

    def __init__(self, tree: Path, corpus: Path, pages: int, mode: str, cwd: str) -> None:
        code = _WORKER.format(
            bench=str(ROOT), corpus=str(corpus), pages=pages, mode=mode, tree=str(tree)
        )
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.tree = tree
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            env=env,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pages = int(self._answer()["ready"])

    def _answer(self) -> dict[str, float]:
        out: IO[str] | None = self.process.stdout
        line = out.readline() if out is not None else ""
        if not line:
            raise SystemExit(f"{self.tree}: the worker exited ({self.process.wait()})")
        answer: dict[str, float] = json.loads(line)
        return answer

    def ask(self, command: object) -> dict[str, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perf.ab", description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="the reference tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="the tree under test")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=5, help="pages handed to a tree at once")
    parser.add_argument("--mode", choices=("text", "html"), default="text")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "dev.jsonl.gz"
    names = ("before", "after")
    ratios: list[float] = []
    with tempfile.TemporaryDirectory() as cwd:
        workers = {
            name: _Worker(getattr(args, name).resolve(), corpus, args.pages, args.mode, cwd)
            for name in names
        }
        try:
            count = workers["before"].pages
            for round_no in range(args.rounds):
                for worker in workers.values():
                    worker.ask("reset")
                cpu = dict.fromkeys(names, 0.0)
                for batch, start in enumerate(range(0, count, args.batch)):
                    order = names if (batch + round_no) % 2 == 0 else names[::-1]
                    for name in order:
                        cpu[name] += workers[name].ask([start, start + args.batch])["cpu"]
                ms = {name: 1000 * cpu[name] / count for name in names}
                ratios.append(ms["before"] / ms["after"])
                print(
                    f"round {round_no + 1}: before {ms['before']:.2f} ms/page, "
                    f"after {ms['after']:.2f} ms/page, speed-up {ratios[-1]:.3f}x",
                    flush=True,
                )
        finally:
            for worker in workers.values():
                worker.close()
    print(
        f"{args.mode} mode, {args.pages} dev pages, {args.rounds} rounds, batches of "
        f"{args.batch}: median speed-up {statistics.median(ratios):.3f}x "
        f"(rounds {', '.join(f'{r:.3f}' for r in ratios)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
