"""Before/after geometry of a fine-tuned bi-encoder: random-pair cosine and a 2-D projection.

Fine-tuning with a contrastive or ranking loss typically lowers the mean cosine of random pairs
(anisotropy, Ethayarajh 2019) - SimCSE's "uniformity" (Wang & Isola 2020).
"""

from __future__ import annotations

import numpy as np

from stsdemo.encoders.base import Encoder
from stsdemo.metrics import random_pair_cosine
from stsdemo.projection import project


def geometry(model: Encoder, sentences: list[str], seed: int = 0) -> dict:
    """``{"random_pair_cosine": float, "coords": (n, 2) array}`` of ``model`` on ``sentences``."""
    vectors = model.encode(sentences)
    return {"random_pair_cosine": random_pair_cosine(vectors, seed=seed), "coords": project(vectors, 2, seed=seed)}


def compare(models: dict[str, Encoder], sentences: list[str], seed: int = 0) -> dict[str, dict]:
    """:func:`geometry` of each named model on the same sentences."""
    return {name: geometry(model, sentences, seed) for name, model in models.items()}


def sample_sentences(sentences: list[str], n: int = 400, seed: int = 0) -> list[str]:
    """A seeded sample of distinct sentences (UMAP of a few hundred points takes < 1 s)."""
    unique = list(dict.fromkeys(sentences))
    if len(unique) <= n:
        return unique
    index = np.sort(np.random.default_rng(seed).choice(len(unique), n, replace=False))
    return [unique[i] for i in index]
