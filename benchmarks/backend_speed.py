"""Sentences/s and fidelity of every inference backend against fp32 PyTorch, side by side in one run.

All backends encode the same STS-B test sentences at the same batch size and thread count; runs
are interleaved (torch, onnx, onnx-int8, ..., torch, ...) so background load hits all alike, and the
best of ``--repeats`` is reported with its ratio to torch. Fidelity: cosine of each sentence's vector
to the fp32 PyTorch one (mean / min) and STS-B test Spearman. Usage::

    python -m benchmarks.backend_speed [--sentences 1024] [--batch-size 32] [--threads 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.backends import BACKENDS  # noqa: E402
from stsdemo.encoders.registry import load  # noqa: E402
from stsdemo.evaluation import evaluate_pairs  # noqa: E402


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default="minilm")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    dataset = load_pairs("stsb:test")
    sentences = dataset.sentences()[: args.sentences]
    backends = args.backends.split(",")
    encoders = {b: load(args.model, backend=b) for b in backends}  # exports on first use
    for encoder in encoders.values():
        encoder.encode(sentences[:64], batch_size=args.batch_size, cache=None)  # warm up
    best = dict.fromkeys(backends, 0.0)
    for _ in range(args.repeats):
        for backend, encoder in encoders.items():
            start = time.perf_counter()
            encoder.encode(sentences, batch_size=args.batch_size, cache=None)
            best[backend] = max(best[backend], len(sentences) / (time.perf_counter() - start))
    reference = encoders["torch"].encode(sentences, cache=None) if "torch" in encoders else None

    print(
        f"{len(sentences)} STS-B test sentences, {args.model}, batch {args.batch_size}, "
        f"{args.threads} threads, best of {args.repeats} interleaved runs (load avg {os.getloadavg()[0]:.1f})\n"
    )
    print("| backend | sentences/s | × torch fp32 | cosine to fp32 (mean / min) | STS-B test Spearman |")
    print("|---|---:|---:|---:|---:|")
    for backend, encoder in encoders.items():
        ratio = best[backend] / best["torch"] if "torch" in best else float("nan")
        fidelity = "-"
        if reference is not None:
            c = cosines(encoder.encode(sentences, cache=None), reference)
            fidelity = f"{c.mean():.4f} / {c.min():.4f}"
        spearman = evaluate_pairs(encoder, dataset)["spearman"] * 100
        print(f"| {backend} | {best[backend]:,.0f} | {ratio:.2f} | {fidelity} | {spearman:.2f} |")


if __name__ == "__main__":
    main()
