"""A gradient-boosted forest exported as plain arrays, run with numpy.

The line model and the kind model are both LightGBM forests; shipping their trees as arrays
keeps LightGBM out of the runtime and loads in milliseconds. The walk runs in a compiled
extension (``_forest_walk``, Cython) built with the package; the numpy walk stays as the
reference it is tested against, and runs where the extension is missing (a source checkout
that was never built)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

try:
    from article_normalizer.normalize.lines import _forest_walk
except ImportError:  # pragma: no cover - a source tree whose extension was never built
    _forest_walk = None  # type: ignore[assignment]

COMPILED = _forest_walk is not None
"""Whether the compiled walk is available (the package's build makes it; tests require it)."""

CHUNK_PAIRS = 1 << 17
"""(row, tree) pairs walked at once. The walk's index arrays hold 8 bytes a pair, several of
them live per level: beyond this many pairs they leave the CPU's cache and every gather waits
on memory, so a long page costs about twice as much a line as an ordinary one. Rows are
independent, so walking them in chunks gives the same values."""


class ModelFormatError(RuntimeError):
    """Raised when the model file does not match this code's format or feature set."""


@dataclass(frozen=True, slots=True)
class Forest:
    """A binary gradient-boosted forest as flat node arrays (all trees concatenated).

    Node ``k`` splits on ``feature[k]`` at ``split[k]`` (left child when the value is ``<=``);
    a leaf is its own child on both sides with an infinite split, so walking ``max_depth`` steps
    from every root lands every (line, tree) pair on its leaf without branching on leafness.
    """

    roots: npt.NDArray[np.int64]
    feature: npt.NDArray[np.int64]
    split: npt.NDArray[np.float64]
    children: npt.NDArray[np.int64]
    """Left and right child interleaved, so one step is one gather at ``2 * node + right``."""
    value: npt.NDArray[np.float64]
    max_depth: int

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Forest:
        split = np.array([np.inf if s is None else s for s in doc["split"]], dtype=np.float64)
        return cls(
            roots=np.asarray(doc["roots"], dtype=np.int64),
            feature=np.asarray(doc["feature"], dtype=np.int64),
            split=split,
            children=np.column_stack([doc["left"], doc["right"]]).astype(np.int64).ravel(),
            value=np.asarray(doc["value"], dtype=np.float64),
            max_depth=int(doc["max_depth"]),
        )

    def raw_score(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Sum of leaf values per row of ``x`` (the log-odds of body)."""
        total: npt.NDArray[np.float64] = self.leaf_values(x).sum(axis=1)
        return total

    def leaf_values(
        self, x: npt.NDArray[np.float32], *, compiled: bool = COMPILED
    ) -> npt.NDArray[np.float64]:
        """The value of the leaf each row of ``x`` reaches in each tree: (rows x trees).

        ``compiled`` picks the extension's walk (the default when it is built) or the numpy
        reference: both reach the same leaves, so they return the same array.
        """
        n = x.shape[0]
        if n == 0:
            return np.zeros((0, len(self.roots)), dtype=np.float64)
        if compiled:
            return self._walk_compiled(x)
        step = max(1, CHUNK_PAIRS // len(self.roots))
        if n <= step:
            return self._walk(x)
        return np.vstack([self._walk(x[start : start + step]) for start in range(0, n, step)])

    def _walk_compiled(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        if _forest_walk is None:
            raise RuntimeError("the compiled forest walk is not built (pip install the package)")
        # float64, as the numpy walk compares: a float32 value against a float64 split.
        rows = np.ascontiguousarray(x, dtype=np.float64)
        out = np.empty((rows.shape[0], len(self.roots)), dtype=np.float64)
        _forest_walk.leaf_values(
            rows,
            self.roots,
            self.feature,
            self.split,
            self.children,
            self.value,
            self.max_depth,
            out,
        )
        return out

    def _walk(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """The numpy reference: all (row, tree) pairs step down together, per level one gather
        of the split feature's value, one comparison and one gather of the child, over a
        (rows x trees) index array of at most :data:`CHUNK_PAIRS` pairs."""
        n = x.shape[0]
        flat = x.astype(np.float64, copy=False).ravel()
        row_base = np.arange(0, n * x.shape[1], x.shape[1], dtype=np.int64)[:, None]
        children = self.children
        node = np.broadcast_to(self.roots, (n, len(self.roots)))
        feature, split = self.feature, self.split
        # ndarray.take gathers like fancy indexing but without its generic index handling:
        # about a fifth faster here, where the gathers are all the work.
        for _ in range(self.max_depth):
            right = flat.take(row_base + feature.take(node)) > split.take(node)
            node = children.take(2 * node + right)
        values: npt.NDArray[np.float64] = self.value.take(node)
        return values

    def predict(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Body probability per row of ``x``."""
        return 1.0 / (1.0 + np.exp(-self.raw_score(x)))


@dataclass(frozen=True, slots=True)
class GateSpec:
    """What a fitted forest's file must declare to be read by this code: the three page gates
    (text mode's threshold, HTML mode's trust in the extraction and its choice of reading) and
    the kind model are forests over figures the code computes, each fitted by its own script."""

    name: str
    """How errors name the file's model ("page gate", "kind model")."""
    format: str
    feature_version: int
    feature_names: tuple[str, ...]
    trainer: str
    """The script that refits it, for the error that says to."""

    def forest(self, doc: dict[str, Any]) -> Forest:
        """The gate's forest, once the file is known to be fitted on the figures the code
        computes: a gate read against other figures would answer for a different page."""
        if doc.get("format") != self.format:
            raise ModelFormatError(
                f"expected {self.name} format {self.format}, got {doc.get('format')}"
            )
        if (
            doc.get("feature_version") != self.feature_version
            or tuple(doc.get("feature_names", ())) != self.feature_names
        ):
            raise ModelFormatError(
                f"{self.name} trained on feature version {doc.get('feature_version')}, code "
                f"has {self.feature_version}: retrain with {self.trainer}"
            )
        return Forest.from_dict(doc["forest"])


def page_gain(forest: Forest, figures: npt.NDArray[np.float32]) -> float:
    """A page gate's prediction for one page's figures."""
    return float(forest.raw_score(figures.reshape(1, -1))[0])


@dataclass(frozen=True, slots=True)
class ThresholdGate:
    """A page gate whose verdict is its predicted gain against one threshold from its file.

    Subclasses give the file's :class:`GateSpec` and name what crossing the threshold means."""

    SPEC: ClassVar[GateSpec]

    forest: Forest
    threshold: float
    version: str

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Self:
        return cls(
            forest=cls.SPEC.forest(doc),
            threshold=float(doc["threshold"]),
            version=str(doc["version"]),
        )

    def gain(self, figures: npt.NDArray[np.float32]) -> float:
        """The predicted body-F1 gain of the gate's alternative policy on this page."""
        return page_gain(self.forest, figures)
