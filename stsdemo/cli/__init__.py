"""``python -m stsdemo COMMAND``: one module per command, each with ``add_parser`` and ``run``.

The commands' flags and ``--json`` outputs are a contract other tools rely on: keep them stable.
User errors print ``error: ...`` on stderr and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from stsdemo.cli import encode, evaluate, explain, geometry, index, models, score, search, train
from stsdemo.errors import UserError
from stsdemo.paths import chosen_data_dir

COMMANDS = [models, score, explain, evaluate, geometry, search, index, encode, train]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stsdemo", description="STS Lab: semantic textual similarity.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub).set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with chosen_data_dir(getattr(args, "data_dir", None)):
            return int(args.run(args) or 0)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
