"""Sentences/s of our encoder layer vs plain ``SentenceTransformer.encode``, same model and sentences.

Runs are interleaved (ours, peer, ours, peer ...) so background load hits both alike; the best of
``--repeats`` is reported. Our encoder gets a fresh, empty cache each run, so it does the full work
plus the cache bookkeeping. Usage::

    python -m benchmarks.encode_speed [--sentences 1024] [--repeats 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

from stsdemo.cache import Region  # noqa: E402
from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.registry import minilm_path  # noqa: E402
from stsdemo.specs import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    sentences = load_pairs("stsb:test").sentences()[: args.sentences]
    ours = load("minilm")
    peer = SentenceTransformer(str(minilm_path()), device="cpu")
    peer.encode(sentences[:64])  # warm both (first call allocates)
    ours.encode(sentences[:64], cache=None)

    print(f"{len(sentences)} STS-B test sentences, all-MiniLM-L6-v2, torch threads={args.threads}\n")
    print("| batch | stsdemo sentences/s | SentenceTransformer sentences/s | ratio |")
    print("|---:|---:|---:|---:|")
    for batch in (32, 128):
        best = {"ours": 0.0, "peer": 0.0}
        for _ in range(args.repeats):
            start = time.perf_counter()
            ours.encode(sentences, batch_size=batch, cache=Region("benchmark", 100_000))
            best["ours"] = max(best["ours"], len(sentences) / (time.perf_counter() - start))
            start = time.perf_counter()
            peer.encode(sentences, batch_size=batch)
            best["peer"] = max(best["peer"], len(sentences) / (time.perf_counter() - start))
        print(f"| {batch} | {best['ours']:.0f} | {best['peer']:.0f} | {best['ours'] / best['peer']:.2f} |")


if __name__ == "__main__":
    main()
