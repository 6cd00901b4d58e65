"""Partition-function isotropy I(W) (Arora et al. 2016; Mu & Viswanath 2018, "All-but-the-Top").

For vectors w_i (rows of W, ``(n, d)``) and Z(c) = Σ_i exp(cᵀ w_i)::

    I(W) = min_c Z(c) / max_c Z(c),   c over the eigenvectors of WᵀW

I = 1 when Z is the same in every principal direction (isotropic); a common direction that all
vectors share makes Z huge along it and I small. We use unit-length rows, so raw and
post-processed variants are compared on the geometry cosine sees, and evaluate log Z with
logsumexp (no overflow).
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

from stsdemo.similarity import normalize


def isotropy(x: np.ndarray) -> float:
    """I(W) in (0, 1] for the rows of ``x`` ``(n, d)`` (rows are L2-normalised first).

    Example (the identity's rows are perfectly isotropic; three vectors in a narrow cone are not):
        >>> isotropy(np.eye(3)), round(isotropy(np.array([[1.0, 0.1], [1.0, -0.1], [1.0, 0.0]])), 3)
        (1.0, 0.368)
    """
    w = normalize(x).astype(np.float64)
    if len(w) < 1:
        raise ValueError("need at least 1 vector")
    _, _, vt = np.linalg.svd(w, full_matrices=False)  # rows of vt: eigenvectors of WᵀW
    log_z = logsumexp(w @ vt.T, axis=0)
    return float(np.exp(log_z.min() - log_z.max()))
