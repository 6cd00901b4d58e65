"""Raw vs post-processed embeddings, measured side by side: what the Geometry tab and the
``geometry`` command both show.

:func:`analyse` encodes the sentences once, fits each post-processor (whitening, flow) on the fit
sentences (default: the same sentences, "target"), and measures every variant with the metrics of
:mod:`stsdemo.metrics`. All metrics except ``mean_norm`` are taken on unit-length rows (the
geometry cosine similarity sees), so the variants are comparable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stsdemo.data.pairs import PairDataset
from stsdemo.encoders.base import Encoder
from stsdemo.errors import UserError
from stsdemo.evaluation.sts import correlation_metrics
from stsdemo.metrics import (
    alignment,
    isotropy,
    mean_norm,
    random_pair_cosine,
    top_k_variance_share,
    uniformity,
    variance_shares,
)
from stsdemo.postprocess import Flow, fit_post
from stsdemo.similarity import normalize, paired_cosine

#: Metric names, in the order tables and JSON show them.
METRICS = (
    "random_pair_cosine",
    "isotropy",
    "top1_variance_share",
    "top10_variance_share",
    "uniformity",
    "alignment",
    "mean_norm",
    "spearman",
)
#: STS-B pairs scored at least this (0-5 scale) are positives for alignment, as in SimCSE §5.
POSITIVE_SCORE = 4.0
MIN_SENTENCES = 3


@dataclass
class GeometryResult:
    """Everything the tab plots: per variant (``raw``, ``whitening``, ``flow`` ...) the vectors,
    the cosines of random / positive pairs, the variance spectrum and the metrics."""

    sentences: list[str]
    vectors: dict[str, np.ndarray]
    metrics: dict[str, dict[str, float]]
    random_cosines: dict[str, np.ndarray]
    positive_cosines: dict[str, np.ndarray]
    spectra: dict[str, np.ndarray]
    fit_info: dict[str, dict] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Metrics as rows, variants as columns (NaN where a metric does not apply)."""
        return pd.DataFrame(self.metrics).reindex(list(METRICS)).rename_axis("metric")


def positive_pairs(dataset: PairDataset | None) -> list[tuple[str, str]]:
    """Pairs that count as paraphrases: score ≥ 4 (graded 0-5) or label 1 (binary)."""
    if dataset is None or dataset.labels is None:
        return []
    threshold = 1.0 if dataset.kind == "binary" else POSITIVE_SCORE
    return [p for p, y in zip(dataset.pairs, dataset.labels, strict=True) if y >= threshold]


