"""Geometry metrics of embedding sets: pure functions over numpy arrays, one idea per module.

Each alone is known to mislead (Rudman et al. 2022, IsoScore), so the Geometry tab shows several
side by side.
"""

from stsdemo.metrics.alignment_uniformity import alignment, uniformity
from stsdemo.metrics.isotropy import isotropy
from stsdemo.metrics.norms import mean_norm
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.metrics.spectrum import top_k_variance_share, variance_shares
from stsdemo.metrics.token_norms import rank_norm_correlation, token_norms_by_frequency

__all__ = [
    "alignment",
    "isotropy",
    "mean_norm",
    "random_pair_cosine",
    "rank_norm_correlation",
    "token_norms_by_frequency",
    "top_k_variance_share",
    "uniformity",
    "variance_shares",
]
