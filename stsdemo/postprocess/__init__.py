"""Post-processing of sentence vectors: whitening and flows, fitted on sentences, then composed
with any :class:`~stsdemo.encoders.Encoder`.

A *post spec* is ``whitening``, ``whitening-K`` (keep the top K directions) or ``flow``::

    enc = stsdemo.load("minilm", pooling="cls")
    white = fit_post(enc, "whitening", sentences)      # a PostProcessedEncoder
    white.encode(["A man plays a guitar."])            # (1, 381) unit vectors
    save_post(white.post, "models/postprocess/minilm-cls-whitening")

Fit sources (``--fit-on``): ``target`` (the sentences being analysed, Su et al.'s protocol), a
dataset ``NAME:SPLIT`` such as ``stsb:train``, or a file (one sentence per line, or a pair file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stsdemo.encoders.base import Encoder
from stsdemo.errors import UserError
from stsdemo.postprocess.flow import Flow
from stsdemo.postprocess.whitening import Whitening

#: Every post-processor offers the same interface: ``fit(X) -> self``, ``transform(X) -> (n, d')``,
#: ``save(folder)`` / ``Class.load(folder)``, ``config`` (constructor arguments), ``name``, ``dim``.
PostProcessor = Whitening | Flow

#: What a user can pick (``whitening-K`` stands for any K).
POST_CHOICES = ("whitening", "whitening-K", "flow")
_SPEC = re.compile(r"^(whitening)(?:-(\d+))?$|^(flow)$")


def parse_post(spec: str, **flow_options) -> PostProcessor:
    """An unfitted post-processor for ``whitening``, ``whitening-K`` or ``flow`` (``flow_options``:
    :class:`Flow` arguments such as ``max_seconds``; whitening has none and ignores them)."""
    match = _SPEC.match((spec or "").strip().lower())
    if not match:
        raise UserError(f"Unknown post-processing {spec!r}: use whitening, whitening-K (e.g. whitening-256) or flow.")
    if match.group(3):
        return Flow(**flow_options)
    return Whitening(int(match.group(2)) if match.group(2) else None)


class PostProcessedEncoder(Encoder):
    """``post.transform(encoder.encode(texts))``: an encoder like any other (id ``BASE+POST``).

    The base encoder's cache still applies; the cheap transform is recomputed each call, so a
    refitted post-processor never serves stale vectors.
    """

    def __init__(self, encoder: Encoder, post: PostProcessor, fit_on: str = "target") -> None:
        self.encoder, self.post, self.fit_on = encoder, post, fit_on
        self.id = f"{encoder.id}+{post.name}"
        self.owner, self.fingerprint = encoder.owner or encoder.id, encoder.fingerprint
        self._fit_digest = state_digest(post)

    @property
    def cache_key(self) -> tuple[str, str, str]:
        """Also tells two fits of the same spec apart (different sentences give a different state)."""
        return (self.owner, self.fingerprint, f"{self.id}#{self._fit_digest}")

    @property
    def dim(self) -> int:
        return self.post.dim

    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        return self.post.transform(self.encoder.encode(texts, show_progress=show_progress, batch_size=batch_size))

    def encode(self, texts: Sequence[str], *, show_progress: bool = False, batch_size: int = 64, cache=None):
        return self._encode(list(texts), show_progress=show_progress, batch_size=batch_size)


def state_digest(post: PostProcessor) -> str:
    """A short sha256 of a fitted post-processor's parameters (what it computes, not where it lives)."""
    import hashlib

    digest = hashlib.sha256(post.name.encode())

    def walk(value) -> None:
        if isinstance(value, dict):
            for k in sorted(value):
                digest.update(str(k).encode())
                walk(value[k])
        elif hasattr(value, "detach"):
            digest.update(value.detach().cpu().numpy().tobytes())
        elif isinstance(value, np.ndarray):
            digest.update(np.ascontiguousarray(value).tobytes())
        else:
            digest.update(repr(value).encode())

    walk(post.state())
    return digest.hexdigest()[:16]


def fit_post(
    encoder: Encoder,
    spec: str,
    sentences: Sequence[str],
    fit_on: str = "target",
    show_progress: bool = False,
    **flow_options,
) -> PostProcessedEncoder:
    """Encode ``sentences``, fit ``spec`` on them, return the composed encoder.

    Every row counts: a sentence occurring in several pairs weighs more in the mean and covariance,
    as in Su et al.'s protocol (this reproduces their figures on MiniLM; deduplicating shifts them).
    """
    post = parse_post(spec, **flow_options)
    vectors = encoder.encode(list(sentences), show_progress=show_progress)
    if isinstance(post, Flow):
        post.fit(vectors, show_progress=show_progress)
    else:
        post.fit(vectors)
    return PostProcessedEncoder(encoder, post, fit_on)


