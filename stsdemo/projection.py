"""2-D / 3-D projections of embeddings for plots: UMAP (McInnes et al. 2018), PCA for tiny sets.

UMAP's first call in a process spends ~11 s compiling numba code (more for n >= 4096), so the app
calls :func:`warm_up` in a background thread at start. Large sets are first reduced to 50
dimensions by PCA, which keeps UMAP's neighbour search fast and changes little.
"""

from __future__ import annotations

import threading

import numpy as np
from sklearn.decomposition import PCA

#: Below this many points UMAP's neighbour graph is meaningless: use PCA.
MIN_UMAP_POINTS = 15
_WARM = threading.Event()


def project(x: np.ndarray, n_components: int = 2, method: str = "auto", seed: int = 0) -> np.ndarray:
    """Project rows of ``x`` ``(n, d)`` to ``(n, n_components)`` with ``"umap"``, ``"pca"`` or ``"auto"``.

    ``auto`` = UMAP (cosine metric) from 15 points on, PCA below. Deterministic for a fixed ``seed``.
    """
    x = np.asarray(x, dtype=np.float32)
    n = len(x)
    if n == 0:
        return np.zeros((0, n_components), np.float32)
    if method == "auto":
        method = "umap" if n >= MIN_UMAP_POINTS else "pca"
    if method == "pca" or n < 4:
        k = min(n_components, n, x.shape[1])
        out = PCA(n_components=k, random_state=seed).fit_transform(x) if n > 1 else np.zeros((1, k))
        return np.pad(out, ((0, 0), (0, n_components - k))).astype(np.float32)
    if method != "umap":
        raise ValueError(f"unknown projection method {method!r}")
    import umap

    if x.shape[1] > 50 and n > 2000:
        x = PCA(n_components=50, random_state=seed).fit_transform(x)
    reducer = umap.UMAP(
        n_components=n_components, n_neighbors=min(15, n - 1), metric="cosine", random_state=seed, n_jobs=1
    )
    out = reducer.fit_transform(x).astype(np.float32)
    _WARM.set()
    return out


def warm_up(background: bool = True) -> threading.Thread | None:
    """Pay UMAP's numba compilation now (in a daemon thread by default) so users don't wait."""

    def run() -> None:
        project(np.random.default_rng(0).normal(size=(40, 8)), method="umap")

    if _WARM.is_set():
        return None
    if not background:
        run()
        return None
    thread = threading.Thread(target=run, name="umap-warm-up", daemon=True)
    thread.start()
    return thread
