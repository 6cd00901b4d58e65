"""Unsupervised SimCSE (Gao, Yao & Chen 2021): a sentence and itself, through two dropout masks.

Each sentence ``x_i`` of a batch of ``N`` is encoded twice with dropout on (the trainer keeps the
model in train mode), giving ``h_i`` and ``h_i'``; the other sentences are the negatives::

    loss_i = -log( exp(cos(h_i, h_i') / tau) / sum_j exp(cos(h_i, h_j') / tau) ),  tau = 0.05

which is ``MultipleNegativesRankingLoss`` with ``scale = 1 / tau = 20`` on rows ``(x, x)``.
The dev set (English or Chinese STS-B by the corpus language) picks the best checkpoint.
"""

from __future__ import annotations

from stsdemo.data import load_pairs
from stsdemo.data.language import is_mostly_chinese
from stsdemo.training.corpus import load_corpus
from stsdemo.training.pairs import BI_METRIC, base_model, bi_encoder_dev
from stsdemo.training.run import Plan, TrainConfig

DEFAULTS = {"epochs": 1, "batch_size": 64, "lr": 3e-5, "warmup": 0.1, "seed": 42}
DESCRIPTION = "unsupervised SimCSE: dropout positives, in-batch negatives, temperature 0.05"
TEMPERATURE = 0.05


def dev_and_test(config: TrainConfig, sentences: list[str]):
    """The STS dev / test sets in the corpus language unless ``--eval`` / ``--test`` say otherwise."""
    lang = "stsb-zh" if is_mostly_chinese(sentences) else "stsb"
    dev = load_pairs(config.eval or f"{lang}:dev")
    test = load_pairs(config.test or f"{lang}:test")
    if config.eval_limit:
        dev, test = dev.head(config.eval_limit), test.head(config.eval_limit)
    return dev, test


def contrastive_plan(config: TrainConfig, columns: dict[str, list[str]], sentences: list[str]) -> Plan:
    """SimCSE's loss on ``columns`` (anchor, positive[, negative]): in-batch negatives at temperature
    0.05, no duplicate texts in a batch (a duplicate would be a false negative); both SimCSE recipes."""
    from datasets import Dataset
    from sentence_transformers.base.sampler import BatchSamplers
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    dev, test = dev_and_test(config, sentences)
    model = base_model(config)
    loss = MultipleNegativesRankingLoss(model, scale=1 / TEMPERATURE)
    return Plan(
        model,
        loss,
        Dataset.from_dict(columns),
        bi_encoder_dev(dev),
        BI_METRIC,
        test,
        defaults={"batch_sampler": BatchSamplers.NO_DUPLICATES},
        notes={"eval": dev.name},
    )


def prepare(config: TrainConfig) -> Plan:
    sentences = list(dict.fromkeys(load_corpus(config.data, config.limit)))
    return contrastive_plan(config, {"anchor": sentences, "positive": sentences}, sentences)
