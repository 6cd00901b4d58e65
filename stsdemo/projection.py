"""2-D / 3-D projections of embeddings for plots: UMAP (McInnes et al. 2018), PCA for tiny sets.

UMAP's first call in a process spends ~11 s compiling numba code, so the app calls :func:`warm_up`
in a background thread at start. We hand UMAP exact cosine neighbours computed by one chunked matrix
product: at demo sizes (<= 20k points) that is faster than its approximate NN-descent and skips
NN-descent's own ~40 s compilation the first time n >= 4096.
"""

from __future__ import annotations

import threading
import warnings

import numpy as np
from sklearn.decomposition import PCA

from stsdemo.similarity import normalize

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

    k = min(15, n - 1)
    reducer = umap.UMAP(
        n_components=n_components,
        n_neighbors=k,
        metric="cosine",
        random_state=seed,
        n_jobs=1,
        precomputed_knn=exact_cosine_knn(x, k),
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*knn_search_index.*")  # we never call transform()
        out = reducer.fit_transform(x).astype(np.float32)
    _WARM.set()
    return out


def exact_cosine_knn(x: np.ndarray, k: int, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(n, k)`` and cosine distances ``(n, k)`` of each row's ``k`` nearest rows (itself first)."""
    xn = normalize(x)
    indices = np.empty((len(xn), k), np.int64)
    distances = np.empty((len(xn), k), np.float32)
    for start in range(0, len(xn), chunk):
        sims = xn[start : start + chunk] @ xn.T
        sims[np.arange(len(sims)), np.arange(start, start + len(sims))] = 2.0  # self first, whatever the ties
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(sims, top, 1), axis=1), 1)
        indices[start : start + chunk] = top
        distances[start : start + chunk] = np.clip(1.0 - np.take_along_axis(sims, top, 1), 0.0, 2.0)
    distances[:, 0] = 0.0
    return indices, distances


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
