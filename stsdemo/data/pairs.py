"""The one in-memory shape of a labelled pair set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

#: How a set is labelled, which decides how it is judged (see :class:`PairDataset`).
PairKind = Literal["graded", "binary"]


@dataclass
class PairDataset:
    """Sentence pairs with a gold label each.

    ``kind`` is ``"graded"`` (similarity scores such as STS-B's 0-5: judged by Spearman) or
    ``"binary"`` (0/1 match labels: judged by accuracy, F1 and AUC at the best threshold).
    ``labels`` may be ``None`` for unlabelled pairs (scoring only). ``unscored`` counts the rows of
    the source file that had no label and were left out (raw STS15/16 test files have such rows).
    """

    name: str
    sentences1: list[str]
    sentences2: list[str]
    labels: np.ndarray | None
    kind: PairKind = "graded"
    unscored: int = 0

    def __post_init__(self) -> None:
        if len(self.sentences1) != len(self.sentences2):
            raise ValueError("sentences1 and sentences2 differ in length")
        if self.labels is not None:
            self.labels = np.asarray(self.labels, dtype=np.float64)
            if len(self.labels) != len(self.sentences1):
                raise ValueError("labels and sentences differ in length")

    def __len__(self) -> int:
        return len(self.sentences1)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(zip(self.sentences1, self.sentences2, strict=True))

    def sentences(self) -> list[str]:
        """All distinct sentences, in first-seen order (what gets encoded)."""
        return list(dict.fromkeys(self.sentences1 + self.sentences2))

    def occurrences(self) -> list[str]:
        """Every sentence of every pair, duplicates kept: what the "target" protocol fits
        whitening / flow on (Su et al.'s code stacks the vectors of all pairs)."""
        return self.sentences1 + self.sentences2

    def head(self, n: int) -> PairDataset:
        labels = None if self.labels is None else self.labels[:n]
        return PairDataset(self.name, self.sentences1[:n], self.sentences2[:n], labels, self.kind, self.unscored)


def infer_kind(labels: np.ndarray) -> PairKind:
    """``binary`` when every label is 0 or 1, else ``graded``."""
    return "binary" if np.isin(labels, (0.0, 1.0)).all() else "graded"
