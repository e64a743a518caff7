"""The server worker's allocator threshold: set through ``mallopt`` where glibc is, and what
setting it changes."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

from article_normalizer.serving.allocator import (
    M_MMAP_THRESHOLD,
    MAX_MMAP_THRESHOLD,
    fix_mmap_threshold,
)

ON_GLIBC = platform.libc_ver()[0] == "glibc"


class _Recorder:
    def __init__(self, answer: int) -> None:
        self.answer = answer
        self.calls: list[tuple[int, int]] = []

    def __call__(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return self.answer


def test_the_threshold_is_passed_to_mallopt() -> None:
    mallopt = _Recorder(1)
    assert fix_mmap_threshold(131072, mallopt)
    assert mallopt.calls == [(M_MMAP_THRESHOLD, 131072)]


def test_zero_leaves_the_allocator_alone() -> None:
    mallopt = _Recorder(1)
    assert not fix_mmap_threshold(0, mallopt)
    assert mallopt.calls == []


def test_a_refused_threshold_is_reported() -> None:
    assert not fix_mmap_threshold(131072, _Recorder(0))


def test_a_threshold_glibc_cannot_take_is_refused_before_the_call() -> None:
    with pytest.raises(ValueError, match="outside"):
        fix_mmap_threshold(MAX_MMAP_THRESHOLD + 1, _Recorder(1))


_PROBE = textwrap.dedent(
    """
    import ctypes, sys
    from article_normalizer.serving.allocator import fix_mmap_threshold

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = (ctypes.c_size_t,)
    libc.free.argtypes = (ctypes.c_void_p,)
    libc.mallinfo2.restype = MallInfo2
    if sys.argv[1] == "fixed":
        assert fix_mmap_threshold(128 * 1024)
    libc.free(libc.malloc(4 * 1024 * 1024))  # a body of 4 MiB, freed
    before = libc.mallinfo2().hblks
    block = libc.malloc(4 * 1024 * 1024)  # the next one of that size
    print(libc.mallinfo2().hblks - before)
    """
)


@pytest.mark.skipif(not ON_GLIBC, reason="glibc's sliding threshold only")
@pytest.mark.parametrize(("how", "new_mappings"), [("sliding", 0), ("fixed", 1)])
def test_a_fixed_threshold_keeps_large_blocks_in_mappings_of_their_own(
    how: str, new_mappings: int
) -> None:
    # Left alone, glibc raises its threshold when the first large block is freed, so the next
    # one comes from the heap; fixed, it gets a mapping of its own again. glibc's own MALLOC_*
    # variables would fix it too, so the probe runs without them.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, how], capture_output=True, text=True, check=True, env=env
    )
    assert int(out.stdout) == new_mappings
