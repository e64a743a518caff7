import numpy as np
import numpy.typing as npt

def visit_counts(
    nextmove: npt.NDArray[np.uint32],
    rowbase: npt.NDArray[np.uint32],
    output: npt.NDArray[np.int32],
    text: bytes,
    features: int,
) -> dict[int, int] | None: ...