def random_pair_cosines(x: np.ndarray, n_pairs: int = 2000, seed: int = 0) -> np.ndarray:
    """Cosines of ``n_pairs`` random distinct pairs (the same pairs for every variant)."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(x), n_pairs)
    j = (i + rng.integers(1, len(x), n_pairs)) % len(x)
    return paired_cosine(x[i], x[j])


def embedding_metrics(x: np.ndarray, pos_a: np.ndarray | None = None, pos_b: np.ndarray | None = None) -> dict:
    """The metrics of :data:`METRICS` (except ``spearman``) for vectors ``x`` ``(n, d)``."""
    unit = normalize(x)
    has_positives = pos_a is not None and len(pos_a) > 0
    return {
        "random_pair_cosine": random_pair_cosine(unit),
        "isotropy": isotropy(unit),
        "top1_variance_share": top_k_variance_share(unit, 1),
        "top10_variance_share": top_k_variance_share(unit, 10),
        "uniformity": uniformity(unit),
        "alignment": alignment(unit[pos_a], unit[pos_b]) if has_positives else float("nan"),
        "mean_norm": mean_norm(x),
    }


def analyse(
    encoder: Encoder,
    sentences: Sequence[str] | None = None,
    posts: Sequence[str] = ("whitening", "flow"),
    dataset: PairDataset | None = None,
    fit_sentences: Sequence[str] | None = None,
    fit_on: str = "target",
    show_progress: bool = False,
    flow_options: dict | None = None,
) -> GeometryResult:
    """Measure ``encoder``'s vectors raw and after each post-processing in ``posts``.

    ``sentences`` default to ``dataset.sentences()``; with a labelled ``dataset`` the result also
    has alignment (positives = :func:`positive_pairs`) and, for graded sets, Spearman per variant.
    ``fit_sentences`` default to ``sentences`` (the "target" protocol).
    """
    sentences = list(dict.fromkeys(sentences if sentences is not None else (dataset.sentences() if dataset else [])))
    if len(sentences) < MIN_SENTENCES:
        raise UserError(f"Geometry needs at least {MIN_SENTENCES} distinct sentences, got {len(sentences)}.")
    if dataset is not None:
        sentences = list(dict.fromkeys(sentences + dataset.sentences()))
    index = {s: i for i, s in enumerate(sentences)}
    positives = positive_pairs(dataset)
    pos_a = np.array([index[a] for a, _ in positives], dtype=np.int64)
    pos_b = np.array([index[b] for _, b in positives], dtype=np.int64)
    graded = dataset is not None and dataset.labels is not None and dataset.kind == "graded"

    raw = encoder.encode(sentences, show_progress=show_progress)
    variants = {"raw": raw}
    fit_info: dict[str, dict] = {}
    for spec in posts:
        fitted = fit_post(encoder, spec, fit_sentences or sentences, fit_on, show_progress, **(flow_options or {}))
        variants[fitted.post.name] = fitted.post.transform(raw)
        fit_info[fitted.post.name] = _fit_info(fitted.post, len(fit_sentences or sentences), fit_on)

    result = GeometryResult(sentences, variants, {}, {}, {}, {}, fit_info)
    for name, x in variants.items():
        metrics = embedding_metrics(x, pos_a, pos_b)
        metrics["spearman"] = float("nan")
        if graded:
            a = x[[index[s] for s in dataset.sentences1]]
            b = x[[index[s] for s in dataset.sentences2]]
            metrics["spearman"] = correlation_metrics(paired_cosine(a, b), dataset.labels)["spearman"]
        result.metrics[name] = metrics
        result.random_cosines[name] = random_pair_cosines(x)
        result.positive_cosines[name] = paired_cosine(x[pos_a], x[pos_b]) if len(pos_a) else np.zeros(0, np.float32)
        result.spectra[name] = variance_shares(normalize(x))
    return result


def _fit_info(post, n_fit: int, fit_on: str) -> dict:
    info = {"fit_on": fit_on, "n_fit": n_fit, "dim": post.dim}
    if isinstance(post, Flow):
        info |= {
            "steps": post.steps,
            "best_step": post.best_step,
            "seconds": round(post.seconds, 2),
            "heldout_nll": post.best_nll,
            "gaussian_heldout_nll": post.gaussian_nll,
        }
    return info


def token_norm_table(spec: str, sentences: Sequence[str]) -> pd.DataFrame:
    """:func:`~stsdemo.metrics.token_norms_by_frequency` for model ``spec``'s input embeddings,
    counted on ``sentences`` with its tokenizer; adds the ``token`` string column."""
    from stsdemo.encoders.registry import load
    from stsdemo.encoders.sentence import SentenceEncoder
    from stsdemo.metrics import token_norms_by_frequency

    encoder = load(spec)
    if not isinstance(encoder, SentenceEncoder):
        raise UserError(f"{spec} has no token embedding matrix to inspect.")
    tokenizer = encoder.model.tokenizer
    weights = encoder.model[0].auto_model.get_input_embeddings().weight.detach().float().numpy()
    ids = tokenizer(list(sentences), add_special_tokens=False)["input_ids"]
    table = token_norms_by_frequency(weights, ids, skip_ids=tokenizer.all_special_ids)
    table["token"] = tokenizer.convert_ids_to_tokens(table["token_id"].tolist())
    return table
