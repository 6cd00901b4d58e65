"""Cross-encoder with binary cross-entropy: both texts through one transformer, one logit out.

``p = sigmoid(w . h_[CLS] + b)`` is trained against a target ``y`` in 0..1::

    loss = -mean_i [ y_i log p_i + (1 - y_i) log(1 - p_i) ]

Graded sets (STS-B 0-5) give soft targets ``y = s / s_max`` (SBERT's STS-B cross-encoder recipe) and
are judged by Spearman; 0/1 sets, and QBQTC's 0/1/2 relevance binarised as relevant >= 1, are judged
by accuracy, F1 and AUC. ``CrossEncoderTrainer`` + ``BinaryCrossEntropyLoss``; the classification
head is new, the encoder is the base model's (MiniLM by default).
"""

from __future__ import annotations

import numpy as np

from stsdemo.data.pairs import PairDataset, infer_kind
from stsdemo.errors import DataError
from stsdemo.training.pairs import train_dev_test, unit_scores
from stsdemo.training.run import Plan, TrainConfig

DEFAULTS = {"epochs": 2, "batch_size": 32, "lr": 5e-5, "warmup": 0.1, "seed": 42}
DESCRIPTION = "cross-encoder, binary cross-entropy on 0/1 labels or scores scaled to 0-1"
#: sets whose graded labels are relevance levels to binarise: name prefix -> smallest relevant label
RELEVANT_AT = {"qbqtc": 1.0}


def as_targets(data: PairDataset, source: str) -> PairDataset:
    """Binarise relevance levels (QBQTC) or keep scores; targets of 0/1 sets stay 0/1."""
    threshold = RELEVANT_AT.get(source.partition(":")[0])
    if threshold is None:
        return data
    labels = (data.labels >= threshold).astype(np.float64)
    return PairDataset(data.name, data.sentences1, data.sentences2, labels, "binary")


def base_cross_encoder(config: TrainConfig):
    from sentence_transformers import CrossEncoder

    from stsdemo.encoders import registry

    if config.lora:
        raise DataError("--lora is offered for the bi-encoder recipes; the cross-encoder trains fully.")
    name, _ = registry.split_spec(config.base)  # a pooling means nothing to a cross-encoder: it reads [CLS]
    located = registry.local_path(name)
    return CrossEncoder(name if located is None else str(located[0]), num_labels=1, device="cpu")


def prepare(config: TrainConfig) -> Plan:
    from datasets import Dataset
    from sentence_transformers.cross_encoder.evaluation import (
        CrossEncoderClassificationEvaluator,
        CrossEncoderCorrelationEvaluator,
    )
    from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss

    train, dev, test = train_dev_test(config)
    train, dev = as_targets(train, config.data), as_targets(dev, config.eval or config.data)
    test = as_targets(test, config.test or config.data) if test is not None else None
    if infer_kind(train.labels) == "binary":
        train.kind = dev.kind = "binary"
        dev_eval = CrossEncoderClassificationEvaluator(
            dev.pairs, dev.labels.astype(int).tolist(), name="dev", write_csv=False
        )
        metric = "dev_average_precision"
    else:
        dev_eval = CrossEncoderCorrelationEvaluator(dev.pairs, dev.labels.tolist(), name="dev", write_csv=False)
        metric = "dev_spearman"
    model = base_cross_encoder(config)
    rows = Dataset.from_dict(
        {"sentence1": train.sentences1, "sentence2": train.sentences2, "label": unit_scores(train.labels).tolist()}
    )
    return Plan(
        model, BinaryCrossEntropyLoss(model), rows, dev_eval, metric, test, cross=True, notes={"eval": dev.name}
    )
