"""``eval --data NAME:SPLIT``: Spearman/Pearson (graded) or accuracy/F1/AUC (0/1) of a model."""

from __future__ import annotations

import argparse

from stsdemo.cli.common import add_model_args, print_json
from stsdemo.data.catalog import load_dataset
from stsdemo.encoders.registry import load
from stsdemo.evaluation import evaluate


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("eval", help="evaluate a model on an STS or matching set")
    add_model_args(parser)
    parser.add_argument("--data", required=True, help="NAME:SPLIT (stsb:test, stsb-zh:test, lcqmc:test ...) or a file")
    parser.add_argument("--data-dir", default=None, help="folder with the datasets (default: STSDEMO_DATA)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    parser.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    return parser


def run(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.data, args.data_dir, args.limit)
    model = load(args.model, args.pooling)
    metrics = evaluate(model, dataset, show_progress=True)
    result = {"model": model.id, "data": args.data, **metrics}
    if args.json:
        print_json(result)
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            shown = f"{value:.4f}" if isinstance(value, float) else value
            print(f"{key:{width}}  {shown}")
    return 0
