"""Benchmark several encoders on several labelled sets, next to published figures.

One row per (model, dataset): the dataset's headline metric (its evaluator's primary metric:
Spearman × 100 for graded sets, AUC × 100 for 0/1 sets), and Spearman and AUC side by side, labelled,
so a 0/1 set's figure compares both with graded sets and MTEB (Spearman) and as a classifier (AUC).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import pandas as pd

from stsdemo.data.catalog import load_pairs
from stsdemo.data.pairs import PairDataset, PairKind
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.errors import Message
from stsdemo.evaluation import evaluate_pairs, primary_metric
from stsdemo.postprocess import fit_post
from stsdemo.specs import is_scorer, load

#: STS-B test Spearman × 100 from the literature, for context beside our own numbers.
PUBLISHED = pd.DataFrame(
    [
        ("Avg. GloVe embeddings", 58.02, "Reimers & Gurevych 2019 (SBERT), Table 1"),
        ("BERT CLS vector (no fine-tuning)", 16.50, "SBERT, Table 1"),
        ("Avg. BERT embeddings (no fine-tuning)", 46.35, "SBERT, Table 1"),
        ("SBERT-NLI-base", 77.03, "SBERT, Table 1"),
        ("SBERT-base trained on STS-B", 84.67, "SBERT, Table 2"),
        ("SBERT-base NLI + STS-B", 85.35, "SBERT, Table 2"),
        ("BERT-base cross-encoder on STS-B", 84.30, "SBERT, Table 2"),
        ("unsup-SimCSE-BERT-base", 76.85, "Gao et al. 2021 (SimCSE), Table 5"),
        ("sup-SimCSE-BERT-base", 84.25, "SimCSE, Table 5"),
        ("all-MiniLM-L6-v2", 82.03, "MTEB STSBenchmark"),
    ],
    columns=["model", "STS-B test Spearman × 100", "source"],
)

CHINESE = ("stsb-zh", "lcqmc", "afqmc", "pawsx-zh", "atec", "qbqtc")


def headline(metrics: dict[str, float], kind: PairKind) -> tuple[str, float]:
    """The one number a leaderboard shows (× 100): the primary metric of a dataset of this kind."""
    name = primary_metric(kind)
    return name, 100 * metrics[name]


def run_benchmark(
    specs: Sequence[str],
    datasets: Sequence[str],
    data_dir: str | None = None,
    limit: int | None = None,
    on_step: Callable[[str], None] | None = None,
    post: str | None = None,
) -> pd.DataFrame:
    """Evaluate every model spec on every dataset spec; rows sorted as given.

    With ``post`` (``whitening``, ``whitening-K``, ``flow``) each bi-encoder gets a second row,
    post-processed with a fit on that dataset's sentences ("target" protocol, as Su et al.).
    """
    rows = []
    full = {spec: load_pairs(spec, data_dir) for spec in datasets}
    loaded = {spec: (data.head(limit) if limit else data) for spec, data in full.items()}
    for model_spec in specs:
        base = load(model_spec)
        for data_spec, dataset in loaded.items():
            total = len(full[data_spec])
            rows.append(_row(base, data_spec, dataset, total, time.perf_counter(), on_step))
            if post and post != "none" and not is_scorer(base):
                start = time.perf_counter()  # the fit counts in the post-processed row's time
                fitted = fit_post(base, post, dataset.occurrences(), show_progress=True)
                rows.append(_row(fitted, data_spec, dataset, total, start, on_step))
    return pd.DataFrame(rows)


def subset_note(n: int, total: int) -> Message | str:
    """The caveat for a score on the head of a set ("" for the whole set).

    The first pairs of a file are rarely a random sample (STS-B test starts with one easy genre:
    MiniLM scores 92.8 on its first 500 pairs, 82.0 on all 1,379), so such a score must not be read
    next to a published full-set figure.

    >>> subset_note(500, 1379)
    'first 500 of 1,379 pairs only: not comparable to the published full-set figure'
    >>> subset_note(1379, 1379)
    ''
    """
    if n >= total:
        return ""
    return Message(
        "first {n:,} of {total:,} pairs only: not comparable to the published full-set figure", n=n, total=total
    )


def _row(model: Encoder | PairScorer, data_spec: str, dataset: PairDataset, total: int, start: float, on_step) -> dict:
    if on_step:
        on_step(f"{model.id} on {data_spec}")
    metrics = evaluate_pairs(model, dataset, show_progress=True)
    name, value = headline(metrics, dataset.kind)
    notes = [subset_note(len(dataset), total)]
    if data_spec.split(":")[0] in CHINESE and model.id.startswith("minilm"):
        notes.append(Message("English vocabulary: most Chinese characters are [UNK]"))
    notes = [n for n in notes if n]
    note = Message("{first}; {second}", first=notes[0], second=notes[1]) if len(notes) == 2 else "".join(notes)
    return {
        "model": model.id,
        "dataset": data_spec,
        "n": metrics["n"],
        "metric": name,
        "score × 100": round(value, 2),
        "Spearman × 100": round(100 * metrics["spearman"], 2),
        "AUC × 100": round(100 * metrics["auc"], 2) if "auc" in metrics else None,
        "seconds": round(time.perf_counter() - start, 1),
        "note": note,
    }
