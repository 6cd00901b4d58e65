"""``score "a" "b"``: the similarity of one pair."""

from __future__ import annotations

import argparse
import sys

from stsdemo.cli.common import add_model_args, print_json


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("score", help="similarity of one sentence pair")
    parser.add_argument("sentence1")
    parser.add_argument("sentence2")
    add_model_args(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"model": ..., "cosine": ...}, plus "percentile" (among random pairs, 0-100) and '
        '"expected_score" (STS 0-5) when the encoder has a calibration, and "warning" when it cannot read the text',
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.calibration import readings
    from stsdemo.encoders.vocabulary import oov_warning
    from stsdemo.inputs import clean_pairs
    from stsdemo.scoring import score_pairs
    from stsdemo.specs import is_scorer, load

    pairs = clean_pairs([(args.sentence1, args.sentence2)])
    model = load(args.model, args.pooling, args.backend)
    value = float(score_pairs(pairs, [model]).iloc[0][model.id])
    if is_scorer(model):
        result = {"model": model.id, "score": value}
    else:
        result = {"model": model.id, "cosine": value, **readings(model.id, value)}
    warning = oov_warning(model, pairs[0])
    if warning:
        result["warning"] = warning
    if args.json:
        print_json(result)
        return 0
    print(f"{value:.4f}")
    if "percentile" in result:
        print(
            f"percentile {result['percentile']:.0f} among random sentence pairs; "
            f"expected STS score {result['expected_score']:.1f} / 5",
            file=sys.stderr,
        )
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
