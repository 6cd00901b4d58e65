"""Token-embedding norm against token frequency (Li et al. 2020, BERT-flow §2.2).

BERT's word embeddings are biased by frequency: frequent tokens sit near the origin, rare ones far
away, so a sentence vector mixes meaning with frequency. Counting tokens on a corpus and ranking
them (rank 1 = most frequent) shows it as a positive Spearman correlation between rank and norm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def token_norms_by_frequency(
    embeddings: np.ndarray, token_ids: Iterable[Sequence[int]], skip_ids: Iterable[int] = ()
) -> pd.DataFrame:
    """One row per token seen in ``token_ids``: ``token_id, count, rank, norm``, most frequent first.

    ``embeddings`` is the ``(vocab, d)`` input-embedding matrix; ``skip_ids`` (e.g. [CLS], [SEP])
    are left out because they occur once per sentence by construction.
    """
    skip = set(skip_ids)
    counts = Counter(t for ids in token_ids for t in ids if t not in skip)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ids = np.array([t for t, _ in ranked], dtype=np.int64)
    return pd.DataFrame(
        {
            "token_id": ids,
            "count": [c for _, c in ranked],
            "rank": np.arange(1, len(ids) + 1),
            "norm": np.linalg.norm(np.asarray(embeddings, np.float64)[ids], axis=1) if len(ids) else [],
        }
    )


def rank_norm_correlation(table: pd.DataFrame) -> float:
    """Spearman ρ between frequency rank and norm (> 0: frequent tokens have smaller norms)."""
    if len(table) < 3:
        return float("nan")
    return float(spearmanr(table["rank"], table["norm"]).statistic)
