"""Measure a running server's throughput and memory for docs/capacity.md.

Posts real pages from the dev corpus (text or HTML mode) to ``/v1/normalize`` with a fixed
number of concurrent connections, for a bounded number of requests, and reports documents per
second, latency percentiles and errors. With ``--pid`` it also reads the memory of that process
and its descendants (the gunicorn master and workers; for a container, the host PID that
``podman inspect --format '{{.State.Pid}}'`` prints).

Loopback only: the load generator refuses any other host.

    python scripts/capacity.py --url http://127.0.0.1:8000 --mode text --concurrency 2 \
        --requests 300 --pid 12345
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import ipaddress
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/dev.jsonl.gz"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes_in: int = 0


def sample(corpus: Path, mode: str, count: int, largest: bool = False) -> list[bytes]:
    """Every k-th page of the corpus, so the sample spans its sources (which are grouped), or
    the ``count`` largest pages in this mode (the memory high-water mark)."""
    key = "text_inscriptis" if mode == "text" else "html"
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    if largest:
        chosen = sorted(rows, key=lambda r: len(r[key] or ""), reverse=True)[:count]
    else:
        chosen = rows[:: max(1, len(rows) // count)][:count]
    docs = []
    for row in chosen:
        doc = {mode: row[key], "url": row.get("url"), "reference_time": "2024-01-01T00:00:00Z"}
        docs.append(json.dumps({k: v for k, v in doc.items() if v is not None}).encode())
    return docs


def loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to load {host}: loopback addresses only")
    return host, parts.port or 80


def run(host: str, port: int, docs: list[bytes], concurrency: int, requests: int) -> Result:
    result = Result()
    lock = threading.Lock()
    issued = 0

    def client() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                if issued >= requests:
                    break
                body = docs[issued % len(docs)]
                issued += 1
            started = time.perf_counter()
            try:
                conn.request("POST", "/v1/normalize", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                payload = response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=120)
                ok, payload = False, str(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                    result.bytes_in += len(body)
                else:
                    result.errors.append(payload[:200].decode("utf-8", "replace"))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


def descendants(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
    return pids


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the server: its container's cgroup when it has one of its own
    (counts the HTML executor processes even across restarts), else the live process tree."""
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if path in ("", "/"):
            continue
        if "cpuacct" in controllers.split(","):
            usage = Path(f"/sys/fs/cgroup/cpu,cpuacct{path}/cpuacct.usage")
            if not usage.exists():
                usage = Path(f"/sys/fs/cgroup/cpuacct{path}/cpuacct.usage")
            return int(usage.read_text()) / 1e9
        if controllers == "":
            stat = Path(f"/sys/fs/cgroup{path}/cpu.stat").read_text()
            return int(stat.split("usage_usec")[1].split()[0]) / 1e6
    ticks = 0
    for p in descendants(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / 100


def memory(pid: int) -> dict[str, object]:
    """RSS of each process and the PSS total (shared pages counted once across workers)."""
    rss, pss = [], 0
    for p in descendants(pid):
        status = Path(f"/proc/{p}/status").read_text()
        rss.append(int(next(s for s in status.splitlines() if s.startswith("VmRSS")).split()[1]))
        rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        pss += int(next(s for s in rollup.splitlines() if s.startswith("Pss:")).split()[1])
    return {"rss_mib": [round(r / 1024) for r in rss], "pss_total_mib": round(pss / 1024)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--mode", choices=("text", "html"), default="text")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=100, help="distinct pages in the sample")
    parser.add_argument("--largest", action="store_true", help="the largest pages, not a spread")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pid", type=int, help="server PID whose memory to report")
    args = parser.parse_args(argv)

    host, port = loopback(args.url)
    docs = sample(args.corpus, args.mode, args.docs, args.largest)
    run(host, port, docs, args.concurrency, min(args.warmup, args.requests))
    cpu_before = cpu_seconds(args.pid) if args.pid else 0.0
    started = time.perf_counter()
    result = run(host, port, docs, args.concurrency, args.requests)
    wall = time.perf_counter() - started
    cpu = cpu_seconds(args.pid) - cpu_before if args.pid else 0.0
    lat = sorted(result.latencies)

    def pct(q: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 1) if lat else 0.0

    report: dict[str, object] = {
        "mode": args.mode,
        "concurrency": args.concurrency,
        "requests": args.requests,
        "ok": len(lat),
        "errors": len(result.errors),
        "seconds": round(wall, 2),
        "docs_per_s": round(len(lat) / wall, 2),
        "mean_kb_per_doc": round(result.bytes_in / max(1, len(lat)) / 1024, 1),
        "latency_ms": {
            "p50": pct(0.5),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "mean": round(1000 * statistics.fmean(lat), 1) if lat else 0.0,
        },
        "loadavg_1m": float(Path("/proc/loadavg").read_text().split()[0]),
    }
    if args.pid:
        # What capacity planning needs on a shared, busy machine: CPU time per document does
        # not depend on how many other processes compete for the cores, wall-clock rates do.
        report["server_cpu_ms_per_doc"] = round(1000 * cpu / max(1, len(lat)), 1)
        report["docs_per_cpu_second"] = round(len(lat) / cpu, 2) if cpu else None
        report["memory"] = memory(args.pid)
    if result.errors:
        report["first_errors"] = result.errors[:3]
    json.dump(report, sys.stdout)
    print()
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
