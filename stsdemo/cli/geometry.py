"""``geometry --data NAME:SPLIT [--post whitening|whitening-K|flow]``: anisotropy metrics, raw and
post-processed.

``--json`` prints one object: the metrics of the chosen variant (the post-processed one when
``--post`` is given, else raw) at the top level, every variant under ``variants``, and fit details
(for a flow: steps, held-out NLL vs the Gaussian fit) under ``fit``::

    {"model": "minilm:cls", "data": "stsb:test", "post": "whitening", "fit_on": "target",
     "n_sentences": 2552, "random_pair_cosine": -0.0003, "isotropy": 0.988, "top1_variance_share": ...,
     "variants": {"raw": {...}, "whitening": {...}}, "fit": {"whitening": {...}}}
"""

from __future__ import annotations

import argparse

from stsdemo.cli.common import add_data_args, add_model_args, add_post_args, pair_columns, print_json


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("geometry", help="anisotropy / isotropy metrics, raw vs whitened vs flow")
    add_model_args(parser)
    add_data_args(parser)
    add_post_args(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.data.catalog import load_pairs
    from stsdemo.geometry import analyse
    from stsdemo.postprocess import fit_sentences
    from stsdemo.specs import load_encoder

    dataset = load_pairs(args.data, args.data_dir, args.limit, **pair_columns(args))
    model = load_encoder(
        args.model, args.pooling, args.backend, purpose="(a cross-encoder has no sentence vectors to measure)"
    )
    target = dataset.sentences()
    result = analyse(
        model,
        target,
        posts=[args.post] if args.post else [],
        dataset=dataset,
        fit_sentences=fit_sentences(args.fit_on, dataset.occurrences(), args.data_dir),
        fit_on=args.fit_on,
        show_progress=not args.json,
        flow_options={"max_seconds": args.flow_seconds},
    )
    chosen = list(result.metrics)[-1]
    out = {
        "model": model.id,
        "data": args.data,
        "post": chosen if args.post else None,
        "fit_on": args.fit_on if args.post else None,
        "n_sentences": len(result.sentences),
        **result.metrics[chosen],
        "variants": result.metrics,
        "fit": result.fit_info,
    }
    if args.json:
        print_json(out)
    else:
        print(f"{model.id} on {args.data}: {len(result.sentences)} sentences")
        print(result.table().round(4).to_string())
        for name, info in result.fit_info.items():
            shown = (f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in info.items())
            print(f"{name}: " + ", ".join(shown))
    return 0


__all__ = ["add_parser", "run"]
