"""Process memory and process trees from ``/proc``: no psutil, and nothing to install."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class Memory:
    """Resident set size now and at its peak, in KiB (as ``/proc/<pid>/status`` reports)."""

    rss_kib: int
    peak_kib: int

    @property
    def rss_mib(self) -> float:
        return self.rss_kib / 1024

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def memory(pid: int, proc: Path = PROC) -> Memory | None:
    """``VmRSS`` and ``VmHWM`` of ``pid``; None when the process is gone."""
    try:
        status = (proc / str(pid) / "status").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields: dict[str, int] = {}
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    if "VmRSS" not in fields:
        return None  # a zombie has no memory lines
    return Memory(rss_kib=fields["VmRSS"], peak_kib=fields.get("VmHWM", fields["VmRSS"]))


def parent_of(pid: int, proc: Path = PROC) -> int | None:
    """The parent pid from ``/proc/<pid>/stat`` (the command name may hold spaces and ')')."""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    after_name = stat.rsplit(")", 1)[-1].split()
    return int(after_name[1]) if len(after_name) > 1 else None


def children(pid: int, proc: Path = PROC) -> list[int]:
    """Direct children of ``pid``, in pid order."""
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit() and parent_of(int(entry.name), proc) == pid:
            found.append(int(entry.name))
    return sorted(found)


def descendants(pid: int, proc: Path = PROC) -> list[int]:
    """Every process below ``pid`` (children, grandchildren...), e.g. a worker's process pool."""
    parents: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            parent = parent_of(int(entry.name), proc)
            if parent is not None:
                parents[int(entry.name)] = parent
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        kids = sorted(child for child, parent in parents.items() if parent == current)
        found.extend(kids)
        frontier.extend(kids)
    return sorted(found)
