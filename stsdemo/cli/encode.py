"""``encode --corpus FILE --out emb.npy``: embed a corpus too big for the app, with a progress bar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stsdemo.cli.common import add_corpus_column_args, add_model_args
from stsdemo.errors import UserError


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("encode", help="embed a corpus (one sentence per line, or a text column) to .npy")
    parser.add_argument("--corpus", required=True, help="TXT (one sentence per line), CSV, TSV or JSONL")
    parser.add_argument("--out", required=True, help="output .npy: float32 (n, d), row i = sentence i")
    add_model_args(parser)
    add_corpus_column_args(parser)
    parser.add_argument("--batch-size", type=int, default=64)
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.corpus.export import save_npy
    from stsdemo.corpus.reader import read_corpus
    from stsdemo.specs import load_encoder

    out = Path(args.out)
    if out.suffix != ".npy":
        raise UserError(f"--out must end in .npy (got {out.name}).")
    if not out.parent.is_dir():
        raise UserError(f"No folder {out.parent} to write {out.name} into.")
    corpus = read_corpus(args.corpus, text_column=args.text_column)
    model = load_encoder(args.model, args.pooling, args.backend, purpose="(a cross-encoder gives no sentence vectors)")
    vectors = model.encode(corpus.texts, show_progress=True, batch_size=args.batch_size, cache=None)
    save_npy(vectors, out)
    skipped = f" ({corpus.skipped} blank line(s) skipped)" if corpus.skipped else ""
    print(f"Wrote {out}: {vectors.shape[0]:,} x {vectors.shape[1]} float32 from {model.id}{skipped}.", file=sys.stderr)
    return 0
