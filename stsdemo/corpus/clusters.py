"""Clusters of a corpus: average-linkage agglomerative clustering on cosine distance.

Distance d(u, v) = 1 - cos(u, v); average linkage merges the two clusters with the smallest mean
pairwise distance (UPGMA; scipy's ``linkage(method="average")``). The tree is cut into ``k``
clusters; without ``k`` we take the ``k`` in 2..12 with the best silhouette (Rousseeuw 1987),

    s(i) = (b_i - a_i) / max(a_i, b_i),

a_i the mean distance to i's own cluster, b_i to the nearest other one. The tree needs all
``n (n-1) / 2`` distances, so above :data:`MAX_TREE` sentences it is built on a random sample and
every sentence joins the cluster whose centroid is nearest.

The representative of a cluster is its member closest (by cosine) to the cluster's mean direction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import silhouette_score

from stsdemo.similarity import normalize

MAX_TREE = 3_000
MAX_K = 12


@dataclass(frozen=True)
class Clusters:
    """``labels[i]`` is the cluster of sentence ``i``; cluster 0 is the largest.

    ``representatives[c]`` is the index of the sentence standing for cluster ``c``.
    """

    labels: np.ndarray
    representatives: list[int]
    silhouette: float | None

    @property
    def sizes(self) -> list[int]:
        return np.bincount(self.labels).tolist()


def average_linkage(vectors: np.ndarray) -> np.ndarray:
    """scipy linkage matrix of average-linkage clustering on cosine distance."""
    return linkage(normalize(vectors).astype(np.float64), method="average", metric="cosine")


def _silhouette(vectors: np.ndarray, labels: np.ndarray) -> float | None:
    if not 1 < len(set(labels.tolist())) < len(labels):
        return None
    return float(silhouette_score(vectors, labels, metric="cosine"))


def _relabel(vectors: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Number clusters by decreasing size and pick each one's representative."""
    order = np.argsort(-np.bincount(labels), kind="stable")
    rename = np.empty_like(order)
    rename[order] = np.arange(len(order))
    labels = rename[labels]
    reps = []
    for c in range(labels.max() + 1):
        members = np.flatnonzero(labels == c)
        centre = normalize(vectors[members].mean(axis=0, keepdims=True))[0]
        reps.append(int(members[np.argmax(vectors[members] @ centre)]))
    return labels, reps


def cluster(vectors: np.ndarray, n_clusters: int | None = None, *, seed: int = 0) -> Clusters:
    """Cluster the rows of ``vectors`` ``(n, d)`` into ``n_clusters`` groups (``None``: best silhouette)."""
    x = normalize(vectors)
    n = len(x)
    if n < 3:
        labels = np.zeros(n, int)
        return Clusters(labels, [0] if n else [], None)
    sample = np.arange(n) if n <= MAX_TREE else np.sort(np.random.default_rng(seed).choice(n, MAX_TREE, replace=False))
    tree = average_linkage(x[sample])
    if n_clusters is None:
        candidates = range(2, min(MAX_K, len(sample) - 1) + 1)
        scored = [(_silhouette(x[sample], fcluster(tree, k, "maxclust") - 1), k) for k in candidates]
        n_clusters = max(((s, k) for s, k in scored if s is not None), default=(0.0, 1))[1]
    n_clusters = int(min(max(n_clusters, 1), n))
    sample_labels = fcluster(tree, n_clusters, "maxclust") - 1
    if len(sample) == n:
        labels = sample_labels
    else:
        centres = normalize(np.stack([x[sample[sample_labels == c]].mean(axis=0) for c in np.unique(sample_labels)]))
        labels = np.argmax(x @ centres.T, axis=1)
    labels, reps = _relabel(x, np.unique(labels, return_inverse=True)[1])
    check = np.random.default_rng(seed).choice(n, min(n, MAX_TREE), replace=False)
    return Clusters(labels, reps, _silhouette(x[check], labels[check]))
