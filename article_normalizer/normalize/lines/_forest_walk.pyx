# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The forest walk of :mod:`article_normalizer.normalize.lines.forest`, compiled.

numpy walks every (row, tree) pair one level at a time: three gathers and a comparison per
level over index arrays as large as rows times trees, each a call with its own overhead. Here
one row walks four trees at once in a C loop: the four descents do not depend on each other,
so the processor overlaps their loads, where one descent alone waits on each load in turn. The
comparisons are the numpy walk's own (the row's value as float64 against the float64 split,
left when ``<=``, so NaN goes left; a leaf is its own child), and it writes the same leaf
values: the caller sums them with numpy as before, so the scores are the same to the last bit.
"""

from libc.stdint cimport int64_t


def leaf_values(
    const double[:, ::1] x,
    const int64_t[::1] roots,
    const int64_t[::1] feature,
    const double[::1] split,
    const int64_t[::1] children,
    const double[::1] value,
    int max_depth,
    double[:, ::1] out,
) -> None:
    """Write into ``out[row, tree]`` the value of the leaf ``x[row]`` reaches in each tree."""
    cdef Py_ssize_t rows = x.shape[0]
    cdef Py_ssize_t trees = roots.shape[0]
    cdef Py_ssize_t grouped = trees - trees % 4
    cdef Py_ssize_t row, tree
    cdef int64_t a, b, c, d
    cdef int depth
    with nogil:
        for row in range(rows):
            for tree in range(0, grouped, 4):
                a = roots[tree]
                b = roots[tree + 1]
                c = roots[tree + 2]
                d = roots[tree + 3]
                for depth in range(max_depth):
                    a = children[2 * a + (x[row, feature[a]] > split[a])]
                    b = children[2 * b + (x[row, feature[b]] > split[b])]
                    c = children[2 * c + (x[row, feature[c]] > split[c])]
                    d = children[2 * d + (x[row, feature[d]] > split[d])]
                out[row, tree] = value[a]
                out[row, tree + 1] = value[b]
                out[row, tree + 2] = value[c]
                out[row, tree + 3] = value[d]
            for tree in range(grouped, trees):
                a = roots[tree]
                for depth in range(max_depth):
                    a = children[2 * a + (x[row, feature[a]] > split[a])]
                out[row, tree] = value[a]
