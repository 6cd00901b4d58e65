"""Inference backends: the same sentence-transformers model run by PyTorch, ONNX Runtime or OpenVINO,
in fp32 or int8.

``backend_encoder(model, backend)`` turns a loaded :class:`~sentence_transformers.SentenceTransformer`
(any pooling view the registry builds: ``minilm``, ``minilm:cls``, a local folder ...) into an
:class:`~stsdemo.encoders.base.Encoder` that runs on the chosen backend. Any spec parser calls it;
this module knows nothing about spec strings.

Why not sentence-transformers' own ``backend="onnx"``: it needs ``optimum``, whose pin downgrades
transformers and breaks Gradio 6 (``shared/STACK.md``). So the whole ST pipeline (transformer,
pooling, normalisation) is exported here with ``torch.onnx.export`` and run with onnxruntime or
OpenVINO directly; the tokenizer stays the model's own.

* ``onnx``: the fp32 graph in onnxruntime.
* ``onnx-int8``: onnxruntime ``quantize_dynamic``, signed int8 weights **per output channel**
  (activations quantised per batch at run time). Per-tensor weights were ~as fast but lost fidelity
  (mean cosine to fp32 0.960, min 0.83 on STS-B test); per-channel keeps 0.992 (``docs/speed.md``).
* ``openvino``: the fp32 ONNX graph compiled by OpenVINO.
* ``openvino-int8``: NNCF weight-only int8 (``nncf.compress_weights``, asymmetric, per output
  channel) of that graph, run by OpenVINO; activations stay fp32 (needs the optional ``nncf``
  package). NNCF's static int8 (activations too, calibrated on STS-B train) was faster but put one
  STS-B test sentence in 1,024 at cosine 0.64 to its fp32 vector; weight-only keeps every one above
  0.998 (``docs/speed.md``, "int8 levers").

Exports are made on first use from the loaded model and cached in the project's one cache folder,
under ``.cache/stsdemo/backends/`` (or ``$STSDEMO_CACHE/backends``), keyed by a fingerprint of the
weights and the pipeline, so a retrained folder gets a fresh export and the read-only package
folder of the bundled MiniLM is never written. Each file's name carries a digest of its
:data:`RECIPES` entry, so a changed recipe is exported afresh instead of reusing an old file.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

import numpy as np

from stsdemo.encoders.base import Encoder
from stsdemo.errors import ModelNotAvailable, UserError
from stsdemo.paths import REPO_ROOT

Backend = Literal["torch", "onnx", "onnx-int8", "openvino", "openvino-int8"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
#: The backend the app's Corpus tab encodes an English corpus with by default (bulk encoding is where
#: speed shows): the fastest int8 backend that passes issue 12's bar (>= 2x fp32 PyTorch sentences/s,
#: mean cosine to fp32 >= 0.99, STS-B test Spearman within 0.5). openvino-int8 is faster but one
#: sentence in 1,024 falls to cosine 0.64 (docs/speed.md, "int8 levers").
APP_BACKEND: Backend = "onnx-int8"
#: How each graph is made. A digest of the entry is part of the cached file's name
#: (:func:`export_name`): change a recipe here and old exports are never read again.
RECIPES: dict[str, str] = {
    "onnx": "torch.onnx.export opset 17, dynamo off, whole ST pipeline",
    "onnx-int8": "onnxruntime quantize_dynamic QInt8 per-channel of the onnx graph",
    "openvino": "the onnx graph",
    "openvino-int8": "nncf compress_weights INT8_ASYM of the onnx graph (weights only, activations fp32)",
}
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_LOCK = threading.Lock()


def check_backend(name: str) -> Backend:
    """Return ``name`` if it is a backend, else raise :class:`UserError` listing them."""
    if name not in BACKENDS:
        raise UserError(f"Unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}.")
    return name


def exports_root() -> Path:
    """Folder for exported graphs: ``backends/`` in the project's one cache folder (:mod:`stsdemo.cache`)."""
    from stsdemo.cache import cache_root

    return cache_root() / "backends"


