"""Average cosine of random pairs: the simplest anisotropy measure (Ethayarajh 2019).

For isotropic vectors E[cos(u, v)] ≈ 0; raw BERT sentence vectors often give 0.5-0.99 — they lie in
a narrow cone, so "every pair looks similar". Pairs are drawn with distinct indices.
"""

from __future__ import annotations

import numpy as np

from stsdemo.similarity import normalize


def random_pair_cosine(x: np.ndarray, n_pairs: int = 10_000, seed: int = 0) -> float:
    """Mean cosine over ``n_pairs`` random pairs ``(i, j), i != j`` of rows of ``x`` ``(n, d)``.

    Example (a cone: two nearly parallel vectors; and two opposite ones):
        >>> round(random_pair_cosine(np.array([[1.0, 0.0], [1.0, 0.1]])), 3)
        0.995
        >>> random_pair_cosine(np.array([[1.0, 0.0], [-1.0, 0.0]]))
        -1.0
    """
    return float(random_pair_cosines(x, n_pairs, seed).mean())


def random_pair_cosines(x: np.ndarray, n_pairs: int = 10_000, seed: int = 0) -> np.ndarray:
    """The cosines of ``n_pairs`` random pairs ``(i, j), i != j`` of rows of ``x``: their distribution is
    what a raw cosine must be compared with (see :mod:`stsdemo.calibration`)."""
    x = normalize(x)
    n = len(x)
    if n < 2:
        raise ValueError("need at least 2 vectors")
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, n_pairs)
    j = (i + rng.integers(1, n, n_pairs)) % n  # never equal to i
    return np.einsum("ij,ij->i", x[i], x[j])