#: A flow fitted on a reference set sees at most this many distinct sentences and trains at most this
#: long, so a fresh machine's first flow column (encode + fit) stays under a minute on 2 CPUs; a
#: whitening keeps every reference row (its published figures use all of STS-B train).
REFERENCE_FLOW_SENTENCES = 4000
REFERENCE_FLOW_SECONDS = 30.0


def reference_sentences(spec: str, fit_on: str) -> list[str]:
    """What ``spec`` is fitted on for :func:`fitted_on_reference`: every row of ``fit_on``, or for a flow a
    fixed random subset of :data:`REFERENCE_FLOW_SENTENCES` distinct sentences (seed 0)."""
    sentences = fit_sentences(fit_on, [])
    if not isinstance(parse_post(spec), Flow):
        return sentences
    distinct = list(dict.fromkeys(sentences))
    if len(distinct) <= REFERENCE_FLOW_SENTENCES:
        return distinct
    keep = np.random.default_rng(0).permutation(len(distinct))[:REFERENCE_FLOW_SENTENCES]
    return [distinct[i] for i in sorted(keep)]


def reference_vectors(encoder: Encoder, sentences: list[str], show_progress: bool = False) -> np.ndarray:
    """``encoder.encode(sentences)``, kept on disk (:data:`stsdemo.cache.DISK`) for encoders with a
    fingerprint and at most 2,048 dimensions (TF-IDF's 8,192 are cheaper to recompute than to store).

    Only for shipped reference sets (STS-B train, the Geometry tab's presets): a visitor's own text
    is never written to the server's disk, not even as vectors.
    """
    from stsdemo.cache import DISK, disk_key, texts_digest

    if not encoder.fingerprint or encoder.dim > 2048:
        return encoder.encode(sentences, show_progress=show_progress)
    key = disk_key("embeddings", encoder.fingerprint, encoder.id, texts_digest(sentences))
    vectors = DISK.load_array("embeddings", key)
    if vectors is None or vectors.shape != (len(sentences), encoder.dim):
        vectors = encoder.encode(sentences, show_progress=show_progress)
        DISK.save_array("embeddings", key, vectors)
    return vectors


def fitted_on_reference(
    encoder: Encoder, spec: str, fit_on: str = "stsb:train", show_progress: bool = False
) -> PostProcessedEncoder:
    """``spec`` fitted on a reference set, for the app's Score tab and ``ENCODER+POST`` specs.

    A handful of typed pairs is far too few to fit a covariance, so the post-processing is fitted once
    on a reference corpus (STS-B train: 10k sentences) and reused: in memory
    (:data:`stsdemo.cache.FITTED`, keyed by the encoder's fingerprint) and on disk
    (:func:`fit_kept_on_disk`), so a restart loads the fit instead of redoing it.
    ``scripts/warm_cache.py`` fills the disk cache ahead of time.
    """
    from stsdemo.cache import FITTED
    from stsdemo.paths import data_dir

    spec = (spec or "").strip().lower()
    parse_post(spec)  # a bad spec fails before any work

    def fit() -> PostProcessedEncoder:
        sentences = reference_sentences(spec, fit_on)
        options = {"max_seconds": REFERENCE_FLOW_SECONDS}
        return fit_kept_on_disk(encoder, spec, sentences, fit_on, show_progress, **options)

    key = (*encoder.cache_key, spec, fit_on, str(data_dir()))
    return FITTED.get_or_compute(key, fit)


