"""Score sentence pairs with several models side by side, and how much the models agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from stsdemo.calibration import readings
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.vocabulary import oov_warning
from stsdemo.errors import Message
from stsdemo.similarity import paired_cosine


def score_pairs(
    pairs: Sequence[tuple[str, str]], models: Sequence[Encoder | PairScorer], show_progress: bool = False
) -> pd.DataFrame:
    """A table: ``sentence 1``, ``sentence 2``, then one score column per model (named by its id).

    Bi-encoders give the cosine of the two embeddings; cross-encoders their pair score.
    """
    table = pd.DataFrame({"sentence 1": [a for a, _ in pairs], "sentence 2": [b for _, b in pairs]})
    for model in models:
        if isinstance(model, PairScorer):
            scores = model.score(pairs, show_progress=show_progress)
        else:
            vectors = model.encode([a for a, _ in pairs] + [b for _, b in pairs], show_progress=show_progress)
            scores = paired_cosine(vectors[: len(pairs)], vectors[len(pairs) :])
        table[model.id] = np.asarray(scores, np.float64)
    return table


def rank_agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Spearman correlation between every two score columns of :func:`score_pairs`' table.

    Two encoders can give very different cosines (raw CLS is always high) yet order the pairs
    alike; rank agreement shows that. Needs at least 3 pairs to mean anything (else NaN).
    """
    scores = table.drop(columns=["sentence 1", "sentence 2"])
    if len(scores) < 3:
        return pd.DataFrame(np.nan, index=scores.columns, columns=scores.columns)
    return scores.corr(method="spearman").round(3)


def unreadable_pairs(
    pairs: Sequence[tuple[str, str]], models: Sequence[Encoder | PairScorer]
) -> dict[str, list[Message | None]]:
    """For each model id, per pair: the [UNK] warning (see :mod:`stsdemo.encoders.vocabulary`) or ``None``.

    Models that read every pair are left out, so an empty dict means nothing to flag.
    """
    flags = {model.id: [oov_warning(model, pair) for pair in pairs] for model in models}
    return {name: notes for name, notes in flags.items() if any(notes)}


def with_readings(
    table: pd.DataFrame, models: Sequence[Encoder | PairScorer], show: Callable[[Message], str] = str
) -> pd.DataFrame:
    """:func:`score_pairs`' table with, after each calibrated bi-encoder's cosine column, its
    ``percentile`` among random pairs and ``expected 0-5`` STS score (:mod:`stsdemo.calibration`),
    and a ``warning`` column naming the encoders that cannot read a pair (when any cannot), each
    warning written by ``show`` (English; the page passes its translation)."""
    out = table[["sentence 1", "sentence 2"]].copy()
    for model in models:
        out[model.id] = table[model.id]
        if isinstance(model, PairScorer):
            continue
        values = [readings(model.id, float(c)) for c in table[model.id]]
        if values and values[0]:
            out[f"{model.id} percentile"] = [v["percentile"] for v in values]
            out[f"{model.id} expected 0-5"] = [v["expected_score"] for v in values]
    flags = unreadable_pairs(list(zip(table["sentence 1"], table["sentence 2"], strict=True)), models)
    if flags:
        out["warning"] = [" ".join(show(notes[i]) for notes in flags.values() if notes[i]) for i in range(len(table))]
    return out
