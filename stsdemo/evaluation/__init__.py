"""Evaluate an encoder (or cross-encoder) on a labelled pair set.

Like sentence-transformers' evaluators, the result is a plain dict of named metrics that the UI,
the CLI and the tests all read, and, like their ``primary_metric``, :func:`primary_metric` names the
one a leaderboard shows, so no caller has to guess it from the dict's keys.
"""

from __future__ import annotations

import numpy as np

from stsdemo.data.pairs import PairDataset
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.errors import DataError
from stsdemo.evaluation.degenerate import degenerate_warnings
from stsdemo.evaluation.matching import matching_metrics
from stsdemo.evaluation.sts import correlation_metrics
from stsdemo.similarity import paired_cosine


def pair_similarities(model: Encoder | PairScorer, dataset: PairDataset, show_progress: bool = False) -> np.ndarray:
    """One score per pair: cosine of the two embeddings, or the cross-encoder's score."""
    if isinstance(model, PairScorer):
        return model.score(dataset.pairs, show_progress=show_progress)
    sentences = dataset.sentences()
    vectors = model.encode(sentences, show_progress=show_progress)
    index = {s: i for i, s in enumerate(sentences)}
    a = vectors[[index[s] for s in dataset.sentences1]]
    b = vectors[[index[s] for s in dataset.sentences2]]
    return paired_cosine(a, b)


#: the headline metric per dataset kind: Spearman for graded sets (the STS-B convention), ROC AUC for
#: 0/1 sets (threshold-free; their Spearman against the 0/1 label, MTEB's figure, is reported beside it)
PRIMARY_METRIC = {"graded": "spearman", "binary": "auc"}


def primary_metric(dataset: PairDataset | str) -> str:
    """The key of :func:`evaluate_pairs`'s headline metric for a dataset (or a dataset kind).

    Example:
        >>> primary_metric("graded"), primary_metric("binary")
        ('spearman', 'auc')
    """
    return PRIMARY_METRIC[dataset if isinstance(dataset, str) else dataset.kind]


def evaluate_pairs(model: Encoder | PairScorer, dataset: PairDataset, show_progress: bool = False) -> dict[str, float]:
    """``{"spearman", "pearson", "n"}`` for graded sets, matching metrics (AUC, Spearman, ...) for 0/1 sets.

    When the file had unlabelled rows (skipped), ``"unscored"`` counts them. When the numbers are
    undefined or misleading (one pair, all labels equal, constant scores, ...) a ``"warning"`` string
    says why in words (:func:`stsdemo.evaluation.degenerate.degenerate_warnings`); it is absent otherwise.
    """
    if dataset.labels is None or not len(dataset):
        raise DataError("{name} has no labelled pairs to evaluate against.", name=dataset.name)
    scores = pair_similarities(model, dataset, show_progress)
    if dataset.kind == "binary":
        metrics = matching_metrics(scores, dataset.labels)
    else:
        metrics = correlation_metrics(scores, dataset.labels)
    if dataset.unscored:
        metrics["unscored"] = dataset.unscored
    warnings = degenerate_warnings(scores, dataset.labels, dataset.kind, dataset.unscored)
    if warnings:
        metrics["warning"] = "; ".join(warnings) + "."
    return metrics


__all__ = [
    "PRIMARY_METRIC",
    "correlation_metrics",
    "degenerate_warnings",
    "evaluate_pairs",
    "matching_metrics",
    "pair_similarities",
    "primary_metric",
]
