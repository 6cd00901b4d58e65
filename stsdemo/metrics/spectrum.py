"""The singular-value spectrum of centred vectors, and the variance share of the top components.

For centred X ``(n, d)`` with singular values σ_1 ≥ σ_2 ≥ …, component j explains
σ_j² / Σ_i σ_i² of the variance (PCA's explained-variance ratio). Anisotropic embeddings put most
variance in a few directions (Ethayarajh 2019; Gao et al. 2019, "representation degeneration");
after whitening every direction explains 1/d.
"""

from __future__ import annotations

import numpy as np


def variance_shares(x: np.ndarray) -> np.ndarray:
    """Explained-variance ratio of every principal component, descending, shape ``(min(n, d),)``.

    Example (a 2 x 1 rectangle's corners: variance 1 along x, 0.25 along y):
        >>> variance_shares(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [2.0, 1.0]])).round(4).tolist()
        [0.8, 0.2]
    """
    x = np.asarray(x, np.float64)
    s = np.linalg.svd(x - x.mean(axis=0), compute_uv=False)
    total = float((s**2).sum())
    if total == 0:
        return np.zeros_like(s)
    return s**2 / total


def top_k_variance_share(x: np.ndarray, k: int = 1) -> float:
    """Fraction of the total variance in the top ``k`` principal components.

    Example:
        >>> round(top_k_variance_share(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [2.0, 1.0]]), k=1), 4)
        0.8
    """
    return float(variance_shares(x)[:k].sum())
