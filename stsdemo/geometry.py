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

from stsdemo import cancel
from stsdemo.data.lines import read_lines, split_lines
from stsdemo.data.pairs import PairDataset
from stsdemo.data.text import read_text
from stsdemo.encoders.base import Encoder
from stsdemo.errors import Message, UserError
from stsdemo.evaluation.sts import correlation_metrics
from stsdemo.metrics import (
    alignment,
    isotropy,
    mean_norm,
    random_pair_cosine,
    uniformity,
    variance_shares,
)
from stsdemo.paths import ASSETS
from stsdemo.postprocess import (
    Flow,
    PostProcessedEncoder,
    fit_kept_on_disk,
    fit_post,
    fit_sentences,
    kept_fit_folder,
    reference_vectors,
)
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
    #: metric -> why it is blank for these sentences (see :func:`blank_reasons`)
    blank: dict[str, str] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Metrics as rows, variants as columns (NaN where a metric does not apply)."""
        return pd.DataFrame(self.metrics).reindex(list(METRICS)).rename_axis("metric")


def positive_pairs(dataset: PairDataset | None) -> list[tuple[str, str]]:
    """Pairs that count as paraphrases: score ≥ 4 (graded 0-5) or label 1 (binary)."""
    if dataset is None or dataset.labels is None:
        return []
    threshold = 1.0 if dataset.kind == "binary" else POSITIVE_SCORE
    return [p for p, y in zip(dataset.pairs, dataset.labels, strict=True) if y >= threshold]


def blank_reasons(dataset: PairDataset | None) -> dict[str, Message]:
    """Metric -> why it stays blank without the right pairs (so an empty row is not read as a bug);
    :class:`~stsdemo.errors.Message` s, so the page shows them in its language.

    >>> sorted(blank_reasons(None))
    ['alignment', 'spearman']
    """
    reasons = {}
    if not positive_pairs(dataset):
        reasons["alignment"] = Message(
            "needs paraphrase pairs (STS-B score ≥ 4); these sentences have none: pick the “STS-B test pairs” preset"
        )
    if dataset is None or dataset.labels is None or dataset.kind != "graded":
        reasons["spearman"] = Message(
            "needs human-scored pairs; these sentences have none: pick the “STS-B test pairs” preset"
        )
    return reasons


#: A flow whose held-out NLL beats the Gaussian's by less than this (nats per dimension) learned nothing.
FLOW_MIN_GAIN = 0.005


def flow_verdict(info: dict) -> Message:
    """What a flow's held-out NLL says, in words: did it learn anything beyond whitening?

    The flow starts as whitening (a Gaussian fit): its step-0 held-out NLL is the Gaussian's. Only
    a lower held-out NLL means it found non-Gaussian shape; otherwise its vectors are the whitened
    ones (up to noise) and its column repeats whitening.

    >>> flow_verdict({"heldout_nll": 2.006, "gaussian_heldout_nll": 2.006, "best_step": 0})[:40]
    'the flow learned nothing beyond whitenin'
    """
    gain = info["gaussian_heldout_nll"] - info["heldout_nll"]
    if info.get("best_step") == 0 or gain < FLOW_MIN_GAIN:
        return Message(
            "the flow learned nothing beyond whitening: on held-out sentences it is no likelier than the "
            "Gaussian whitening fits (gain {gain:.3f} nats/dim), so its column is whitening again. "
            "More sentences (or fitting on STS-B train) and a longer time cap give it something to learn.",
            gain=gain,
        )
    return Message(
        "the flow fits held-out sentences {gain:.3f} nats/dim better than a Gaussian: shape beyond whitening.",
        gain=gain,
    )


def random_pair_cosines(x: np.ndarray, n_pairs: int = 2000, seed: int = 0) -> np.ndarray:
    """Cosines of ``n_pairs`` random distinct pairs (the same pairs for every variant)."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(x), n_pairs)
    j = (i + rng.integers(1, len(x), n_pairs)) % len(x)
    return paired_cosine(x[i], x[j])


