"""``models``: list the models a user can pick now."""

from __future__ import annotations

import argparse

from stsdemo.cli.common import print_json


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("models", help="list the encoders available now")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.encoders.registry import list_models

    models = list_models()
    if args.json:
        print_json([m.__dict__ for m in models])
        return 0
    print(f"{'name':48} {'kind':22} {'source':8} available")
    for m in models:
        print(f"{m.name:48} {m.kind:22} {m.source:8} {'yes' if m.available else 'no'}  {m.description}")
    print("\nPoolings for raw views: NAME:cls, NAME:mean, NAME:first-last-avg, NAME:layer-K, NAME:static")
    return 0
