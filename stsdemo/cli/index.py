"""``index --corpus FILE [FILE ...] --model SPEC --out indexes/NAME``: encode a corpus into an on-disk index.

Resumable (a killed run restarted with the same command encodes only the missing rows) and
extensible (another ``--corpus`` file is appended to an existing index). ``--engine ray`` encodes on
a Ray cluster (``--ray-address`` / ``RAY_ADDRESS``, else a private local one). Search it with
``python -m stsdemo search --index indexes/NAME --query "..."``.
"""

from __future__ import annotations

import argparse
import json
import sys

from stsdemo.corpus.index_build import ENGINES, build_index
from stsdemo.errors import UserError


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("index", help="encode a corpus into an on-disk vector index (LanceDB), resumable")
    parser.add_argument("--corpus", required=True, nargs="+", help="Parquet (text, source), TXT, CSV, TSV, JSONL")
    parser.add_argument("--model", default="minilm", help="encoder spec (e.g. minilm, sts-mini-zh, tfidf-zh)")
    parser.add_argument("--out", required=True, help="index folder, e.g. indexes/NAME")
    parser.add_argument("--engine", choices=ENGINES, default="local", help="local (this process) or ray (actor pool)")
    parser.add_argument("--batch-size", type=int, default=1024, help="rows per encoded and committed batch")
    parser.add_argument(
        "--ray-address", default=None, help="Ray cluster to join (default: RAY_ADDRESS, else a local one)"
    )
    parser.add_argument("--actors", type=int, default=None, help="encoder actors (default: one per CPU of the cluster)")
    parser.add_argument("--text-column", default=None, help="column holding the text (Parquet/CSV/TSV/JSONL)")
    parser.add_argument("--no-ann", action="store_true", help="do not build an ANN index (flat scans only)")
    parser.add_argument(
        "--projection",
        type=int,
        default=0,
        metavar="N",
        help="also store a 2-D UMAP map of N random rows (at most 100000) for the Corpus tab (default: none)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.actors is not None and args.actors < 1:
        raise UserError("--actors must be at least 1.")
    if args.projection < 0:
        raise UserError("--projection must be 0 (none) or a number of rows.")
    summary = build_index(
        args.corpus,
        args.model,
        args.out,
        engine=args.engine,
        batch_size=args.batch_size,
        ray_address=args.ray_address,
        actors=args.actors,
        text_column=args.text_column,
        build_ann=not args.no_ann,
        projection=args.projection,
    )
    if args.json:
        print(json.dumps(summary))
    else:
        rate = f", {summary['rows_per_s']:,.0f} rows/s" if summary["rows_per_s"] else ""
        print(
            f"{summary['index']}: {summary['rows']:,} rows ({summary['encoded']:,} encoded now, "
            f"{summary['already_there']:,} already there{rate}); ANN index: {summary['ann'] or 'none (flat scan)'}"
            + (f"; map of {summary['projection']:,} rows" if summary["projection"] else ""),
            file=sys.stderr,
        )
    return 0
