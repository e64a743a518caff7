"""Two source trees of the service timed against each other on the same pages, in one run.

An optimisation replaces the code it speeds up, so the code before it can no longer run beside
it in one process. This runs each tree in its own short-lived process (``PYTHONPATH`` set to
the tree, the working directory outside both, so the installed editable package does not
shadow it), alternating which goes first from round to round, and reports each round's CPU
milliseconds a page and the per-round ratio: on a shared machine the ratio within a round is
the figure to trust, not either absolute time.

    git worktree add /tmp/before <commit>   # plus its compiled extension: ``make dev`` there,
                                            # or copy the built ``.so`` beside its ``.pyx``
    python -m bench.perf.ab --before /tmp/before --after . --pages 150 --rounds 4

Each process warms up on a few pages and clears the pipeline's line caches before its timed
pass, as :func:`bench.perf.speed.run_rounds` does.
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

ROOT = Path(__file__).resolve().parents[2]

_WORKER = """
import gc, json, sys, time
sys.path.append({bench!r})
from bench.perf.corpus import load_pages
from bench.perf import speed
pages = load_pages(__import__("pathlib").Path({corpus!r}), {pages})
contender = speed.pipeline_text if {mode!r} == "text" else speed.pipeline_html
import article_normalizer
assert article_normalizer.__file__.startswith({tree!r}), article_normalizer.__file__
for page in pages[:3]:
    contender(page)
speed._clear_pipeline_caches()
gc.collect()
cpu0 = time.process_time()
for page in pages:
    contender(page)
cpu = time.process_time() - cpu0
print(json.dumps({{"cpu_ms_per_page": 1000 * cpu / len(pages)}}))
"""


def _run(tree: Path, corpus: Path, pages: int, mode: str) -> float:
    code = _WORKER.format(
        bench=str(ROOT), corpus=str(corpus), pages=pages, mode=mode, tree=str(tree)
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True
        )
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr.strip()[-2000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["cpu_ms_per_page"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perf.ab", description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="the reference tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="the tree under test")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--mode", choices=("text", "html"), default="text")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "dev.jsonl.gz"
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    ratios: list[float] = []
    for round_no in range(args.rounds):
        order = ["before", "after"] if round_no % 2 == 0 else ["after", "before"]
        ms = {name: _run(trees[name], corpus, args.pages, args.mode) for name in order}
        ratios.append(ms["before"] / ms["after"])
        print(
            f"round {round_no + 1}: before {ms['before']:.2f} ms/page, "
            f"after {ms['after']:.2f} ms/page, speed-up {ratios[-1]:.3f}x",
            flush=True,
        )
    print(
        f"{args.mode} mode, {args.pages} dev pages, {args.rounds} rounds: "
        f"median speed-up {statistics.median(ratios):.3f}x "
        f"(rounds {', '.join(f'{r:.3f}' for r in ratios)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
