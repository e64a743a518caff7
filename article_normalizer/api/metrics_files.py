"""Each worker's Prometheus multiprocess files, allocated in full before the first sample.

prometheus_client keeps a worker's samples in files in ``PROMETHEUS_MULTIPROC_DIR`` that it
mmaps after extending them with ``truncate``, which allocates nothing. On a full filesystem
(a tmpfs or a size-limited ``emptyDir``) the first write to a page never backed raises
SIGBUS: the worker dies without a log line, its replacement dies the same way, and every
request fails. Allocating the files with ``posix_fallocate`` when the worker starts turns that
into an error we can see and survive: a worker that gets no space logs it once and keeps its
metrics in memory, unexported, while it answers requests as usual.

Free of prometheus_client on purpose: it runs in gunicorn's ``post_fork``, before the app (and
the library, which picks its storage when imported) is loaded.
"""

from __future__ import annotations

import contextlib
import os
import sys

METRIC_TYPES = ("counter", "histogram")
"""The kinds of metric ``article_normalizer.api.metrics`` defines; prometheus_client keeps one file
per
kind and process, ``{kind}_{pid}.db`` (gauges would add their mode to the kind)."""

FILE_BYTES = 256 * 1024
"""Allocated per file: 4 times prometheus_client's initial 64 KiB and about 10 times what this
service's label sets fill (24 KiB of histogram samples after every route and status), so a file
does not have to grow; growing would be unallocated again."""

read_only_dir: str | None = None
"""Set in a worker that could not allocate its files: where the other workers' samples are,
so its scrapes still show theirs (its own are not exported)."""


def allocate(directory: str, pid: int) -> None:
    """Create this process's metric files at full size; raises ``OSError`` (files removed)."""
    paths = [os.path.join(directory, f"{kind}_{pid}.db") for kind in METRIC_TYPES]
    try:
        for path in paths:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                os.posix_fallocate(fd, 0, FILE_BYTES)
            finally:
                os.close(fd)
    except OSError:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise


def keep_in_memory(directory: str) -> None:
    """Switch this process to prometheus_client's in-memory values, still reading ``directory``
    for the other workers' samples."""
    global read_only_dir
    read_only_dir = directory
    # prometheus_client chooses its value class from this variable when first imported.
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    values = sys.modules.get("prometheus_client.values")
    if values is not None:  # imported before the fork (the master's child_exit hook)
        values.ValueClass = values.MutexValue  # type: ignore[attr-defined]
