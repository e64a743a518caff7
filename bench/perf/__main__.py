"""``python -m bench.perf``: run the speed, profile, HTTP and memory benchmarks, print, save JSON.

Usage: ``python -m bench.perf --shared ../shared [--pages 300] [--rounds 5] [--quick]
[--only speed,scaling,profile,http,memory] [--hotspots]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.perf import http_load, memory, report, scaling, speed, stages
from bench.perf.corpus import BenchPage, load_pages, subsample, typical_page
from bench.perf.server import GUNICORN_CONFIG

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("speed", "scaling", "profile", "http", "memory")


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_speed(
    pages: list[BenchPage], rounds: int, *, metadata_baseline: bool = False
) -> dict[str, Any]:
    contenders = speed.default_contenders(pages, metadata_baseline=metadata_baseline)
    result = speed.run_rounds(contenders, pages, rounds, progress=_log)
    vs_traf = {name: result.ratio(name, "trafilatura_bare") for name in result.timings}
    vs_traf_cpu = {
        name: result.ratio(name, "trafilatura_bare", cpu=True) for name in result.timings
    }
    ratios = {
        "text_vs_traf": result.ratio("ours_text", "trafilatura_bare"),
        "text_vs_justext": result.ratio("ours_text", "justext_text"),
        "html_vs_traf": result.ratio("ours_html", "trafilatura_bare"),
        "text_vs_traf_cpu": result.ratio("ours_text", "trafilatura_bare", cpu=True),
        "text_vs_justext_cpu": result.ratio("ours_text", "justext_text", cpu=True),
        "html_vs_traf_cpu": result.ratio("ours_html", "trafilatura_bare", cpu=True),
    }
    if metadata_baseline:
        ratios["html_vs_traf_metadata"] = result.ratio("ours_html", "trafilatura_bare_metadata")
    return {
        "meta": {"pages": len(pages), "rounds": rounds},
        "contenders": result.as_json(),
        "vs_traf": vs_traf,
        "vs_traf_cpu": vs_traf_cpu,
        "ratios": ratios,
    }


def run_profile(pages: list[BenchPage], out: Path, hotspots: bool) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for mode, contender in (("text", speed.pipeline_text), ("html", speed.pipeline_html)):
        _log(f"profiling stages, {mode} mode")
        result[mode] = stages.profile_stages(contender, pages).as_json()
        if hotspots:
            rows, profiler = stages.hot_functions(contender, pages)
            profiler.dump_stats(out / f"hotspots-{mode}.pstats")
            result[mode]["hot_functions"] = rows
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perf", description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--pages", type=int, default=300, help="corpus subsample size")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the in-process speed")
    parser.add_argument("--http-rounds", type=int, default=5)
    parser.add_argument("--http-seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-docs", type=int, default=10_000)
    parser.add_argument(
        "--memory-html-every", type=int, default=10, help="every k-th memory document is HTML"
    )
    parser.add_argument(
        "--gunicorn-config", default=GUNICORN_CONFIG, help="gunicorn --config of both servers"
    )
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts to run")
    parser.add_argument("--hotspots", action="store_true", help="also cProfile the pipeline")
    parser.add_argument(
        "--metadata-baseline",
        action="store_true",
        help="also time trafilatura bare_extraction with_metadata=True",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 40 pages, 2 rounds, short loads"
    )
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {PARTS}")
    if args.quick:
        args.pages, args.rounds, args.http_rounds, args.http_seconds = 40, 2, 2, 3.0
        args.memory_docs = min(args.memory_docs, 1_200)

    corpus = args.shared / "corpus" / "dev.jsonl.gz"
    if not corpus.exists():
        print(f"no corpus at {corpus}: pass --shared", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    _log(f"loading {corpus}")
    all_pages = load_pages(corpus)
    pages = subsample(all_pages, args.pages)
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "-m", "bench.perf", *sys.argv[1:]]),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": os.getloadavg(),
        },
    }

    def save(final: bool = False) -> str:
        """Write the JSON (and the table) now, so a run stopped late still leaves its parts."""
        if final:
            results["machine"]["loadavg_at_end"] = os.getloadavg()
        results["targets"] = [t.as_json() for t in report.targets(results)]
        text = report.render(results)
        (args.out / "perf-latest.json").write_text(
            json.dumps(results, indent=2, default=str) + "\n"
        )
        (args.out / "perf-latest.txt").write_text(text + "\n")
        return text

    if "speed" in parts:
        results["speed"] = run_speed(pages, args.rounds, metadata_baseline=args.metadata_baseline)
        save()
    if "scaling" in parts:
        _log("size scaling, text mode")
        results["scaling"] = scaling.run_scaling(
            all_pages, pages, max(3, args.rounds // 2), progress=_log
        )
        save()
    if "profile" in parts:
        results["profile"] = run_profile(pages, args.out, args.hotspots)
        save()
    if "http" in parts:
        plan = http_load.HttpPlan(
            workers=args.workers,
            rounds=args.http_rounds,
            seconds=args.http_seconds,
            config=args.gunicorn_config,
        )
        results["http"] = http_load.run_http(
            ROOT, args.out / "work", typical_page(pages), plan, progress=_log
        )
        save()
    if "memory" in parts:
        mplan = memory.MemoryPlan(
            documents=args.memory_docs,
            baseline=min(1_000, args.memory_docs),
            html_every=args.memory_html_every,
            config=args.gunicorn_config,
        )
        results["memory"] = memory.run_memory(
            ROOT, args.out / "work", all_pages, mplan, progress=_log
        )
    text = save(final=True)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (args.out / f"perf-{stamp}.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    _log(f"wrote {args.out / f'perf-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