def fingerprint(model) -> str:
    """A short hash of the pipeline's structure and every weight: equal models share one export."""
    digest = hashlib.sha1(repr(model).encode())
    for name, tensor in model.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()[:16]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _Pipeline:
    """The ST model's forward as a function of plain tensors, which ``torch.onnx.export`` needs
    (transformers 5's BertModel rejects positional arguments, so they go in as keywords)."""

    @staticmethod
    def module(model, input_names: tuple[str, ...]):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.model = model

            def forward(self, *tensors):
                return self.model(dict(zip(input_names, tensors, strict=True)))["sentence_embedding"]

        return Wrapped().eval()


def export_onnx(model, path: Path) -> Path:
    """Export ``model`` (a SentenceTransformer) to an fp32 ONNX graph at ``path``: inputs are the
    tokenizer's tensors, the output is ``sentence_embedding`` (batch and sequence axes dynamic)."""
    import torch

    features = model.tokenizer(
        ["An example sentence to trace the graph with.", "A short one."], padding=True, return_tensors="pt"
    )
    names = tuple(n for n in _INPUTS if n in features)
    axes = {n: {0: "batch", 1: "sequence"} for n in names} | {"sentence_embedding": {0: "batch"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.onnx")
    import warnings

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python branches on shapes
        torch.onnx.export(
            _Pipeline.module(model, names),
            tuple(features[n] for n in names),
            str(tmp),
            input_names=list(names),
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(path)
    return path


def quantize_onnx(source: Path, path: Path) -> Path:
    """Dynamic int8 quantisation of ``source``: signed weights per output channel."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = path.with_suffix(".tmp.onnx")
    logging.disable(logging.WARNING)  # "consider pre-processing": shape inference gains nothing here
    try:
        quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)
    tmp.replace(path)
    return path


def calibration_sentences(n: int = 300) -> list[str]:
    """Sentences to calibrate static int8 ranges on: the first ``n`` distinct STS-B train sentences
    (``benchmarks/int8_levers.py`` compares static calibration against the shipped recipes)."""
    from stsdemo.data.catalog import load_pairs

    return load_pairs("stsb:train").sentences()[:n]


def quantize_openvino(source: Path, path: Path) -> Path:
    """NNCF weight-only int8 of the fp32 graph ``source``, saved as OpenVINO IR at ``path`` (``.xml``).

    Every MatMul's weights become int8 with one scale and zero point per output channel; activations
    stay fp32, so no calibration data is needed and no sentence's activations are clipped.
    """
    try:
        import nncf
    except ImportError as err:
        raise ModelNotAvailable("openvino-int8 needs the optional package nncf: pip install nncf") from err
    import openvino as ov

    compressed = nncf.compress_weights(ov.Core().read_model(str(source)), mode=nncf.CompressWeightsMode.INT8_ASYM)
    tmp = path.with_name(path.stem + ".tmp.xml")
    ov.save_model(compressed, str(tmp))
    tmp.with_suffix(".bin").replace(path.with_suffix(".bin"))
    tmp.replace(path)
    return path


def export_name(backend: str) -> str:
    """The cached graph's file name for ``backend``: kind, recipe digest, suffix.

    >>> export_name("onnx-int8").startswith("onnx-int8-") and export_name("onnx-int8").endswith(".onnx")
    True
    >>> export_name("openvino") == export_name("onnx")  # OpenVINO compiles the fp32 ONNX graph itself
    True
    """
    kind = "onnx" if backend == "openvino" else backend
    digest = hashlib.sha1(RECIPES[kind].encode()).hexdigest()[:8]
    return f"{kind}-{digest}" + (".xml" if kind == "openvino-int8" else ".onnx")


def exported(model, backend: str, say: Callable[[str], None] = _say) -> Path:
    """The cached graph file for ``model`` on ``backend``, exported (and quantised) on first use."""
    folder = exports_root() / fingerprint(model)
    fp32 = folder / export_name("onnx")
    target = folder / export_name(backend)
    with _LOCK:
        if not fp32.is_file():
            say(f"Exporting the model to ONNX (first use of a backend; cached in {_shown(folder)}) ...")
            export_onnx(model, fp32)
        if backend == "onnx-int8" and not target.is_file():
            say("Quantising the ONNX graph to int8 (per-channel weights) ...")
            quantize_onnx(fp32, target)
        if backend == "openvino-int8" and not target.is_file():
            say("Compressing the weights to int8 for OpenVINO with NNCF (weights only) ...")
            quantize_openvino(fp32, target)
    return target


def _shown(path: Path) -> str:
    """A cache path as shown to users: relative to the repo when inside it (no absolute server paths)."""
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        from stsdemo.cache import cache_root

        return f"$STSDEMO_CACHE/{path.relative_to(cache_root())}"


def _threads() -> int:
    import torch

    return max(1, torch.get_num_threads())


class GraphEncoder(Encoder):
    """A sentence-transformers pipeline exported to a graph, run by onnxruntime or OpenVINO.

    Texts are sorted by length and batched (as ST does), so padding stays short; tokenisation is
    the model's own tokenizer with its ``max_seq_length``.
    """

    def __init__(self, model, graph: Path, backend: str, id: str) -> None:
        self.id = id
        self.backend = backend
        self.tokenizer = model.tokenizer
        self.max_seq_length = int(model.max_seq_length)
        self._dim = int(model.get_embedding_dimension())
        if backend.startswith("onnx"):
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = _threads()
            options.inter_op_num_threads = 1
            # ORT's workers spin on after each run by default (~57 ms of a core after every query
            # here): a query's top-k product right after its encode took 4-6 ms instead of 1 ms, and
            # the other visitors of a 2-CPU Space lose that core. Spinning stops when a run returns;
            # within a run it stays (batch-32 speed unchanged, docs/speed.md).
            options.add_session_config_entry("session.force_spinning_stop", "1")
            session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
            self._names = [i.name for i in session.get_inputs()]
            self._run = lambda feeds: session.run(None, feeds)[0]
        else:
            import openvino as ov

            compiled = ov.Core().compile_model(
                str(graph), "CPU", {"INFERENCE_NUM_THREADS": _threads(), "PERFORMANCE_HINT": "LATENCY"}
            )
            self._names = [i.get_any_name() for i in compiled.inputs]
            request = compiled.create_infer_request()
            self._run = lambda feeds: request.infer(feeds)[compiled.output(0)].copy()
        self._run_lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        starts = range(0, len(texts), batch_size)
        if show_progress:
            from tqdm.auto import tqdm

            starts = tqdm(starts, desc=f"Encoding ({self.backend})", unit="batch")
        for start in starts:
            rows = order[start : start + batch_size]
            features = self.tokenizer(
                [texts[i] for i in rows],
                padding=True,
                truncation=True,
                max_length=self.max_seq_length,
                return_tensors="np",
            )
            feeds = {n: features[n].astype(np.int64) for n in self._names}
            with self._run_lock:  # one inference request per encoder; sessions are not re-entrant here
                out[rows] = self._run(feeds)
        return out


def backend_encoder(model, backend: str, id: str, say: Callable[[str], None] = _say) -> Encoder:
    """``model`` (a loaded SentenceTransformer) as an :class:`Encoder` on ``backend``.

    ``torch`` wraps the model as it is; the others export it on first use (see module doc).
    """
    from stsdemo.encoders.sentence import SentenceEncoder

    check_backend(backend)
    if backend == "torch":
        return SentenceEncoder(model, id)
    if type(model[0]).__name__ != "Transformer":
        raise UserError(f"{id.partition('@')[0]} is not a transformer model: it runs only on torch.")
    return GraphEncoder(model, exported(model, backend, say), backend, id)
