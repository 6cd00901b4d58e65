"""Binary matching evaluation (LCQMC, ATEC, PAWS-X ...): is this pair a match, 0 or 1?

A cosine is turned into a decision by a threshold. We report the threshold-free ROC AUC and the
accuracy / F1 at their best thresholds, searched on the same data (an optimistic upper bound, as
in sentence-transformers' ``BinaryClassificationEvaluator``, whose search we reuse). We also report
Spearman's rho of the similarity against the 0/1 label, because that is how MTEB / C-MTEB and
text2vec score these sets as STS tasks: figures are then comparable with theirs and with graded sets.
"""

from __future__ import annotations

import numpy as np
from sentence_transformers.sentence_transformer.evaluation import BinaryClassificationEvaluator
from sklearn.metrics import roc_auc_score

from stsdemo.evaluation.sts import correlation_metrics


def matching_metrics(similarity: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """``{"accuracy", "accuracy_threshold", "f1", "f1_threshold", "precision", "recall", "auc", "spearman", "n"}``.

    Example:
        >>> m = matching_metrics(np.array([0.9, 0.8, 0.3, 0.2]), np.array([1, 0, 1, 0]))
        >>> m["auc"], round(m["spearman"], 4), m["accuracy"]
        (0.75, 0.4472, 0.75)
    """
    similarity = np.asarray(similarity, np.float64)
    labels = np.asarray(labels).astype(int)
    acc, acc_threshold = BinaryClassificationEvaluator.find_best_acc_and_threshold(similarity, labels, True)
    f1, precision, recall, f1_threshold = BinaryClassificationEvaluator.find_best_f1_and_threshold(
        similarity, labels, True
    )
    auc = float(roc_auc_score(labels, similarity)) if len(set(labels)) == 2 else float("nan")
    return {
        "accuracy": float(acc),
        "accuracy_threshold": float(acc_threshold),
        "f1": float(f1),
        "f1_threshold": float(f1_threshold),
        "precision": float(precision),
        "recall": float(recall),
        "auc": auc,
        "spearman": correlation_metrics(similarity, labels)["spearman"],
        "n": len(labels),
    }
