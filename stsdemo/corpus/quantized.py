"""Quantised corpus embeddings for search: int8 (4x smaller) or binary (32x smaller), with rescoring.

The corpus is stored quantised with sentence-transformers' ``quantize_embeddings``:

* ``int8``: each dimension's range over the corpus is cut into 256 buckets,
  ``x_q = round((x - min_j) / (max_j - min_j) * 255) - 128``;
* ``binary``: one bit per dimension, ``x_b = [x > 0]``, packed 8 to a byte; compared by Hamming
  distance (FAISS ``IndexBinaryFlat``).

Search is two-stage (Yamada et al. 2021; sentence-transformers' ``semantic_search_faiss``):
the quantised query against the quantised corpus picks ``k * rescore_multiplier`` candidates, then
the **float32 query** is compared with those candidates' decoded rows (int8 codes mapped back to
their bucket centres, or ±1 bits) and the candidates are reordered by that cosine. The float corpus
is not kept, so the memory is the quantised one; the query costs one float vector.
``recall_at_k`` measures what is lost against exact float32 search (``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import numpy as np

from stsdemo.errors import UserError
from stsdemo.similarity import normalize

QUANTIZATIONS = ("int8", "binary")


class QuantizedIndex:
    """Top-k search over ``vectors`` stored as ``int8`` or ``binary`` codes, rescored with the float query."""

    def __init__(self, vectors: np.ndarray, precision: str, rescore_multiplier: int = 4) -> None:
        from sentence_transformers.util.quantization import quantize_embeddings

        if precision not in QUANTIZATIONS:
            raise UserError(
                "Unknown quantisation {name!r}; choose one of: {choices}.",
                name=precision,
                choices=", ".join(QUANTIZATIONS),
            )
        vectors = np.ascontiguousarray(normalize(vectors), dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) == 0:
            raise UserError("Nothing to search: the corpus has no vectors.")
        self.precision = precision
        self.size, self.dim = vectors.shape
        self.rescore_multiplier = max(1, int(rescore_multiplier))
        if precision == "int8":
            self.ranges = np.stack([vectors.min(axis=0), vectors.max(axis=0)])
            self.codes = quantize_embeddings(vectors, precision="int8", ranges=self.ranges)
            self.index = None
        else:
            import faiss

            self.codes = quantize_embeddings(vectors, precision="ubinary")
            self.index = faiss.IndexBinaryFlat(self.dim)
            self.index.add(self.codes)

    @property
    def nbytes(self) -> int:
        """Bytes of the stored corpus codes (float32 would be ``size * dim * 4``)."""
        return int(self.codes.nbytes)

    def _candidates(self, query: np.ndarray, n: int) -> np.ndarray:
        from sentence_transformers.util.quantization import quantize_embeddings

        if self.precision == "binary":
            _, ids = self.index.search(quantize_embeddings(query[None], precision="ubinary"), n)
            return ids[0][ids[0] >= 0]
        coarse = self.codes.astype(np.int32) @ quantize_embeddings(query[None], precision="int8", ranges=self.ranges)[
            0
        ].astype(np.int32)
        return np.argpartition(-coarse, n - 1)[:n] if n < self.size else np.arange(self.size)

    def _rows(self, ids: np.ndarray) -> np.ndarray:
        """The stored rows of ``ids`` decoded to unit vectors: int8 codes mapped back to their bucket
        centres, bits to ±1; the rescored score is then the cosine to the decoded vector."""
        if self.precision == "int8":
            low, high = self.ranges
            decoded = (self.codes[ids].astype(np.float32) + 128) / 255 * (high - low) + low
        else:
            decoded = np.unpackbits(self.codes[ids], axis=1)[:, : self.dim].astype(np.float32) * 2 - 1
        return normalize(decoded)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(m, d)`` float queries -> ``(rescored scores (m, k'), ids (m, k'))``, best first.

        Scores are cosines to the decoded corpus rows (close to the float cosine for int8, coarser
        for binary).
        """
        queries = np.ascontiguousarray(normalize(np.atleast_2d(queries)), dtype=np.float32)
        if queries.shape[1] != self.dim:
            raise UserError(f"Query vectors have {queries.shape[1]} dimensions; the corpus has {self.dim}.")
        k = max(1, min(int(k), self.size))
        n = min(self.size, k * self.rescore_multiplier)
        all_scores, all_ids = [], []
        for query in queries:
            ids = self._candidates(query, n)
            scores = self._rows(ids) @ query
            order = np.argsort(-scores, kind="stable")[:k]
            all_scores.append(scores[order])
            all_ids.append(ids[order])
        return np.stack(all_scores), np.stack(all_ids)


def recall_at_k(exact_ids: np.ndarray, approx_ids: np.ndarray) -> float:
    """Mean share of each query's exact top-k found in its approximate top-k.

    >>> recall_at_k(np.array([[1, 2], [3, 4]]), np.array([[2, 9], [4, 3]]))
    0.75
    """
    hits = [len(set(e) & set(a)) / len(e) for e, a in zip(exact_ids.tolist(), approx_ids.tolist(), strict=True)]
    return float(np.mean(hits))
