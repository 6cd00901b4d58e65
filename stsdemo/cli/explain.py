"""``explain "a" "b"``: why a pair gets its score (token alignment and per-token attributions)."""

from __future__ import annotations

import argparse

from stsdemo.cli.common import add_model_args, print_json


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "explain",
        help="why this score: token alignment and per-token attributions of one pair",
        description="Token x token cosines of the contextual token vectors (best match per token), and how "
        "much each token contributes: integrated gradients for bi-encoders (attributions sum to cosine - "
        "baseline_cosine), leave-one-token-out occlusion for cross-encoders.",
    )
    parser.add_argument("sentence1")
    parser.add_argument("sentence2")
    add_model_args(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print tokens1, tokens2, alignment, attribution1, attribution2, cosine, baseline_cosine, attribution_sum",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from stsdemo.explain import explain_pair, greedy_matches
    from stsdemo.inputs import clean_pairs
    from stsdemo.specs import load

    [(sentence1, sentence2)] = clean_pairs([(args.sentence1, args.sentence2)])
    result = explain_pair(load(args.model, args.pooling, args.backend), sentence1, sentence2)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(
        f"{result.model}: cosine {result.cosine:.4f}, baseline {result.baseline_cosine:.4f}, "
        f"attributions sum {result.attribution_sum:.4f} ({result.method}, {result.steps} steps)"
    )
    for label, tokens, values, others in [
        ("sentence 1", result.tokens1, result.attribution1, result.tokens2),
        ("sentence 2", result.tokens2, result.attribution2, result.tokens1),
    ]:
        matrix = result.alignment if label == "sentence 1" else np.array(result.alignment).T
        print(f"{label}: token  attribution  best match")
        for token, value, match in zip(tokens, values, greedy_matches(matrix), strict=True):
            print(f"  {token:<14} {value:+.4f}  {others[match] if others else ''}")
    return 0
