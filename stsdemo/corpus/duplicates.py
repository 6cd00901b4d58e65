"""Near-duplicates and paraphrases: every pair of corpus sentences with cosine >= a threshold.

Uses sentence-transformers' ``paraphrase_mining_embeddings`` (Reimers & Gurevych 2019), which
compares the corpus with itself chunk by chunk and keeps each sentence's ``top_k`` neighbours, so
memory stays bounded for large corpora instead of holding the full ``n x n`` matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from sentence_transformers.util import paraphrase_mining_embeddings

from stsdemo.similarity import normalize


def near_duplicates(
    vectors: np.ndarray, threshold: float = 0.9, *, top_k: int = 20, max_pairs: int = 10_000
) -> list[tuple[float, int, int]]:
    """Pairs ``(cosine, i, j)`` with ``i < j`` and cosine >= ``threshold``, best first.

    ``vectors`` ``(n, d)``; at most ``max_pairs`` pairs and ``top_k`` partners per sentence.
    """
    if len(vectors) < 2:
        return []
    found = paraphrase_mining_embeddings(
        torch.from_numpy(normalize(vectors)), top_k=top_k, max_pairs=max_pairs, corpus_chunk_size=5_000
    )
    return [(float(s), min(int(i), int(j)), max(int(i), int(j))) for s, i, j in found if s >= threshold]


def duplicates_frame(pairs: list[tuple[float, int, int]], texts: list[str]) -> pd.DataFrame:
    """The pairs as a table: cosine, both line numbers (1-based) and both texts."""
    rows = [(round(s, 4), i + 1, texts[i], j + 1, texts[j]) for s, i, j in pairs]
    return pd.DataFrame(rows, columns=["cosine", "line A", "sentence A", "line B", "sentence B"])
