"""How a server worker's C allocator hands memory back to the system, fixed once at its start.

A worker holds each request body whole while it decodes it and hands the document to a pipeline
process: a few kilobytes for most documents, megabytes for some HTML pages and batches. glibc's
``malloc`` gives a block at least as large as its mmap threshold a mapping of its own, which
goes back to the system when it is freed; but each time it frees such a block it raises the
threshold to that block's size (up to 32 MiB), so from then on bodies of that size come from the
heap, which is returned only from its top. Bodies of every size, one after another, leave the
heap fragmented and the worker's resident memory climbing for thousands of requests before it
levels off. Setting the threshold (``mallopt(M_MMAP_THRESHOLD)``, the same switch as glibc's
``MALLOC_MMAP_THRESHOLD_`` variable) stops the sliding: large bodies are mapped and unmapped,
and the worker stays at its size after the first documents. The pipeline processes are left as
they are: one whose resident memory passes its bound is replaced after its document
(:mod:`article_normalizer.serving.execution`), and mapping each of their large arrays and trees
anew would cost them page faults on every document.

Other C libraries (musl) keep no sliding threshold; there nothing is set.
"""

from __future__ import annotations

import ctypes
import platform
from typing import Protocol

M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for the mmap threshold (glibc's ``malloc.h``)."""

MAX_MMAP_THRESHOLD = 32 * 1024 * 1024
"""The largest threshold glibc accepts on 64-bit systems (``DEFAULT_MMAP_THRESHOLD_MAX``)."""


class _Mallopt(Protocol):
    def __call__(self, param: int, value: int) -> int: ...


def _glibc_mallopt() -> _Mallopt | None:
    """glibc's ``mallopt`` when this process runs on glibc."""
    if platform.libc_ver()[0] != "glibc":
        return None
    libc = ctypes.CDLL(None)
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return None
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt  # type: ignore[no-any-return]


def fix_mmap_threshold(threshold_bytes: int, mallopt: _Mallopt | None = None) -> bool:
    """Fix the allocator's mmap threshold at ``threshold_bytes``; whether it was set.

    ``0`` leaves the allocator's own behaviour (nothing is set). ``mallopt`` is for tests; by
    default glibc's, and on another C library nothing is set.
    """
    if threshold_bytes <= 0:
        return False
    if threshold_bytes > MAX_MMAP_THRESHOLD:
        raise ValueError(f"mmap threshold {threshold_bytes} is outside 1..{MAX_MMAP_THRESHOLD}")
    call = mallopt if mallopt is not None else _glibc_mallopt()
    if call is None:
        return False
    return call(M_MMAP_THRESHOLD, threshold_bytes) == 1
