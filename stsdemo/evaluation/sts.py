"""Graded STS evaluation: rank correlation of model similarity with human scores.

Spearman's ρ (the STS-B convention; Reimers et al. 2016 argue it over Pearson) is Pearson's r on
ranks, so any monotone post-transform of the similarity leaves it unchanged. Values are fractions
(0.8203), as sentence-transformers reports them.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import pearsonr, spearmanr


def correlation_metrics(similarity: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """``{"spearman", "pearson", "n"}`` between predicted similarities and gold scores.

    Example (same order, so Spearman is 1; the gaps differ, so Pearson is not):
        >>> m = correlation_metrics(np.array([0.1, 0.5, 0.4]), np.array([1.0, 5.0, 3.0]))
        >>> m["spearman"], round(m["pearson"], 4), m["n"]
        (1.0, 0.9608, 3)
    """
    similarity, gold = np.asarray(similarity, np.float64), np.asarray(gold, np.float64)
    if len(similarity) < 2 or np.ptp(similarity) == 0 or np.ptp(gold) == 0:
        return {"spearman": float("nan"), "pearson": float("nan"), "n": len(similarity)}
    return {
        "spearman": float(spearmanr(similarity, gold).statistic),
        "pearson": float(pearsonr(similarity, gold).statistic),
        "n": len(similarity),
    }
