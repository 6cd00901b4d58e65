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
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from stsdemo.encoders.base import Encoder
from stsdemo.errors import UserError
from stsdemo.postprocess.flow import Flow
from stsdemo.postprocess.whitening import Whitening

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

    @property
    def dim(self) -> int:
        return self.post.dim

    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        return self.post.transform(self.encoder.encode(texts, show_progress=show_progress, batch_size=batch_size))

    def encode(self, texts: Sequence[str], *, show_progress: bool = False, batch_size: int = 64, cache=None):
        return self._encode(list(texts), show_progress=show_progress, batch_size=batch_size)


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


_FITTED: OrderedDict[tuple[str, str, str], PostProcessedEncoder] = OrderedDict()
_FITTED_LOCK = threading.Lock()


def fitted_on_reference(
    encoder: Encoder, spec: str, fit_on: str = "stsb:train", show_progress: bool = False
) -> PostProcessedEncoder:
    """:func:`fit_post` on a reference set, remembered per (encoder, spec, fit_on) — the last 16.

    For the app's Score tab: a handful of typed pairs is far too few to fit a covariance, so the
    post-processing is fitted once on a reference corpus (STS-B train: 10k sentences) and reused.
    """
    key = (encoder.id, spec, fit_on)
    with _FITTED_LOCK:
        if key in _FITTED:
            _FITTED.move_to_end(key)
            return _FITTED[key]
    fitted = fit_post(encoder, spec, fit_sentences(fit_on, []), fit_on, show_progress)
    with _FITTED_LOCK:
        _FITTED[key] = fitted
        while len(_FITTED) > 16:
            _FITTED.popitem(last=False)
    return fitted


def fit_sentences(fit_on: str, target: Sequence[str], data_dir: str | None = None) -> list[str]:
    """Sentences to fit on: ``target``, a dataset ``NAME:SPLIT``, or a text/pair file."""
    from stsdemo.data.catalog import CATALOG, load_dataset
    from stsdemo.data.lines import read_lines
    from stsdemo.data.pairfile import read_pair_file

    if fit_on in (None, "", "target"):
        return list(target)
    name, sep, _ = fit_on.partition(":")
    if sep and name in CATALOG:
        return load_dataset(fit_on, data_dir).sentences()
    path = Path(fit_on)
    if not path.is_file():
        raise UserError(f"--fit-on {fit_on!r}: give target, a dataset such as stsb:train, or a text file.")
    if path.suffix.lower() in (".csv", ".tsv", ".jsonl"):
        return read_pair_file(path).sentences()
    return read_lines(fit_on, unique=True).texts


def save_post(post: PostProcessor, folder: str | Path, **info) -> Path:
    """Write ``post`` to ``folder``: ``postprocess.json`` (kind, spec, ``info``) + ``weights.pt``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kind = "flow" if isinstance(post, Flow) else "whitening"
    meta = {"kind": kind, "spec": post.name, "k": getattr(post, "k", None), "dim": post.dim, **info}
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
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    state = torch.load(folder / "weights.pt", weights_only=True)
    if meta["kind"] == "flow":
        state["base"] = {k: v.numpy() for k, v in state["base"].items()}
        return Flow.from_state(state)
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
    "fit_post",
    "fit_sentences",
    "load_post",
    "parse_post",
    "post_folder",
    "save_post",
]