def embedding_metrics(
    x: np.ndarray, pos_a: np.ndarray | None = None, pos_b: np.ndarray | None = None, shares: np.ndarray | None = None
) -> dict:
    """The metrics of :data:`METRICS` (except ``spearman``) for vectors ``x`` ``(n, d)``.

    ``shares``: ``variance_shares(normalize(x))`` if the caller has it already (it is the spectrum
    plot too), so the top-1 / top-10 shares do not recompute it."""
    from stsdemo.cache import BY_VECTORS, array_digest

    unit = normalize(x)
    has_positives = pos_a is not None and len(pos_a) > 0
    shares = variance_shares(unit) if shares is None else shares
    # isotropy needs a full SVD (the slowest metric): kept per vector content, like the projections
    iso = BY_VECTORS.get_or_compute(("vectors", array_digest(unit), "isotropy"), lambda: isotropy(unit))
    return {
        "random_pair_cosine": random_pair_cosine(unit),
        "isotropy": iso,
        "top1_variance_share": float(shares[:1].sum()),
        "top10_variance_share": float(shares[:10].sum()),
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
    keep_on_disk: bool = False,
) -> GeometryResult:
    """Measure ``encoder``'s vectors raw and after each post-processing in ``posts``.

    ``sentences`` default to ``dataset.sentences()``; with a labelled ``dataset`` the result also
    has alignment (positives = :func:`positive_pairs`) and, for graded sets, Spearman per variant.
    ``fit_sentences`` default to the "target" protocol: ``dataset.occurrences()`` for a pair set,
    else ``sentences``. ``keep_on_disk`` (for shipped sets only, never a visitor's text): the raw
    vectors and the fits are kept in the disk cache, so the same lesson after a restart loads them.
    """
    if fit_sentences is None and dataset is not None:
        fit_sentences = dataset.occurrences()
    sentences = list(dict.fromkeys(sentences if sentences is not None else (dataset.sentences() if dataset else [])))
    if len(sentences) < MIN_SENTENCES:
        raise UserError(
            "Geometry needs at least {least} distinct sentences, got {n}.", least=MIN_SENTENCES, n=len(sentences)
        )
    if dataset is not None:
        sentences = list(dict.fromkeys(sentences + dataset.sentences()))
    index = {s: i for i, s in enumerate(sentences)}
    positives = positive_pairs(dataset)
    pos_a = np.array([index[a] for a, _ in positives], dtype=np.int64)
    pos_b = np.array([index[b] for _, b in positives], dtype=np.int64)
    graded = dataset is not None and dataset.labels is not None and dataset.kind == "graded"

    if keep_on_disk:
        raw = reference_vectors(encoder, sentences, show_progress=show_progress)
    else:
        raw = encoder.encode(sentences, show_progress=show_progress)
    variants = {"raw": raw}
    fit_info: dict[str, dict] = {}
    for spec in posts:
        fitted, reused = fit_once(
            encoder, spec, fit_sentences or sentences, fit_on, show_progress, flow_options or {}, keep_on_disk
        )
        variants[fitted.post.name] = fitted.post.transform(raw)
        fit_info[fitted.post.name] = _fit_info(fitted.post, len(fit_sentences or sentences), fit_on) | {
            "reused": reused
        }

    result = GeometryResult(sentences, variants, {}, {}, {}, {}, fit_info, blank_reasons(dataset))
    for name, x in variants.items():
        cancel.check()
        result.spectra[name] = variance_shares(normalize(x))
        metrics = embedding_metrics(x, pos_a, pos_b, result.spectra[name])
        metrics["spearman"] = float("nan")
        if graded:
            a = x[[index[s] for s in dataset.sentences1]]
            b = x[[index[s] for s in dataset.sentences2]]
            metrics["spearman"] = correlation_metrics(paired_cosine(a, b), dataset.labels)["spearman"]
        result.metrics[name] = metrics
        result.random_cosines[name] = random_pair_cosines(x)
        result.positive_cosines[name] = paired_cosine(x[pos_a], x[pos_b]) if len(pos_a) else np.zeros(0, np.float32)
    return result


