"""``search --corpus FILE --query "..."``: the corpus sentences most similar to a query."""

from __future__ import annotations

import argparse

from stsdemo.cli.common import add_corpus_column_args, add_model_args, print_json
from stsdemo.corpus.quantized import QUANTIZATIONS
from stsdemo.corpus.search import METHODS
from stsdemo.errors import UserError


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("search", help="semantic search: the corpus sentences most similar to a query")
    parser.add_argument("--corpus", default=None, help="TXT (one sentence per line), CSV, TSV or JSONL")
    parser.add_argument("--query", required=True)
    add_model_args(parser)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--threshold", type=float, default=None, help="drop hits with a cosine below this")
    add_corpus_column_args(parser)
    parser.add_argument("--embeddings", default=None, help=".npy from `encode` for this corpus (skips encoding)")
    parser.add_argument(
        "--index",
        default=None,
        help="a folder built by `index` (indexes/NAME): search it instead of a --corpus file; "
        f"with --corpus, the old spelling of --method ({'|'.join(METHODS)})",
    )
    parser.add_argument("--method", choices=METHODS, default=None, help="exact or HNSW (auto: by corpus size)")
    parser.add_argument(
        "--quantize",
        choices=QUANTIZATIONS,
        default=None,
        help="search int8 (4x smaller) or binary (32x smaller) corpus vectors, rescored with the float query",
    )
    parser.add_argument("--rerank", default=None, metavar="CROSS_ENCODER", help="rerank the top-k with a cross-encoder")
    parser.add_argument("--json", action="store_true", help='print a JSON list of {"text", "score", "rank"}')
    return parser


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from stsdemo.corpus.embedded import embed_corpus, embed_queries
    from stsdemo.corpus.quantized import QuantizedIndex
    from stsdemo.corpus.reader import read_corpus
    from stsdemo.corpus.search import VectorIndex, rerank, top_k
    from stsdemo.specs import load_encoder, load_scorer

    if args.top_k < 1:
        raise UserError("--top-k must be at least 1.")
    if args.index is not None and args.index not in METHODS:
        if args.corpus:
            raise UserError("Give --corpus FILE or --index FOLDER, not both.")
        return _search_index(args)
    if not args.corpus:
        raise UserError("Give --corpus FILE (a sentence file) or --index FOLDER (built by `index`).")
    method = args.method or args.index or "auto"
    corpus = read_corpus(args.corpus, text_column=args.text_column)
    model = load_encoder(
        args.model, args.pooling, args.backend, purpose="to search (use a cross-encoder with --rerank)"
    )
    reranker = load_scorer(args.rerank, purpose="for --rerank") if args.rerank else None
    if args.embeddings:
        vectors = np.load(args.embeddings)
        if vectors.ndim != 2 or len(vectors) != len(corpus):
            raise UserError(f"{args.embeddings} has shape {vectors.shape}; the corpus has {len(corpus):,} sentences.")
        index = QuantizedIndex(vectors, args.quantize) if args.quantize else VectorIndex(vectors, method)
        hits = top_k(index, corpus.texts, embed_queries(model, [args.query])[0], args.top_k, args.threshold)
        hits = rerank(args.query, hits, reranker) if reranker is not None else hits
    else:
        embedded = embed_corpus(model, corpus, method=method, show_progress=not args.json)
        hits = embedded.search(
            args.query, args.top_k, threshold=args.threshold, reranker=reranker, quantize=args.quantize
        )
    if args.json:
        print_json([{"text": h.text, "score": round(h.score, 6), "rank": h.rank} for h in hits])
    else:
        for h in hits:
            print(f"{h.rank:>3}  {h.score:.4f}  {h.text}")
    return 0


def _search_index(args: argparse.Namespace) -> int:
    """Search a built index: the query is encoded with the index's own model."""
    from stsdemo.corpus.index_search import search_index
    from stsdemo.specs import load_scorer

    if args.threshold is not None or args.embeddings or args.method or args.quantize:
        raise UserError(
            "--threshold, --embeddings, --method and --quantize apply to --corpus searches, not to --index."
        )
    reranker = load_scorer(args.rerank, purpose="for --rerank") if args.rerank else None
    hits = search_index(args.index, args.query, args.top_k, reranker=reranker)
    if args.json:
        keys = ("text", "score", "rank", "source")
        print_json([{k: round(h[k], 6) if k == "score" else h[k] for k in keys} for h in hits])
    else:
        for h in hits:
            print(f"{h['rank']:>3}  {h['score']:.4f}  {h['text']}  [{h['source']}]")
    return 0
