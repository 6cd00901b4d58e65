"""Cosine similarity, the score every bi-encoder in the app is judged by.

cos(u, v) = u·v / (‖u‖ ‖v‖), in [-1, 1]; 1 = same direction. A zero vector has similarity 0.
"""

from __future__ import annotations

import numpy as np


def normalize(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm (zero rows stay zero). Shape ``(n, d)`` -> ``(n, d)``.

    Example:
        >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]])).astype(float).round(4).tolist()
        [[0.6, 0.8], [0.0, 0.0]]
    """
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def paired_cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of row ``i`` of ``a`` with row ``i`` of ``b``: ``(n, d), (n, d) -> (n,)``.

    Example:
        >>> paired_cosine(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 2.0], [2.0, 2.0]])).round(4).tolist()
        [0.0, 1.0]
    """
    return np.einsum("ij,ij->i", normalize(a), normalize(b))


def cosine_matrix(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """All cosines between rows of ``a`` and rows of ``b`` (default ``a``): ``(n, m)``.

    Example:
        >>> cosine_matrix(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 1.0]])).astype(float).round(4).tolist()
        [[0.7071], [0.7071]]
    """
    an = normalize(a)
    return an @ (an if b is None else normalize(b)).T
