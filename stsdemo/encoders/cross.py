"""Cross-encoders (both sentences through one transformer) as a :class:`PairScorer`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sentence_transformers import CrossEncoder

from stsdemo.encoders.base import PairScorer


class CrossEncoderScorer(PairScorer):
    """Wraps :class:`sentence_transformers.CrossEncoder`; scores are the model's activation output
    (a sigmoid for one-label models, so 0..1)."""

    def __init__(self, model: CrossEncoder, id: str) -> None:
        self.model = model
        self.id = id

    def score(self, pairs: Sequence[tuple[str, str]], *, show_progress: bool = False) -> np.ndarray:
        pairs = [(a, b) for a, b in pairs]
        if not pairs:
            return np.zeros(0, np.float32)
        scores = self.model.predict(pairs, show_progress_bar=show_progress, convert_to_numpy=True)
        return np.asarray(scores, np.float32).reshape(len(pairs), -1)[:, -1]
