"""Could the offline cross-encoder ship as int8? Its onnxruntime int8 export against its fp32 self.

Issue 12 item 7: ship the cross-encoder in ``assets/models`` if an int8 export fits in 25 MB and keeps
STS-B test Spearman within 1 point of fp32 (the project's own limit on committed weights is 10 MB).
This exports ``--model`` (default ``models/cross-minilm-stsb``, built by ``scripts/warm_cache.py
--cross-encoder``) to ONNX, quantises it like the ``onnx-int8`` backend (dynamic, signed int8 weights
per output channel) and prints: file sizes, STS-B test Spearman of both, the Spearman between their
scores, and pairs/s of both (batch 32, 2 threads, same run).

    python -m benchmarks.cross_int8 [--model models/cross-minilm-stsb] [--no-record]

Records both rows in ``benchmarks/results.json`` (benchmark ``cross_int8``, models ``NAME`` and
``NAME@onnx-int8``; metrics ``spearman``, ``size_mb``, ``pairs_per_s``, ``agreement``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.discovery import OFFLINE_CROSS_ENCODER  # noqa: E402
from stsdemo.encoders.registry import load  # noqa: E402
from stsdemo.results import record  # noqa: E402


def export(model, tokenizer, path: Path) -> list[str]:
    """The sequence classifier (one logit) as an ONNX graph; returns its input names."""
    features = tokenizer([("A man plays.", "Someone plays music.")], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in features]

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors):
            return self.model(**dict(zip(names, tensors, strict=True))).logits

    with torch.no_grad():
        torch.onnx.export(
            Logits().eval(),
            tuple(features[n] for n in names),
            str(path),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={n: {0: "batch", 1: "sequence"} for n in names} | {"logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=OFFLINE_CROSS_ENCODER)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-record", action="store_true", help="don't write benchmarks/results.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    scorer = load(args.model)
    cross = scorer.model  # sentence_transformers.CrossEncoder
    data = load_pairs("stsb:test")
    pairs = list(zip(data.sentences1, data.sentences2, strict=True))
    with tempfile.TemporaryDirectory(prefix="stsdemo-cross-int8-") as tmp:
        fp32, int8 = Path(tmp) / "model.onnx", Path(tmp) / "model-int8.onnx"
        names = export(cross.model, cross.tokenizer, fp32)
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        session = ort.InferenceSession(str(int8), options, providers=["CPUExecutionProvider"])

        def int8_scores() -> np.ndarray:
            out = []
            for i in range(0, len(pairs), 32):
                f = cross.tokenizer(pairs[i : i + 32], padding=True, truncation=True, return_tensors="np")
                out.append(session.run(None, {n: f[n].astype(np.int64) for n in names})[0][:, -1])
            return np.concatenate(out)

        timings = {}
        for name, run in (("fp32 torch", lambda: scorer.score(pairs)), ("int8 onnx", int8_scores)):
            start = time.perf_counter()
            scores = np.asarray(run(), np.float64)
            timings[name] = (scores, len(pairs) / (time.perf_counter() - start))
        sizes = {"fp32 torch": sum(p.stat().st_size for p in Path(cross.model.name_or_path).glob("*.safetensors"))}
        sizes["int8 onnx"] = int8.stat().st_size
    print(f"{args.model} on STS-B test ({len(pairs)} pairs), {args.threads} threads, load {os.getloadavg()[0]:.1f}\n")
    print("| weights | size MB | STS-B test ρ | pairs/s |")
    print("|---|---:|---:|---:|")
    agreement = spearmanr(timings["fp32 torch"][0], timings["int8 onnx"][0]).statistic
    rows = []
    for (name, (scores, speed)), model in zip(timings.items(), (args.model, f"{args.model}@onnx-int8"), strict=True):
        rho = 100 * spearmanr(scores, data.labels).statistic
        print(f"| {name} | {sizes[name] / 2**20:.1f} | {rho:.2f} | {speed:,.0f} |")
        metrics = dict(spearman=round(rho, 2), size_mb=round(sizes[name] / 2**20, 1), pairs_per_s=round(speed))
        rows.append(
            dict(
                benchmark="cross_int8",
                set="stsb",
                split="test",
                model=model,
                n=len(pairs),
                command="python -m benchmarks.cross_int8",
                metrics=metrics | dict(agreement=round(agreement, 4)),
            )
        )
    print(f"\nSpearman between the fp32 and int8 scores: {agreement:.4f}")
    if not args.no_record:
        record(rows)


if __name__ == "__main__":
    main()
