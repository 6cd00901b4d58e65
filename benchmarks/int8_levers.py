"""Which int8 levers keep MiniLM faithful to fp32, and what each costs in speed: onnxruntime and NNCF
variants of the same exported graph, side by side in one run.

Every variant quantises the fp32 ONNX export of the bundled MiniLM (``stsdemo.encoders.backends``)
in a temporary folder and is run by the app's own :class:`~stsdemo.encoders.backends.GraphEncoder`.
Measured per variant, against fp32 PyTorch in the same run: sentences/s on the first ``--sentences``
STS-B test sentences (batch 32, 2 threads, runs interleaved, best of ``--repeats``), cosine of each
sentence vector to fp32 PyTorch's (mean / min, and which sentence is worst), STS-B test Spearman.

Levers (``docs/speed.md`` has the table and what was chosen):

* onnxruntime dynamic (weights int8 offline, activations per batch at run time): per-tensor vs
  per-channel weights, ``reduce_range``, unsigned (QUInt8) weights, the FFN output projections
  (``output.dense``, the layers with BERT's activation outliers) left in fp32;
* onnxruntime static (QDQ, activations calibrated on STS-B train sentences, MinMax);
* NNCF post-training quantisation for OpenVINO: ``model_type=TRANSFORMER`` with 300 or 1,000
  calibration sentences, the ``MIXED`` preset (asymmetric activations), the FFN output projections
  ignored, SmoothQuant off; and weight-only int8 (``nncf.compress_weights``).

Usage (idle machine; nothing else running)::

    python -m benchmarks.int8_levers [--sentences 1024] [--repeats 2] [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.backends import GraphEncoder, calibration_sentences, exported, quantize_openvino  # noqa: E402
from stsdemo.encoders.registry import load  # noqa: E402
from stsdemo.evaluation import evaluate_pairs  # noqa: E402


def _ffn_outputs(graph: Path) -> list[str]:
    """Names of the MatMuls of the feed-forward output projections (``layer.N.output.dense``)."""
    import onnx

    nodes = onnx.load(str(graph), load_external_data=False).graph.node
    return [n.name for n in nodes if n.op_type == "MatMul" and "/output/dense/" in n.name and "attention" not in n.name]


def _batches(model, sentences: list[str], size: int = 16) -> list[dict[str, np.ndarray]]:
    out = []
    for i in range(0, len(sentences), size):
        features = model.tokenizer(sentences[i : i + size], padding=True, return_tensors="np")
        out.append({k: v.astype(np.int64) for k, v in features.items()})
    return out


def ort_dynamic(**options) -> Callable:
    def build(model, fp32: Path, out: Path) -> tuple[Path, str]:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        kwargs = dict(options)
        if kwargs.pop("exclude_ffn_outputs", False):
            kwargs["nodes_to_exclude"] = _ffn_outputs(fp32)
        weight = QuantType[kwargs.pop("weight_type", "QInt8")]
        quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=weight, **kwargs)
        return out / "model.onnx", "onnx-int8"

    return build


def ort_static(n: int) -> Callable:
    def build(model, fp32: Path, out: Path) -> tuple[Path, str]:
        from onnxruntime.quantization import (
            CalibrationDataReader,
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self.batches = iter(_batches(model, calibration_sentences(n)))

            def get_next(self):
                return next(self.batches, None)

        quantize_static(
            str(fp32),
            str(out / "model.onnx"),
            Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
        )
        return out / "model.onnx", "onnx-int8"

    return build


def nncf_ptq(n: int = 300, preset: str | None = None, ignore_ffn_outputs: bool = False, smooth_quant: bool = True):
    def build(model, fp32: Path, out: Path) -> tuple[Path, str]:
        import nncf
        import openvino as ov
        from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters

        ov_model = ov.Core().read_model(str(fp32))
        extra = {}
        if preset:
            extra["preset"] = nncf.QuantizationPreset(preset)
        if ignore_ffn_outputs:
            extra["ignored_scope"] = nncf.IgnoredScope(names=_ffn_outputs(fp32), validate=False)
        if not smooth_quant:
            extra["advanced_parameters"] = AdvancedQuantizationParameters(smooth_quant_alpha=-1)
        batches = _batches(model, calibration_sentences(n))
        quantized = nncf.quantize(
            ov_model,
            nncf.Dataset(batches),
            model_type=nncf.ModelType.TRANSFORMER,
            subset_size=len(batches),
            **extra,
        )
        ov.save_model(quantized, str(out / "model.xml"))
        return out / "model.xml", "openvino-int8"

    return build


def nncf_weights_only(model, fp32: Path, out: Path) -> tuple[Path, str]:
    return quantize_openvino(fp32, out / "model.xml"), "openvino-int8"


def _fp32(backend: str) -> Callable:
    def build(model, fp32: Path, out: Path) -> tuple[Path, str]:
        return fp32, backend

    return build


#: name -> builder(model, fp32 graph, out folder) -> (graph file, GraphEncoder backend)
LEVERS: dict[str, Callable] = {
    "onnx fp32": _fp32("onnx"),
    "openvino fp32": _fp32("openvino"),
    "ort dynamic QInt8 per-tensor": ort_dynamic(per_channel=False),
    "ort dynamic QInt8 per-channel (shipped onnx-int8)": ort_dynamic(per_channel=True),
    "ort dynamic QInt8 per-channel reduce_range": ort_dynamic(per_channel=True, reduce_range=True),
    "ort dynamic QUInt8 per-channel": ort_dynamic(per_channel=True, weight_type="QUInt8"),
    "ort dynamic QInt8 per-channel, FFN outputs fp32": ort_dynamic(per_channel=True, exclude_ffn_outputs=True),
    "ort static QDQ per-channel, 300 STS-B train": ort_static(300),
    "nncf TRANSFORMER, 300 STS-B train (the former openvino-int8)": nncf_ptq(300),
    "nncf TRANSFORMER, 1,000 STS-B train": nncf_ptq(1000),
    "nncf TRANSFORMER, 300, preset MIXED": nncf_ptq(300, preset="mixed"),
    "nncf TRANSFORMER, 300, FFN outputs ignored": nncf_ptq(300, ignore_ffn_outputs=True),
    "nncf TRANSFORMER, 300, SmoothQuant off": nncf_ptq(300, smooth_quant=False),
    "nncf weight-only int8 (shipped openvino-int8)": nncf_weights_only,
}


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", help="comma-separated lever names (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    logging.disable(logging.WARNING)  # quantisers' advice on pre-processing, NNCF's statistics bars

    dataset = load_pairs("stsb:test")
    sentences = dataset.sentences()[: args.sentences]
    reference = load("minilm")
    model = reference.model  # the loaded SentenceTransformer: the same pipeline the backends export
    fp32 = exported(model, "onnx")
    chosen = args.only.split(",") if args.only else list(LEVERS)
    encoders = {"torch fp32": reference}
    built: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="stsdemo-int8-") as tmp:
        for i, name in enumerate(chosen):
            out = Path(tmp) / str(i)
            out.mkdir()
            start = time.perf_counter()
            graph, backend = LEVERS[name](model, fp32, out)
            built[name] = time.perf_counter() - start
            encoders[name] = GraphEncoder(model, graph, backend, name)
            print(f"built {name} in {built[name]:.1f} s", flush=True)
        for encoder in encoders.values():
            encoder.encode(sentences[:64], batch_size=32, cache=None)
        best = dict.fromkeys(encoders, 0.0)
        for _ in range(args.repeats):
            for name, encoder in encoders.items():
                start = time.perf_counter()
                encoder.encode(sentences, batch_size=32, cache=None)
                best[name] = max(best[name], len(sentences) / (time.perf_counter() - start))
        truth = reference.encode(sentences, cache=None)
        print(
            f"\n{len(sentences)} STS-B test sentences, batch 32, {args.threads} threads, best of {args.repeats} "
            f"interleaved runs; load average {os.getloadavg()[0]:.1f} at the end\n"
        )
        print("| variant | sentences/s | × torch fp32 | cosine to fp32 mean / min (worst sentence) | STS-B test ρ |")
        print("|---|---:|---:|---|---:|")
        worst = {}
        for name, encoder in encoders.items():
            c = _cosines(encoder.encode(sentences, cache=None), truth)
            worst[name] = int(np.argmin(c))
            spearman = 100 * evaluate_pairs(encoder, dataset)["spearman"]
            print(
                f"| {name} | {best[name]:,.0f} | {best[name] / best['torch fp32']:.2f} | "
                f"{c.mean():.4f} / {c.min():.4f} (#{worst[name]}) | {spearman:.2f} |",
                flush=True,
            )
        for index in sorted(set(worst.values())):
            print(f"sentence #{index}: {sentences[index][:120]!r}")


if __name__ == "__main__":
    main()
