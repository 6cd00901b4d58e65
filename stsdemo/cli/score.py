"""``score "a" "b"``: the similarity of one pair."""

from __future__ import annotations

import argparse

from stsdemo.cli.common import add_model_args, print_json
from stsdemo.encoders.base import PairScorer
from stsdemo.encoders.registry import load
from stsdemo.inputs import clean_pairs
from stsdemo.scoring import score_pairs


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("score", help="similarity of one sentence pair")
    parser.add_argument("sentence1")
    parser.add_argument("sentence2")
    add_model_args(parser)
    parser.add_argument("--json", action="store_true", help='print {"model": ..., "cosine": ...}')
    return parser


def run(args: argparse.Namespace) -> int:
    pairs = clean_pairs([(args.sentence1, args.sentence2)])
    model = load(args.model, args.pooling, args.backend)
    value = float(score_pairs(pairs, [model]).iloc[0][model.id])
    key = "score" if isinstance(model, PairScorer) else "cosine"
    if args.json:
        print_json({"model": model.id, key: value})
    else:
        print(f"{value:.4f}")
    return 0
