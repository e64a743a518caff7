import numpy as np
import numpy.typing as npt

def leaf_values(
    x: npt.NDArray[np.float64],
    roots: npt.NDArray[np.int64],
    feature: npt.NDArray[np.int64],
    split: npt.NDArray[np.float64],
    children: npt.NDArray[np.int64],
    value: npt.NDArray[np.float64],
    max_depth: int,
    out: npt.NDArray[np.float64],
) -> None: ...
