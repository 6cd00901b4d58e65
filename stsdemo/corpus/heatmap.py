"""The cosine-similarity matrix of (up to) a few hundred sentences, ordered so blocks show clusters.

Rows are sorted by cluster, and within a cluster by the leaf order of the average-linkage tree,
so similar sentences sit next to each other and each cluster is a bright square on the diagonal.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import leaves_list

from stsdemo.corpus.clusters import average_linkage
from stsdemo.similarity import cosine_matrix

#: A bigger matrix is unreadable on screen (and heavy for the browser).
MAX_HEATMAP = 200


def heatmap_order(vectors: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray:
    """A permutation of ``range(n)``: by ``labels`` first (if given), then by dendrogram leaf order."""
    n = len(vectors)
    if n < 3:
        return np.arange(n)
    position = np.empty(n, int)
    position[leaves_list(average_linkage(vectors))] = np.arange(n)
    if labels is None:
        return np.argsort(position)
    return np.lexsort((position, np.asarray(labels)))


def similarity_heatmap(
    vectors: np.ndarray, labels: np.ndarray | None = None, max_n: int = MAX_HEATMAP
) -> tuple[np.ndarray, np.ndarray]:
    """For the first ``max_n`` rows of ``vectors``: ``(order (m,), cosine matrix (m, m) in that order)``."""
    vectors = vectors[:max_n]
    labels = None if labels is None else np.asarray(labels)[:max_n]
    order = heatmap_order(vectors, labels)
    return order, cosine_matrix(vectors[order])
