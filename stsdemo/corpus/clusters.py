"""Clusters of a corpus: Ward (default), k-means, average-linkage or HDBSCAN on unit vectors.

All methods see unit-length rows, where squared Euclidean distance is ``2 - 2 cos``: k-means and
Ward (minimum within-cluster variance, scipy ``linkage(method="ward")``) then group by cosine too.
Average linkage merges the two clusters with the smallest mean ``1 - cos`` (UPGMA); HDBSCAN
(sklearn) finds dense regions and chooses its own number of clusters, its "noise" points join the
nearest cluster. Which one finds the groups a corpus really has is measured against the labelled
presets in ``python -m benchmarks.clustering`` (``benchmarks/RESULTS.md``): average linkage splits
off outliers (TREC: 299 + 1, adjusted Rand 0.00), Ward and k-means agree best with the labels (mean
adjusted Rand over FAQ and TREC 0.23 and 0.21); Ward is the default because it is deterministic and
was 20x faster than k-means on 8,192-dimensional TF-IDF vectors.

Without ``n_clusters`` the ``k`` in 2..12 with the best silhouette (Rousseeuw 1987) is taken,

    s(i) = (b_i - a_i) / max(a_i, b_i),

a_i the mean cosine distance to i's own cluster, b_i to the nearest other one; the result keeps the
silhouette of every ``k`` tried, so the page can say why that ``k``. Trees need all ``n (n-1) / 2``
distances, so above :data:`MAX_TREE` sentences every method runs on a random sample and every
sentence joins the cluster whose centroid is nearest.

The representative of a cluster is its member closest (by cosine) to the cluster's mean direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import silhouette_score

from stsdemo.errors import Message, UserError
from stsdemo.similarity import normalize

MAX_TREE = 3_000
MAX_K = 12
#: Method name -> what it does, for the picker. The first is the default (best in benchmarks/clustering.py).
METHODS = {
    "ward": "Ward linkage on unit vectors",
    "kmeans": "k-means on unit vectors",
    "average": "average linkage on cosine distance",
    "hdbscan": "HDBSCAN (chooses its own number of clusters)",
}
DEFAULT_METHOD = next(iter(METHODS))


@dataclass(frozen=True)
class Clusters:
    """``labels[i]`` is the cluster of sentence ``i``; cluster 0 is the largest.

    ``representatives[c]`` is the index of the sentence standing for cluster ``c``; ``silhouettes``
    maps every ``k`` tried to its silhouette (empty when ``k`` was given).
    """

    labels: np.ndarray
    representatives: list[int]
    silhouette: float | None
    method: str = DEFAULT_METHOD
    silhouettes: dict[int, float] = field(default_factory=dict)

    @property
    def sizes(self) -> list[int]:
        return np.bincount(self.labels).tolist()

    def why(self) -> Message:
        """How the number of clusters was chosen, in words for the page (a :class:`~stsdemo.errors.Message`).

        >>> Clusters(np.array([0, 0, 1]), [0, 2], 0.5, "ward", {2: 0.5, 3: 0.2}).why()
        'k = 2: the best silhouette (0.500) among k = 2…3 (Ward linkage on unit vectors); set k to override.'
        """
        k = len(self.sizes)
        name = METHODS[self.method]
        if self.method == "hdbscan":
            return Message("k = {k}: found by {method}.", k=k, method=name)
        if not self.silhouettes:
            return Message("k = {k}: set by you ({method}).", k=k, method=name)
        tried = sorted(self.silhouettes)
        span = f"{tried[0]}…{tried[-1]}" if len(tried) > 1 else str(tried[0])
        return Message(
            "k = {k}: the best silhouette ({silhouette:.3f}) among k = {span} ({method}); set k to override.",
            k=k,
            silhouette=self.silhouettes[k],
            span=span,
            method=name,
        )

    def summary(self, texts: Sequence[str], labels: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per cluster: number, size, representative text and, with labels, its commonest label
        and that label's share.

        >>> table = Clusters(np.array([0, 0, 1]), [1, 2], None).summary(["a", "b", "c"], ["x", "x", "y"])
        >>> table.to_dict("list")["top label"], table.to_dict("list")["representative"]
        (['x (100%)', 'y (100%)'], ['b', 'c'])
        """
        rows = []
        for c, (rep, size) in enumerate(zip(self.representatives, self.sizes, strict=True)):
            row = {"cluster": c, "size": size, "representative": texts[rep]}
            if labels:
                members = pd.Series([labels[i] for i in np.flatnonzero(self.labels == c)])
                row["top label"] = f"{members.mode()[0]} ({members.value_counts(normalize=True).iloc[0]:.0%})"
            rows.append(row)
        return pd.DataFrame(rows)

    def assignment(self, texts: Sequence[str], labels: Sequence[str] | None = None) -> pd.DataFrame:
        """Every sentence with its cluster (and its label when the corpus has labels), in corpus order."""
        return pd.DataFrame({"text": texts, "cluster": self.labels} | ({"label": labels} if labels else {}))


