"""Supervised SimCSE (Gao, Yao & Chen 2021, sec. 4): NLI entailment as positive, contradiction as hard negative.

For a batch of triplets ``(x_i, x_i+, x_i-)`` with embeddings ``h``::

    loss_i = -log( e^{cos(h_i, h_i+)/tau} / sum_j (e^{cos(h_i, h_j+)/tau} + e^{cos(h_i, h_j-)/tau}) ),  tau = 0.05

``MultipleNegativesRankingLoss(scale=20)`` on rows ``(anchor, positive, negative)``. Triplets come
from SNLI / Chinese-SNLI / CMNLI / OCNLI (see :mod:`stsdemo.training.corpus`) or a user's TSV.
"""

from __future__ import annotations

from stsdemo.training.corpus import load_nli
from stsdemo.training.run import Plan, TrainConfig
from stsdemo.training.simcse_unsup import contrastive_plan

DEFAULTS = {"epochs": 1, "batch_size": 32, "lr": 3e-5, "warmup": 0.1, "seed": 42}
DESCRIPTION = "supervised SimCSE: NLI triplets, contradiction as hard negative, temperature 0.05"


def prepare(config: TrainConfig) -> Plan:
    triplets = load_nli(config.data, config.limit)
    anchors, positives, negatives = (list(c) for c in zip(*triplets, strict=True))
    return contrastive_plan(config, {"anchor": anchors, "positive": positives, "negative": negatives}, anchors)
