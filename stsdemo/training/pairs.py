"""Labelled pairs for training: which dev and test sets go with a training set, and evaluators.

Where the user names no ``--eval``, the dev set is the training set's own dev split (STS-B,
Chinese STS-B, AFQMC, ATEC) or else a seeded 10% hold-out of the training rows (QBQTC, a user's
file), so model selection never looks at the test split.

Several named sets joined with commas (``stsb-zh:train,afqmc:train``) train as one: each set's labels
are mapped to 0..1 first (a 0/1 match and a 0-5 score on one scale), the rows are interleaved one set
after another so that ``--limit N`` takes about N/k rows of each of k sets, and the dev and test sets
are the first set's.
"""

from __future__ import annotations

import numpy as np

from stsdemo.data import load_pairs
from stsdemo.data.catalog import CATALOG
from stsdemo.data.pairs import PairDataset
from stsdemo.errors import DataError

#: training set -> (dev set or None for a hold-out, test set or None)
COMPANIONS = {
    "stsb:train": ("stsb:dev", "stsb:test"),
    "stsb-zh:train": ("stsb-zh:dev", "stsb-zh:test"),
    "qbqtc:dev": (None, "qbqtc:test"),
    "afqmc:train": ("afqmc:dev", None),
    "atec:train": ("atec:dev", "atec:test"),
}
HOLD_OUT = 0.1
MIN_ROWS = 8


def subset(data: PairDataset, index: np.ndarray, name: str) -> PairDataset:
    labels = None if data.labels is None else data.labels[index]
    return PairDataset(
        name, [data.sentences1[i] for i in index], [data.sentences2[i] for i in index], labels, data.kind
    )


def split_hold_out(data: PairDataset, seed: int) -> tuple[PairDataset, PairDataset]:
    """A seeded ``1 - HOLD_OUT`` / ``HOLD_OUT`` split of ``data``: (train, dev)."""
    order = np.random.default_rng(seed).permutation(len(data))
    n_dev = max(1, int(round(HOLD_OUT * len(data))))
    return subset(data, np.sort(order[n_dev:]), data.name), subset(
        data, np.sort(order[:n_dev]), f"{data.name} (10% held out)"
    )


def named_sets(spec: str) -> list[str]:
    """The catalog sets of a comma-joined spec, or ``[spec]`` (a file path may hold a comma).

    >>> named_sets("stsb-zh:train, afqmc:train"), named_sets("my,pairs.csv")
    (['stsb-zh:train', 'afqmc:train'], ['my,pairs.csv'])
    """
    parts = [p.strip() for p in spec.split(",")]
    return parts if len(parts) > 1 and all(p.partition(":")[0] in CATALOG for p in parts) else [spec]


def load_training_pairs(spec: str) -> PairDataset:
    """One labelled set, or several joined (see the module doc): labels 0..1, rows interleaved."""
    specs = named_sets(spec)
    sets = [load_pairs(s) for s in specs]
    for name, data in zip(specs, sets, strict=True):
        if data.labels is None:
            raise DataError("{name}: training pairs need a label column.", name=name)
    if len(sets) == 1:
        return sets[0]
    order = sorted((i, k) for k, data in enumerate(sets) for i in range(len(data)))  # row 0 of each, row 1 ...
    labels = [unit_scores(data.labels) for data in sets]
    return PairDataset(
        spec,
        [sets[k].sentences1[i] for i, k in order],
        [sets[k].sentences2[i] for i, k in order],
        np.array([labels[k][i] for i, k in order]),
        "graded",
    )


def train_dev_test(config) -> tuple[PairDataset, PairDataset, PairDataset | None]:
    """Load the training pairs and their dev and test sets, following :data:`COMPANIONS`."""
    train = load_training_pairs(config.data)
    if len(train) < MIN_ROWS:
        raise DataError(
            "{name}: only {n} labelled pairs; training needs at least {min}.",
            name=config.data,
            n=len(train),
            min=MIN_ROWS,
        )
    default_dev, default_test = COMPANIONS.get(named_sets(config.data)[0], (None, None))
    dev_spec = config.eval or default_dev
    if dev_spec:
        dev = load_pairs(dev_spec)
    else:
        train, dev = split_hold_out(train, config.seed)
    test_spec = config.test or default_test
    test = load_pairs(test_spec) if test_spec else None
    if config.limit:
        train = train.head(config.limit)
    if config.eval_limit:
        dev = dev.head(config.eval_limit)
        test = test.head(config.eval_limit) if test is not None else None
    return train, dev, test


def unit_scores(labels: np.ndarray) -> np.ndarray:
    """Gold labels mapped to 0..1 (STS-B 0-5 -> /5, QBQTC 0-2 -> /2, 0/1 unchanged)."""
    top = float(np.max(labels))
    if np.any(labels < 0):
        raise DataError("Training labels must be >= 0 (a similarity score or a 0/1 match).")
    return labels / top if top > 1 else labels


def bi_encoder_dev(dev: PairDataset):
    """Dev evaluator for a bi-encoder: Spearman of cosine similarities against the gold labels."""
    from sentence_transformers.sentence_transformer.evaluation import EmbeddingSimilarityEvaluator

    return EmbeddingSimilarityEvaluator(
        dev.sentences1, dev.sentences2, dev.labels.tolist(), main_similarity="cosine", name="dev", write_csv=False
    )


BI_METRIC = "dev_spearman_cosine"


def base_model(config):
    """A fresh SentenceTransformer to fine-tune, from a spec as elsewhere: ``minilm`` (default), a
    teaching model or folder under models/, a hub id; ``NAME:POOLING`` (e.g. ``mlm-mini-zh:cls``)
    puts that pooling on a raw transformer (default mean).

    Always a new instance: the registry's cached models are shared by the app and must not change.
    """
    from sentence_transformers import SentenceTransformer

    from stsdemo.encoders import registry
    from stsdemo.encoders.sentence import pooled_model

    name, pooling = registry.split_spec(config.base)
    located = registry.local_path(name)
    path, kind = (name, "hub") if located is None else (str(located[0]), located[1])
    if kind == "cross-encoder":
        raise DataError("{name} is a cross-encoder; the bi-encoder recipes start from a sentence encoder.", name=name)
    if kind in ("sentence-transformer", "hub") and pooling in (None, "trained"):
        return SentenceTransformer(path, device="cpu")
    pooling = pooling if pooling not in (None, "trained") else "mean"
    return pooled_model(registry.new_transformer(path, hidden_states=pooling not in ("cls", "mean")), pooling)
