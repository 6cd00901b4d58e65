"""2-D / 3-D projections of embeddings for plots: UMAP (McInnes et al. 2018), PCA for tiny sets, and
:func:`align_to`, which turns one projection onto another so the panels of raw / whitened / flow agree.

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


def project(
    x: np.ndarray, n_components: int = 2, method: str = "auto", seed: int = 0, keep_on_disk: bool = False
) -> np.ndarray:
    """Project rows of ``x`` ``(n, d)`` to ``(n, n_components)`` with ``"umap"``, ``"pca"`` or ``"auto"``.

    ``auto`` = UMAP (cosine metric) from 15 points on, PCA below. Deterministic for a fixed ``seed``
    (UMAP runs on one thread), so the result is kept (:data:`stsdemo.cache.BY_VECTORS`, keyed by the
    vectors' content and the settings) and the same vectors are never projected twice: pressing
    "Analyse" again, or changing only another variant, reuses the panels whose vectors are unchanged.
    ``keep_on_disk`` (vectors of shipped sentence sets only) also keeps it in the disk cache, so a
    restart skips UMAP's numba compilation and its epochs (~15 s for the Geometry tab's three panels).
    """
    from stsdemo.cache import BY_VECTORS, DISK, array_digest, disk_key

    x = np.asarray(x, dtype=np.float32)
    digest = array_digest(x)

    def compute() -> np.ndarray:
        if not keep_on_disk:
            return _project(x, n_components, method, seed)
        key = disk_key("projection", digest, n_components, method, seed)
        found = DISK.load_array("projections", key)
        if found is not None and found.shape == (len(x), n_components):
            return found
        out = _project(x, n_components, method, seed)
        DISK.save_array("projections", key, out)
        return out

    key = ("vectors", digest, "project", n_components, method, seed, keep_on_disk)
    return BY_VECTORS.get_or_compute(key, compute).copy()


def _project(x: np.ndarray, n_components: int, method: str, seed: int) -> np.ndarray:
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

    from stsdemo import cancel

    cancel.check()  # UMAP's epochs cannot be interrupted: a Cancel stops the work before and after each projection
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
    cancel.check()
    return out


def align_to(reference: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``points`` ``(n, k)`` moved onto ``reference`` ``(n, k)`` (row i = the same item in both) by the
    similarity transform (shift, rotation or reflection, one scale) that fits it best: orthogonal
    Procrustes (Schönemann 1966, :func:`scipy.linalg.orthogonal_procrustes`).

    UMAP's axes mean nothing and each run picks its own rotation, so two projections of the same
    sentences (raw and whitened vectors) look unrelated; aligned, a sentence that keeps its
    neighbours stays in place and one that moves stands out. Only a rigid turn is applied: distances
    within a panel stay as UMAP drew them.

    >>> ref = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    >>> turned = 3 * ref @ np.array([[0.0, 1.0], [-1.0, 0.0]]) + 5   # rotated 90 degrees, scaled, shifted
    >>> np.allclose(align_to(ref, turned), ref)
    True
    """
    from scipy.linalg import orthogonal_procrustes

    reference = np.asarray(reference, np.float64)
    points = np.asarray(points, np.float64)
    ref_mean, pts_mean = reference.mean(0), points.mean(0)
    a, b = reference - ref_mean, points - pts_mean
    if len(points) < 2 or not np.any(b):
        return (b + ref_mean).astype(np.float32)
    rotation, singular_sum = orthogonal_procrustes(b, a)
    scale = singular_sum / np.sum(b * b)
    return (scale * b @ rotation + ref_mean).astype(np.float32)


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