def average_linkage(vectors: np.ndarray) -> np.ndarray:
    """scipy linkage matrix of average-linkage clustering on cosine distance."""
    return linkage(normalize(vectors).astype(np.float64), method="average", metric="cosine")


def _partitioner(x: np.ndarray, method: str, seed: int) -> Callable[[int], np.ndarray]:
    """``k -> labels`` of the rows of ``x`` (unit length) by ``method``; trees are built once."""
    if method == "average":
        tree = average_linkage(x)
    elif method == "ward":
        tree = linkage(x.astype(np.float64), method="ward")
    elif method == "kmeans":
        from sklearn.cluster import KMeans

        return lambda k: KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(x)
    else:
        raise UserError(
            "Unknown clustering method {method!r}; choose one of: {choices}.", method=method, choices=", ".join(METHODS)
        )
    return lambda k: fcluster(tree, k, "maxclust") - 1


def _hdbscan(x: np.ndarray) -> np.ndarray:
    """HDBSCAN labels with its noise points (-1) joined to the nearest cluster's centroid."""
    from sklearn.cluster import HDBSCAN

    labels = HDBSCAN(min_cluster_size=max(3, len(x) // 50)).fit_predict(x)
    found = np.unique(labels[labels >= 0])
    if len(found) == 0:
        return np.zeros(len(x), int)
    centres = normalize(np.stack([x[labels == c].mean(axis=0) for c in found]))
    noise = labels < 0
    labels[noise] = found[np.argmax(x[noise] @ centres.T, axis=1)]
    return labels


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


def cluster(
    vectors: np.ndarray, n_clusters: int | None = None, *, method: str = DEFAULT_METHOD, seed: int = 0
) -> Clusters:
    """Cluster the rows of ``vectors`` ``(n, d)`` into ``n_clusters`` groups (``None``: best silhouette).

    ``method`` is one of :data:`METHODS`; ``hdbscan`` ignores ``n_clusters``.
    """
    if method not in METHODS:
        raise UserError(
            "Unknown clustering method {method!r}; choose one of: {choices}.", method=method, choices=", ".join(METHODS)
        )
    x = normalize(vectors)
    n = len(x)
    if n < 3:
        labels = np.zeros(n, int)
        return Clusters(labels, [0] if n else [], None, method)
    sample = np.arange(n) if n <= MAX_TREE else np.sort(np.random.default_rng(seed).choice(n, MAX_TREE, replace=False))
    silhouettes: dict[int, float] = {}
    if method == "hdbscan":
        sample_labels = _hdbscan(x[sample])
    else:
        partition = _partitioner(x[sample], method, seed)
        if n_clusters is None:
            for k in range(2, min(MAX_K, len(sample) - 1) + 1):
                score = _silhouette(x[sample], partition(k))
                if score is not None:
                    silhouettes[k] = score
            n_clusters = max(silhouettes, key=silhouettes.get, default=1)
        n_clusters = int(min(max(n_clusters, 1), len(sample)))
        sample_labels = partition(n_clusters)
    if len(sample) == n:
        labels = sample_labels
    else:
        centres = normalize(np.stack([x[sample[sample_labels == c]].mean(axis=0) for c in np.unique(sample_labels)]))
        labels = np.argmax(x @ centres.T, axis=1)
    labels, reps = _relabel(x, np.unique(labels, return_inverse=True)[1])
    if silhouettes and len(reps) not in silhouettes:  # centroid assignment merged a sampled cluster away
        silhouettes = {}
    check = np.random.default_rng(seed).choice(n, min(n, MAX_TREE), replace=False)
    return Clusters(labels, reps, _silhouette(x[check], labels[check]), method, silhouettes)
