"""Memory, recall@10 and query time of int8 / binary corpus search (with rescoring) vs exact float32.

Corpus: the wiki1m head (11,913 real Wikipedia sentences, ``../shared/data``); queries: STS-B test
sentences; embeddings: MiniLM (``--model``, default ``minilm@onnx``: the same vectors as PyTorch, made
faster). Recall@10 = share of exact float32 search's top 10 that the quantised search returns.

    python -m benchmarks.quantized_search [--queries 500] [--model minilm@onnx]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from stsdemo.corpus.quantized import QuantizedIndex, recall_at_k  # noqa: E402
from stsdemo.corpus.reader import read_corpus  # noqa: E402
from stsdemo.corpus.search import VectorIndex  # noqa: E402
from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.registry import load  # noqa: E402
from stsdemo.errors import DataError  # noqa: E402
from stsdemo.paths import data_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--model", default="minilm@onnx")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    root = data_dir()
    if root is None:
        raise DataError("needs the shared data folder (../shared/data or STSDEMO_DATA)")
    corpus = read_corpus(str(root / "en" / "wiki1m-head" / "wiki1m_for_simcse.head.txt"))
    queries = load_pairs("stsb:test").sentences()[: args.queries]
    encoder = load(args.model)
    start = time.perf_counter()
    vectors = encoder.encode(corpus.texts, batch_size=32, cache=None)
    print(f"encoded {len(corpus):,} corpus sentences with {encoder.id} in {time.perf_counter() - start:.0f} s")
    query_vectors = encoder.encode(queries, cache=None)

    exact_index = VectorIndex(vectors, "exact")
    start = time.perf_counter()
    _, exact = exact_index.search(query_vectors, args.k)
    exact_ms = (time.perf_counter() - start) / len(queries) * 1000
    print(f"\n{len(corpus):,} wiki1m-head sentences, {len(queries)} STS-B test queries, {encoder.id}, k={args.k}\n")
    print("| corpus vectors | rescore candidates | memory | recall@10 vs float32 | ms / query |")
    print("|---|---:|---:|---:|---:|")
    print(f"| float32 (exact) | - | {exact_index.vectors.nbytes / 1e6:.2f} MB | 1.000 | {exact_ms:.2f} |")
    for precision in ("int8", "binary"):
        for multiplier in (1, 4, 10):
            index = QuantizedIndex(vectors, precision, rescore_multiplier=multiplier)
            start = time.perf_counter()
            _, found = index.search(query_vectors, args.k)
            ms = (time.perf_counter() - start) / len(queries) * 1000
            recall = recall_at_k(exact, found)
            print(f"| {precision} | {multiplier}k | {index.nbytes / 1e6:.2f} MB | {recall:.3f} | {ms:.2f} |")


if __name__ == "__main__":
    main()