def fit_once(
    encoder: Encoder,
    spec: str,
    sentences: Sequence[str],
    fit_on: str,
    show_progress: bool,
    flow_options: dict,
    keep_on_disk: bool = False,
) -> tuple[PostProcessedEncoder, bool]:
    """:func:`~stsdemo.postprocess.fit_post`, kept in memory (:data:`stsdemo.cache.FITTED`) and reused while
    the encoder's weights, the spec, the fit sentences and the flow options are the same; also says
    whether it was reused.

    Why: pressing "Analyse" again, or switching only the plots' inputs, used to refit the flow (up to
    its time cap) on the very same vectors. A reused fit is the same object, so the page shows the
    same numbers as the first time, and says so (the flow's steps and seconds are of that fit).
    With ``keep_on_disk`` the fit is also kept on disk (:func:`~stsdemo.postprocess.fit_kept_on_disk`)
    and a restart loads it.
    """
    from stsdemo.cache import FITTED, texts_digest

    computed = []

    def fit() -> PostProcessedEncoder:
        if not keep_on_disk:
            computed.append(True)
            return fit_post(encoder, spec, sentences, fit_on, show_progress, **flow_options)
        kept = kept_fit_folder(encoder, spec, list(sentences), fit_on, flow_options) / "postprocess.json"
        if not (encoder.fingerprint and kept.is_file()):
            computed.append(True)
        return fit_kept_on_disk(encoder, spec, list(sentences), fit_on, show_progress, **flow_options)

    options = tuple(sorted(flow_options.items()))
    key = (*encoder.cache_key, "analyse", spec, fit_on, texts_digest(sentences), options, keep_on_disk)
    return FITTED.get_or_compute(key, fit), not computed


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
    from stsdemo.encoders.sentence import SentenceEncoder
    from stsdemo.metrics import token_norms_by_frequency
    from stsdemo.specs import load

    encoder = load(spec)
    if not isinstance(encoder, SentenceEncoder):
        raise UserError(f"{spec} has no token embedding matrix to inspect.")
    tokenizer = encoder.model.tokenizer
    weights = encoder.model[0].auto_model.get_input_embeddings().weight.detach().float().numpy()
    ids = tokenizer(list(sentences), add_special_tokens=False)["input_ids"]
    table = token_norms_by_frequency(weights, ids, skip_ids=tokenizer.all_special_ids)
    table["token"] = tokenizer.convert_ids_to_tokens(table["token_id"].tolist())
    return table


# --- inputs: presets and the user's own sentences -------------------------------------------------

#: Upper bound on sentences per analysis in the app (flow and UMAP time grow with it).
MAX_SENTENCES = 5_000
_PRESET_DIR = ASSETS / "data" / "geometry"
#: Preset name -> one-line description (files listed in assets/data/PRESETS-geometry.md).
PRESETS = {
    "STS-B test pairs": "STS Benchmark test: 1,379 scored pairs (Spearman and alignment available)",
    "TREC questions": "TREC question classification test set: 500 questions, 6 classes (colour = class)",
    "E-commerce queries 电商": "600 Chinese e-commerce search queries (Multi-CPR); MiniLM's vocabulary is English",
}


@dataclass
class SentenceSet:
    """Sentences to analyse, optional per-sentence labels (colours) and an optional pair set."""

    sentences: list[str]
    labels: list[str] | None = None
    dataset: PairDataset | None = None


