"""Semantic search: a query vector against a corpus of vectors, best cosine first.

With unit-length rows, cosine = inner product, so top-k search is a maximum-inner-product search:

    score(q, x_i) = q · x_i,   top-k = the k indices with the largest scores.

* ``exact``: one BLAS matrix product ``Q X^T`` and ``argpartition``, every score computed.
* ``hnsw``: FAISS ``IndexHNSWFlat`` (Malkov & Yashunin 2018, "Efficient and robust approximate
  nearest neighbor search using Hierarchical Navigable Small World graphs"), a graph walked greedily
  from coarse to fine layers: sub-millisecond queries, approximate (recall@10 < 1), slow to build.

``method="auto"`` uses exact search below :data:`INDEX_THRESHOLD` vectors and HNSW above; the
threshold comes from ``benchmarks/search_speed.py`` (see ``benchmarks/RESULTS.md``): one exact
query over 100k vectors takes 5-30 ms, while building HNSW takes 1-1.5 minutes and pays
off only after ~10,000 queries, so up to the CLI's 1M-line limit exact search wins.

Retrieve-then-rerank: a bi-encoder finds ``k`` candidates cheaply, then a cross-encoder
(:class:`~stsdemo.encoders.base.PairScorer`) scores the ``(query, candidate)`` pairs jointly and
reorders them (Nogueira & Cho 2019, "Passage Re-ranking with BERT").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stsdemo.encoders.base import PairScorer
from stsdemo.errors import UserError
from stsdemo.similarity import normalize

#: From this many vectors on, ``auto`` builds an HNSW index (exact search below).
INDEX_THRESHOLD = 1_000_000
METHODS = ("auto", "exact", "hnsw")


class VectorIndex:
    """Top-k inner-product search over unit vectors ``(n, d)``; ``method`` is ``exact`` or ``hnsw``."""

    def __init__(self, vectors: np.ndarray, method: str = "auto", *, hnsw_m: int = 32, ef_search: int = 128) -> None:
        vectors = np.ascontiguousarray(normalize(vectors), dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) == 0:
            raise UserError("Nothing to search: the corpus has no vectors.")
        if method not in METHODS:
            raise UserError(f"Unknown index {method!r}; choose one of {', '.join(METHODS)}.")
        if method == "auto":
            method = "hnsw" if len(vectors) >= INDEX_THRESHOLD else "exact"
        self.method = method
        self.size, self.dim = vectors.shape
        self.vectors = vectors
        self.index = None
        if method == "hnsw":
            import faiss

            self.index = faiss.IndexHNSWFlat(self.dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            self.index.hnsw.efConstruction = 40
            self.index.hnsw.efSearch = ef_search
            self.index.add(vectors)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(m, d)`` queries -> ``(scores (m, k'), ids (m, k'))``, best first, ``k' = min(k, n)``."""
        queries = np.ascontiguousarray(normalize(np.atleast_2d(queries)), dtype=np.float32)
        if queries.shape[1] != self.dim:
            raise UserError(f"Query vectors have {queries.shape[1]} dimensions; the corpus has {self.dim}.")
        k = max(1, min(int(k), self.size))
        if self.index is not None:
            return self.index.search(queries, k)
        scores = queries @ self.vectors.T
        ids = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(scores, ids, axis=1)
        order = np.argsort(-top, axis=1, kind="stable")
        return np.take_along_axis(top, order, axis=1), np.take_along_axis(ids, order, axis=1)


@dataclass(frozen=True)
class Hit:
    """One search result: ``rank`` starts at 1; ``score`` is the cosine (or the reranker's score)."""

    rank: int
    id: int
    text: str
    score: float
    cosine: float


def top_k(
    index: VectorIndex, texts: Sequence[str], query_vector: np.ndarray, k: int = 10, threshold: float | None = None
) -> list[Hit]:
    """The ``k`` corpus texts most similar to one query vector ``(d,)``, dropping cosines < ``threshold``."""
    scores, ids = index.search(query_vector.reshape(1, -1), k)
    hits = []
    for score, i in zip(scores[0], ids[0], strict=True):
        if i < 0 or (threshold is not None and score < threshold):
            continue
        hits.append(Hit(len(hits) + 1, int(i), texts[i], float(score), float(score)))
    return hits


def hits_table(hits: Sequence[Hit], labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Hits as a table: rank, text, score, cosine (4 decimals), and each text's label when the corpus has labels.

    >>> hits_table([Hit(1, 0, "a", 0.912345, 0.5)], ["x"]).to_dict("records")
    [{'rank': 1, 'text': 'a', 'score': 0.9123, 'cosine': 0.5, 'label': 'x'}]
    """
    columns = ["rank", "text", "score", "cosine"] + (["label"] if labels else [])
    rows = [
        {"rank": h.rank, "text": h.text, "score": round(h.score, 4), "cosine": round(h.cosine, 4)}
        | ({"label": labels[h.id]} if labels else {})
        for h in hits
    ]
    return pd.DataFrame(rows, columns=columns)


def rerank(query: str, hits: Sequence[Hit], scorer: PairScorer) -> list[Hit]:
    """Reorder ``hits`` by a cross-encoder's score of ``(query, text)``; the cosine is kept beside it."""
    if not hits:
        return []
    scores = scorer.score([(query, h.text) for h in hits])
    order = np.argsort(-scores, kind="stable")
    return [Hit(rank, hits[i].id, hits[i].text, float(scores[i]), hits[i].cosine) for rank, i in enumerate(order, 1)]
