"""Bi-encoder + cosine/MSE loss (Reimers & Gurevych 2019, SBERT's STS-B regression objective).

The cosine of the two embeddings is regressed onto the gold score scaled to 0..1::

    loss = mean_i (cos(u_i, v_i) - s_i / s_max)^2

Rows: ``(sentence1, sentence2, score in 0..1)``; the loss is ``CosineSimilarityLoss``.
"""

from __future__ import annotations

from stsdemo.training.cosent import rows
from stsdemo.training.pairs import BI_METRIC, base_model, bi_encoder_dev, train_dev_test
from stsdemo.training.run import Plan, TrainConfig

DEFAULTS = {"epochs": 3, "batch_size": 32, "lr": 5e-5, "warmup": 0.1, "seed": 42}
DESCRIPTION = "bi-encoder, cosine similarity regressed on scores scaled to 0-1 (MSE)"


def prepare(config: TrainConfig) -> Plan:
    from sentence_transformers.sentence_transformer.losses import CosineSimilarityLoss

    train, dev, test = train_dev_test(config)
    model = base_model(config)
    return Plan(
        model, CosineSimilarityLoss(model), rows(train), bi_encoder_dev(dev), BI_METRIC, test, notes={"eval": dev.name}
    )
