"""Alignment and uniformity on the unit sphere (Wang & Isola 2020; SimCSE, Gao et al. 2021, §5).

With f(x) L2-normalised::

    alignment  = E_{(x, y) positive} ‖f(x) − f(y)‖²            (lower = paraphrases closer)
    uniformity = log E_{x, y random} exp(−2 ‖f(x) − f(y)‖²)     (lower = spread more evenly)

The best uniformity for n points is reached by spreading them over the whole sphere; a cone of
vectors (raw BERT) has uniformity near 0. Positives are STS pairs scored ≥ 4 (SimCSE's choice).
"""

from __future__ import annotations

import numpy as np

from stsdemo.similarity import normalize


def alignment(a: np.ndarray, b: np.ndarray, alpha: float = 2.0) -> float:
    """Mean ‖f(a_i) − f(b_i)‖^α over positive pairs (row i of ``a`` with row i of ``b``), ``(n, d)``.

    Example (orthogonal unit vectors are sqrt(2) apart):
        >>> round(alignment(np.array([[1.0, 0.0]]), np.array([[0.0, 3.0]])), 4)
        2.0
    """
    if len(a) == 0:
        raise ValueError("need at least one positive pair")
    return float((np.linalg.norm(normalize(a) - normalize(b), axis=1) ** alpha).mean())


def uniformity(x: np.ndarray, t: float = 2.0, n_pairs: int = 50_000, seed: int = 0) -> float:
    """log mean exp(−t ‖f(x_i) − f(x_j)‖²) over distinct pairs (all if few, else ``n_pairs`` random).

    Example (two antipodal points: squared distance 4, so log exp(-2 * 4) = -8):
        >>> round(uniformity(np.array([[1.0, 0.0], [-1.0, 0.0]])), 4)
        -8.0
    """
    x = normalize(x).astype(np.float64)
    n = len(x)
    if n < 2:
        raise ValueError("need at least 2 vectors")
    if n * (n - 1) // 2 <= n_pairs:
        i, j = np.triu_indices(n, k=1)
    else:
        rng = np.random.default_rng(seed)
        i = rng.integers(0, n, n_pairs)
        j = (i + rng.integers(1, n, n_pairs)) % n
    sq = np.maximum(2.0 - 2.0 * np.einsum("ij,ij->i", x[i], x[j]), 0.0)  # ‖u − v‖² of unit vectors
    return float(np.log(np.mean(np.exp(-t * sq))))
