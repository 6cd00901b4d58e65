"""``eval --data NAME:SPLIT``: Spearman/Pearson (graded) or accuracy/F1/AUC (0/1) of a model.

``--post whitening|whitening-K|flow`` evaluates the post-processed encoder, fitted on ``--fit-on``
(default ``target``: the evaluated sentences, Su et al.'s protocol); ``--post FOLDER`` uses a
post-processor saved before (``--save-post FOLDER``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stsdemo.cli.common import add_data_args, add_model_args, add_post_args, pair_columns, print_json


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("eval", help="evaluate a model on an STS or matching set")
    add_model_args(parser)
    add_data_args(parser)
    add_post_args(parser)
    parser.add_argument("--save-post", default=None, help="save the fitted post-processor to this folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.data.catalog import load_pairs
    from stsdemo.evaluation import evaluate_pairs
    from stsdemo.postprocess import PostProcessedEncoder, fit_post, fit_sentences, load_post, save_post
    from stsdemo.specs import load, load_encoder

    dataset = load_pairs(args.data, args.data_dir, args.limit, **pair_columns(args))
    if args.post:
        model = load_encoder(args.model, args.pooling, args.backend, purpose="(--post needs vectors)")
    else:
        model = load(args.model, args.pooling, args.backend)
    extra = {}
    if args.post:
        if (Path(args.post) / "postprocess.json").is_file():
            model, extra = PostProcessedEncoder(model, load_post(args.post), args.post), {"post": args.post}
        else:
            sentences = fit_sentences(args.fit_on, dataset.occurrences(), args.data_dir)
            model = fit_post(model, args.post, sentences, args.fit_on, True, max_seconds=args.flow_seconds)
            extra = {"post": model.post.name, "fit_on": args.fit_on, "n_fit": len(sentences)}
        if args.save_post:
            save_post(model.post, args.save_post, encoder=model.encoder.id, fit_on=args.fit_on)
    metrics = evaluate_pairs(model, dataset, show_progress=True)
    result = {"model": model.id, "data": args.data, **extra, **metrics}
    if args.json:
        print_json(result)
    else:
        warning = result.pop("warning", None)
        width = max(len(k) for k in result)
        for key, value in result.items():
            shown = f"{value:.4f}" if isinstance(value, float) else value
            print(f"{key:{width}}  {shown}")
        if warning:
            print(f"\nWARNING: {warning}")
    return 0