def preset(name: str, limit: int | None = None) -> SentenceSet:
    """A shipped preset (see :data:`PRESETS`); ``limit`` caps the pairs (STS-B) or sentences."""
    from stsdemo.data.catalog import load_pairs

    if name == "STS-B test pairs":
        data = load_pairs("stsb:test", limit=(limit + 1) // 2 if limit else None)
        return SentenceSet(data.sentences(), None, data)
    if name == "TREC questions":
        rows = [line.split("\t", 1) for line in read_text(_PRESET_DIR / "trec-test.tsv").splitlines()[1:] if line]
        rows = rows[:limit] if limit else rows
        return SentenceSet([q for _, q in rows], [label for label, _ in rows])
    if name == "E-commerce queries 电商":
        lines = read_lines(_PRESET_DIR / "ecom-queries-zh.txt").texts
        return SentenceSet(lines[:limit] if limit else lines)
    raise UserError("Unknown preset {name!r}; choose one of: {choices}.", name=name, choices=", ".join(PRESETS))


def sentences_from_text(text: str, limit: int = MAX_SENTENCES) -> SentenceSet:
    """One sentence per line (blank lines and repeats dropped); too long or too many -> DataError."""
    hint = f" The Geometry tab takes at most {limit:,} (use the CLI for more)."
    return SentenceSet(split_lines(text, unique=True, max_lines=limit, hint=hint).texts)


# --- projections for the plots ------------------------------------------------------------------


def projection_sample(n: int, max_points: int = 2_000, seed: int = 0) -> np.ndarray:
    """Indices of at most ``max_points`` rows (all when fewer), sorted, the same for every variant."""
    if n <= max_points:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, max_points, replace=False))


def cluster_labels(x: np.ndarray, k: int = 8, seed: int = 0) -> list[str]:
    """K-means clusters of the raw vectors (unit length), as colours when sentences have no labels:
    the same colour in every variant shows whether a cluster survives post-processing. Seeded, so
    kept for the same vectors (:data:`stsdemo.cache.BY_VECTORS`)."""
    from sklearn.cluster import KMeans

    from stsdemo.cache import BY_VECTORS, array_digest

    k = max(1, min(k, len(x)))

    def colours() -> list[str]:
        ids = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(normalize(x))
        return [f"cluster {i + 1}" for i in ids]

    return list(BY_VECTORS.get_or_compute(("vectors", array_digest(x), "kmeans", k, seed), colours))


def project_variants(
    result: GeometryResult, index: np.ndarray, seed: int = 0, keep_on_disk: bool = False
) -> dict[str, np.ndarray]:
    """2-D UMAP (PCA below 15 points) of rows ``index`` of every variant: name -> ``(m, 2)``.

    Each variant is projected on its own (its own neighbours), then turned onto the first (raw) one
    by Procrustes (:func:`stsdemo.projection.align_to`), so a sentence can be followed across panels.
    ``keep_on_disk``: see :func:`stsdemo.projection.project` (shipped sentence sets only)."""
    from stsdemo.projection import align_to, project

    points = {name: project(x[index], 2, "auto", seed, keep_on_disk) for name, x in result.vectors.items()}
    reference = next(iter(points.values()), None)
    return {name: align_to(reference, p) for name, p in points.items()}


# --- the lesson the tab shows ------------------------------------------------------------------------

#: What the Geometry tab analyses when it opens; :mod:`stsdemo.warmup` precomputes exactly this.
DEFAULT_LESSON = {
    "preset": "STS-B test pairs",
    "limit": 3000,
    "spec": "minilm:cls",
    "posts": ("whitening", "flow"),
    "flow_seconds": 20.0,
}


def lesson(
    encoder: Encoder,
    data: SentenceSet,
    posts: Sequence[str],
    fit_on: str = "target",
    flow_seconds: float = DEFAULT_LESSON["flow_seconds"],
    keep_on_disk: bool = False,
    show_progress: bool = False,
) -> tuple[GeometryResult, np.ndarray, dict[str, np.ndarray]]:
    """The Geometry tab's computation: :func:`analyse` of ``data``, the rows shown in the UMAP panels
    (:func:`projection_sample`) and their aligned projections (:func:`project_variants`).

    One function for the tab and for the warm-up (:func:`stsdemo.warmup.warm_geometry`), so that what
    the warm-up keeps on disk is keyed exactly as the tab will ask for it.
    """
    result = analyse(
        encoder,
        data.sentences,
        posts,
        dataset=data.dataset,
        fit_sentences=fit_sentences(fit_on, data.sentences),
        fit_on=fit_on,
        show_progress=show_progress,
        flow_options={"max_seconds": float(flow_seconds)},
        keep_on_disk=keep_on_disk,
    )
    index = projection_sample(len(result.sentences))
    return result, index, project_variants(result, index, keep_on_disk=keep_on_disk)
