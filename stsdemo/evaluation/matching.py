"""Binary matching evaluation (LCQMC, ATEC, PAWS-X ...): is this pair a match, 0 or 1?

A cosine is turned into a decision by a threshold. We report the threshold-free ROC AUC and the
accuracy / F1 at their best thresholds, searched on the same data (an optimistic upper bound, as
in sentence-transformers' ``BinaryClassificationEvaluator``, whose search we reuse).
"""

from __future__ import annotations

import numpy as np
from sentence_transformers.sentence_transformer.evaluation import BinaryClassificationEvaluator
from sklearn.metrics import roc_auc_score


def matching_metrics(similarity: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """``{"accuracy", "accuracy_threshold", "f1", "f1_threshold", "precision", "recall", "auc", "n"}``."""
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
        "n": len(labels),
    }
