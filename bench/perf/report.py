"""The printed table and the PASS/FAIL verdict of each target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Target:
    """One goal, judged on a ratio measured in this run."""

    name: str
    measured: float | None
    threshold: float
    higher_is_better: bool = True

    @property
    def passed(self) -> bool | None:
        if self.measured is None:
            return None
        if self.higher_is_better:
            return self.measured >= self.threshold
        return self.measured <= self.threshold

    def line(self) -> str:
        verdict = {True: "PASS", False: "FAIL", None: "SKIP"}[self.passed]
        sign = ">=" if self.higher_is_better else "<="
        value = "n/a" if self.measured is None else f"{self.measured:.2f}"
        return f"  [{verdict}] {self.name}: {value} (target {sign} {self.threshold:g})"

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.name,
            "measured": self.measured,
            "threshold": self.threshold,
            "higher_is_better": self.higher_is_better,
            "passed": self.passed,
        }


def targets(results: dict[str, Any]) -> list[Target]:
    """The targets of the speed issue (a compiled line engine: text mode 4x trafilatura, HTML mode
    at least trafilatura) and the serving targets before it, from whatever parts ran."""
    speed = results.get("speed", {}).get("ratios", {})
    http = results.get("http", {}).get("summary", {}).get("text", {})
    memory = results.get("memory", {}).get("growth", {})
    return [
        Target("1a text mode / trafilatura bare_extraction (docs/s)", speed.get("text_vs_traf"), 4),
        Target("1b text mode / jusText on the text (docs/s)", speed.get("text_vs_justext"), 1.0),
        Target(
            "2  HTML mode / trafilatura bare_extraction (docs/s)", speed.get("html_vs_traf"), 1.0
        ),
        Target(
            "3a HTTP 2 workers / one process in-process, same text doc",
            http.get("server_over_inprocess"),
            1.4,
        ),
        Target("3b HTTP text p99 / p50", http.get("p99_over_p50"), 3.0, higher_is_better=False),
        Target(
            "3c text mode cost per 1,000 lines, largest / smallest size bucket",
            results.get("scaling", {}).get("largest_vs_smallest"),
            1.5,
            higher_is_better=False,
        ),
        Target(
            f"4  worker RSS growth {memory.get('from', 1_000):,} -> "
            f"{memory.get('to', 10_000):,} docs",
            memory.get("max_growth"),
            0.10,
            higher_is_better=False,
        ),
    ]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain fixed-width table (also valid Markdown)."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(header), rule, *(fmt(r) for r in rows)])


def render(results: dict[str, Any]) -> str:
    """Everything measured, as tables, then the targets."""
    out: list[str] = []
    machine = results.get("machine")
    if machine:
        start = ", ".join(f"{x:.1f}" for x in machine.get("loadavg_at_start", ()))
        end = ", ".join(f"{x:.1f}" for x in machine.get("loadavg_at_end", ()))
        out.append(
            f"Machine: {machine.get('cpus')} CPUs, Python {machine.get('python')}; "
            f"load average {start} at start, {end} at end (other processes share the cores)\n"
        )
    speed = results.get("speed")
    if speed:
        meta = speed["meta"]
        out.append(
            f"In-process throughput, one process: {meta['pages']} corpus pages, "
            f"{meta['rounds']} rounds, one pass per contender each (median)"
        )
        rows = []
        base = speed["contenders"].get("trafilatura_bare", {}).get("median_docs_per_s") or 0.0
        for name, data in speed["contenders"].items():
            rate = data["median_docs_per_s"]
            rows.append(
                [
                    name,
                    f"{rate:.1f}",
                    f"{1000 / rate:.2f}" if rate else "n/a",
                    f"{data['median_cpu_docs_per_s']:.1f}",
                    f"{data.get('median_cpu_ms_per_doc', 0.0):.2f}",
                    f"{speed['vs_traf'].get(name, 0.0):.2f}" if base else "n/a",
                    f"{speed.get('vs_traf_cpu', {}).get(name, 0.0):.2f}" if base else "n/a",
                    str(data["errors"]),
                ]
            )
        header = [
            "contender",
            "docs/s",
            "ms/doc",
            "docs/CPU-s",
            "CPU ms/doc",
            "x trafilatura",
            "x trafilatura CPU",
            "errors",
        ]
        out.append(table(rows, header))
        for name, data in speed["contenders"].items():
            if data["errors"]:
                out.append(f"  ! {name}: {data['errors']} errors, first: {data['first_error']}")
    sizes = results.get("scaling")
    if sizes:
        out.append(
            f"\nText mode against page size: CPU ms per 1,000 processed lines, median of "
            f"{sizes['meta']['rounds']} rounds (real pages by line count; synthetic pages repeat "
            "real pages' lines)"
        )
        rows = [
            [
                b["bucket"],
                str(b["pages"]),
                f"{b['lines']:,}",
                f"{b['ms_per_1000_lines']:.1f}",
                f"{b['ms_per_page']:.1f}",
                str(b["errors"]),
            ]
            for b in sizes["buckets"]
        ]
        out.append(
            table(rows, ["bucket", "pages", "lines", "CPU ms / 1k lines", "CPU ms/page", "errors"])
        )
    for mode, stages in results.get("profile", {}).items():
        out.append(
            f"\nWhere the time goes, {mode} mode ({stages['docs']} pages, "
            f"{stages['ms_per_doc']:.2f} ms/doc, self time per stage)"
        )
        rows = [
            [
                s["stage"],
                f"{100 * s['share']:.1f}%",
                f"{1000 * s['seconds'] / stages['docs']:.3f}",
                str(s["calls"]),
            ]
            for s in stages["stages"]
            if s["share"] >= 0.001 or s["calls"]
        ]
        out.append(table(rows, ["stage", "share", "ms/doc", "calls"]))
    http = results.get("http")
    if http:
        out.append(
            f"\nHTTP, gunicorn {http['workers']} workers, wrk {http['connections']} connections, "
            f"{http['seconds_per_run']:g} s per run, median of {len(http['rounds'])} rounds "
            f"(page {http['page']['id']}: {http['page']['text_chars']} text chars, "
            f"{http['page']['html_chars']} HTML chars)"
        )
        rows = []
        for mode, s in http["summary"].items():
            rows.append(
                [
                    mode,
                    f"{s['server_docs_per_s']:.1f}",
                    f"{s['server_p50_ms']:.1f}",
                    f"{s['server_p99_ms']:.1f}",
                    f"{s['inprocess_docs_per_s']:.1f}",
                    f"{s['server_over_inprocess']:.2f}",
                    f"{s['echo_docs_per_s']:.0f}",
                    f"{s['echo_p50_ms']:.2f}",
                    f"{http['first_request_ms'][mode]:.0f}",
                    str(s["server_errors"]),
                ]
            )
        header = [
            "payload",
            "docs/s",
            "p50 ms",
            "p99 ms",
            "in-proc docs/s",
            "x in-proc",
            "echo docs/s",
            "echo p50 ms",
            "1st req ms",
            "errors",
        ]
        out.append(table(rows, header))
        peaks = ", ".join(
            f"{w['peak_rss_mib']:.0f}"
            + (f" (+{w['descendants_peak_rss_mib']:.0f} pool)" if w["descendants"] else "")
            for w in http["worker_memory_after_load"]
        )
        out.append(f"peak RSS per worker after the load runs: {peaks} MiB")
    memory = results.get("memory")
    if memory:
        out.append(
            f"\nMemory, one worker, {memory['documents']} documents "
            f"(every {memory['html_every']}th as HTML), statuses {memory['statuses']}"
        )
        rows = []
        for sample in memory["samples"]:
            for w in sample["workers"]:
                rows.append(
                    [
                        str(sample["documents"]),
                        str(w["pid"]),
                        f"{w['rss_mib']:.1f}",
                        f"{w['peak_rss_mib']:.1f}",
                        f"{w['descendants_rss_mib']:.1f}",
                    ]
                )
        out.append(table(rows, ["documents", "worker pid", "RSS MiB", "peak MiB", "pool MiB"]))
        for w in memory.get("growth", {}).get("workers", []):
            out.append(
                f"worker {w['pid']}: RSS {100 * w['growth_worker']:+.1f}% alone, "
                f"{100 * w['growth_with_pool']:+.1f}% with its pool, from "
                f"{memory['growth']['from']} to {w['to']} documents"
            )
    out.append("\nTargets (ratios measured in this run):")
    out.extend(t.line() for t in targets(results))
    return "\n".join(out)
