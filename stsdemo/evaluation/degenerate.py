"""Say so when an evaluation's numbers mean nothing, instead of printing ``spearman null`` or
``accuracy 1.0`` and exiting as if all were well.

A correlation needs at least two pairs with different gold labels and different model scores; an
AUC needs both classes; accuracy on a set whose labels are all 1 is reached by answering 1 always.
Rows of the file without a label were skipped (:attr:`PairDataset.unscored`): the user is told how
many, since the numbers are then about fewer pairs than the file holds.

Example:
    >>> import numpy as np
    >>> degenerate_warnings(np.array([0.2, 0.9]), np.array([3.0, 3.0]), "graded")
    ['all 2 labels are 3: a correlation with them is undefined (nothing to rank against)']
"""

from __future__ import annotations

import numpy as np

from stsdemo.data.pairs import PairKind


def degenerate_warnings(scores: np.ndarray, labels: np.ndarray, kind: PairKind, unscored: int = 0) -> list[str]:
    """Plain-words reasons why the metrics of these ``scores`` against ``labels`` are undefined or
    misleading; ``[]`` when they are fine."""
    n = len(labels)
    found = []
    if unscored:
        found.append(f"{unscored:,} of {n + unscored:,} rows have no label and were skipped")
    if n < 2:
        found.append(f"only {n} labelled pair: a correlation or AUC needs at least 2 pairs (and more to mean much)")
        return found
    if np.ptp(labels) == 0:
        if kind == "binary":
            found.append(
                f"all {n:,} labels are {labels[0]:g}: AUC is undefined and the accuracy is that of always "
                f"answering {labels[0]:g}; evaluate on a set with both 0 and 1 labels"
            )
        else:
            found.append(
                f"all {n:,} labels are {labels[0]:g}: a correlation with them is undefined (nothing to rank against)"
            )
    if np.ptp(scores) == 0:
        found.append(f"the model gives every pair the same score ({scores[0]:.4f}): nothing it says can be ranked")
    if labels.min() < 0:
        found.append(
            f"labels range from {labels.min():g} to {labels.max():g}: a negative label is unusual "
            "(a 'no label' marker such as -1?)"
        )
    return found
