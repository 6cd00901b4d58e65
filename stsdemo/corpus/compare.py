"""Two encoders on the same corpus and queries: their top-k lists side by side and how much they agree.

Overlap@k = |top-k(A) ∩ top-k(B)| / k, in [0, 1]: 1 means both encoders retrieve the same
sentences (in any order), 0 that they disagree completely.
"""

from __future__ import annotations

import pandas as pd

from stsdemo.corpus.embedded import EmbeddedCorpus
from stsdemo.errors import UserError


def overlap_at_k(ids_a: list[int], ids_b: list[int], k: int) -> float:
    """|A ∩ B| / k for two lists of corpus indices (each at most ``k`` long)."""
    return len(set(ids_a[:k]) & set(ids_b[:k])) / k if k else 0.0


def compare_encoders(a: EmbeddedCorpus, b: EmbeddedCorpus, queries: list[str], k: int = 10) -> pd.DataFrame:
    """One row per (query, rank): A's text and cosine, B's text and cosine, and the query's overlap@k."""
    queries = [q.strip() for q in queries if q and q.strip()]
    if not queries:
        raise UserError("Type at least one query (one per line) to compare the encoders.")
    if a.corpus.texts != b.corpus.texts:
        raise UserError("Both encoders must embed the same corpus.")
    k = max(1, min(k, len(a.corpus)))
    rows = []
    for query in queries:
        hits_a, hits_b = a.search(query, k), b.search(query, k)
        overlap = overlap_at_k([h.id for h in hits_a], [h.id for h in hits_b], k)
        for rank, (ha, hb) in enumerate(zip(hits_a, hits_b, strict=False), 1):
            rows.append((query, rank, ha.text, round(ha.score, 4), hb.text, round(hb.score, 4), round(overlap, 3)))
    columns = ["query", "rank", f"A: {a.encoder.id}", "cosine A", f"B: {b.encoder.id}", "cosine B", f"overlap@{k}"]
    return pd.DataFrame(rows, columns=columns)


def mean_overlap(table: pd.DataFrame) -> float:
    """The mean overlap@k over the queries of a :func:`compare_encoders` table (each query counted once).

    >>> rows = [("q1", 1, 0.5), ("q1", 2, 0.5), ("q2", 1, 1.0)]
    >>> mean_overlap(pd.DataFrame(rows, columns=["query", "rank", "overlap@2"]))
    0.75
    """
    return float(table.groupby("query", sort=False)[table.columns[-1]].first().mean())
