"""Vector norms: raw BERT vectors share a large common component, so norms say how far the cloud
sits from the origin; cosine ignores them, Euclidean search does not."""

from __future__ import annotations

import numpy as np


def mean_norm(x: np.ndarray) -> float:
    """Mean L2 norm of the rows of ``x`` ``(n, d)``."""
    return float(np.linalg.norm(np.asarray(x, np.float64), axis=1).mean())
