"""Bi-encoder + CoSENT loss (Su 2022) on graded or 0/1 pairs.

CoSENT ranks pairs inside a batch: for every two pairs with gold scores ``s_i > s_j`` it wants
``cos_i > cos_j``::

    loss = log(1 + sum_{s_i > s_j} exp(lambda * (cos_j - cos_i))),  lambda = 20

Only the order of the gold scores matters, so STS-B's 0-5 need no rescaling. Rows: ``(sentence1,
sentence2, score)``; the loss is ``sentence_transformers``' ``CoSENTLoss``.
"""

from __future__ import annotations

from stsdemo.training.pairs import BI_METRIC, base_model, bi_encoder_dev, train_dev_test, unit_scores
from stsdemo.training.run import Plan, TrainConfig

# Chosen by benchmarks/train_quality.py on STS-B dev (see benchmarks/RESULTS.md).
DEFAULTS = {"epochs": 3, "batch_size": 32, "lr": 5e-5, "warmup": 0.1, "seed": 42}
DESCRIPTION = "bi-encoder, CoSENT ranking loss on scored pairs"


def rows(train):
    from datasets import Dataset

    return Dataset.from_dict(
        {"sentence1": train.sentences1, "sentence2": train.sentences2, "score": unit_scores(train.labels).tolist()}
    )


def prepare(config: TrainConfig) -> Plan:
    from sentence_transformers.sentence_transformer.losses import CoSENTLoss

    train, dev, test = train_dev_test(config)
    model = base_model(config)
    return Plan(
        model,
        CoSENTLoss(model, scale=20.0),
        rows(train),
        bi_encoder_dev(dev),
        BI_METRIC,
        test,
        notes={"eval": dev.name},
    )