def fit_kept_on_disk(
    encoder: Encoder, spec: str, sentences: list[str], fit_on: str, show_progress: bool = False, **flow_options
) -> PostProcessedEncoder:
    """:func:`fit_post` on a shipped reference set, its vectors (:func:`reference_vectors`) and its fit
    kept on disk, keyed by the encoder's fingerprint and id, the spec, the fit source, the sentences
    and the flow options (plus the code version): after a restart the fit is loaded, not redone.

    An encoder without a fingerprint (an in-training model) is fitted every time.
    """
    from stsdemo.cache import DISK

    folder = kept_fit_folder(encoder, spec, sentences, fit_on, flow_options)
    if encoder.fingerprint and (folder / "postprocess.json").is_file():
        try:
            return PostProcessedEncoder(encoder, load_post(folder), fit_on)
        except (OSError, ValueError, KeyError, RuntimeError):
            pass  # a damaged entry is refitted and rewritten
    post = parse_post(spec, **flow_options)
    vectors = reference_vectors(encoder, sentences, show_progress)
    if isinstance(post, Flow):
        post.fit(vectors, show_progress=show_progress)
    else:
        post.fit(vectors)
    if encoder.fingerprint:
        DISK.save_folder("post", folder.name, lambda tmp: save_post(post, tmp, encoder=encoder.id, fit_on=fit_on))
    return PostProcessedEncoder(encoder, post, fit_on)


def kept_fit_folder(encoder: Encoder, spec: str, sentences: list[str], fit_on: str, flow_options: dict) -> Path:
    """The disk-cache folder where :func:`fit_kept_on_disk` keeps this fit (it may not exist yet)."""
    from stsdemo.cache import DISK, disk_key, texts_digest

    key = disk_key("post", encoder.fingerprint, encoder.id, spec, fit_on, texts_digest(sentences), flow_options)
    return DISK.folder("post", key)


def fit_sentences(fit_on: str, target: Sequence[str], data_dir: str | None = None) -> list[str]:
    """Sentences to fit on: ``target``, a dataset ``NAME:SPLIT``, or a text/pair file."""
    from stsdemo.data.catalog import CATALOG, load_pairs
    from stsdemo.data.lines import read_lines
    from stsdemo.data.pairfile import read_pair_file

    if fit_on in (None, "", "target"):
        return list(target)
    name, sep, _ = fit_on.partition(":")
    if sep and name in CATALOG:
        return load_pairs(fit_on, data_dir).sentences()
    path = Path(fit_on)
    if not path.is_file():
        raise UserError(f"--fit-on {fit_on!r}: give target, a dataset such as stsb:train, or a text file.")
    if path.suffix.lower() in (".csv", ".tsv", ".jsonl"):
        return read_pair_file(path).sentences()
    return read_lines(fit_on, unique=True).texts


def save_post(post: PostProcessor, folder: str | Path, **info) -> Path:
    """Write ``post`` to ``folder``: ``postprocess.json`` (kind, spec, ``info``) + ``weights.pt``."""
    import torch

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kind = "flow" if isinstance(post, Flow) else "whitening"
    meta = {"kind": kind, "spec": post.name, "k": getattr(post, "k", None), "dim": post.dim, **info}
    if kind == "flow" and post.fit_summary():
        meta["fit"] = post.fit_summary()
    (folder / "postprocess.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    state = post.state()
    if kind == "whitening":
        state = {k: torch.from_numpy(np.asarray(v)) for k, v in state.items()}
    else:
        state = {**state, "base": {k: torch.from_numpy(np.asarray(v)) for k, v in state["base"].items()}}
    torch.save(state, folder / "weights.pt")
    return folder


def load_post(folder: str | Path) -> PostProcessor:
    """Read what :func:`save_post` wrote (tensors only: ``weights_only=True``)."""
    folder = Path(folder)
    meta_file = folder / "postprocess.json"
    if not meta_file.is_file():
        raise UserError(f"{folder} holds no saved post-processor (postprocess.json is missing).")
    import torch

    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    state = torch.load(folder / "weights.pt", weights_only=True)
    if meta["kind"] == "flow":
        state["base"] = {k: v.numpy() for k, v in state["base"].items()}
        return Flow.from_state(state, meta.get("fit"))
    return Whitening.from_state({k: v.numpy() for k, v in state.items()}, meta.get("k"))


def post_folder(encoder_id: str, spec: str, root: str | Path | None = None) -> Path:
    """Default place to save a post-processor beside the models: ``models/postprocess/ID/SPEC``."""
    from stsdemo.paths import REPO_ROOT

    safe = re.sub(r"[^\w.-]+", "_", encoder_id)
    return Path(root or REPO_ROOT / "models") / "postprocess" / safe / spec


__all__ = [
    "POST_CHOICES",
    "Flow",
    "PostProcessedEncoder",
    "PostProcessor",
    "Whitening",
    "fit_kept_on_disk",
    "fit_post",
    "fit_sentences",
    "fitted_on_reference",
    "load_post",
    "parse_post",
    "post_folder",
    "save_post",
]
