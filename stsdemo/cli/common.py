"""Flags and output helpers shared by several commands."""

from __future__ import annotations

import argparse
import json
import math
import sys

from stsdemo.encoders.backends import BACKENDS
from stsdemo.encoders.pooling import check_pooling
from stsdemo.errors import UserError


def pooling_arg(value: str) -> str:
    try:
        return check_pooling(value)
    except Exception as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="minilm", help="model name, local folder under models/, or hub id")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="inference backend for a transformer bi-encoder (default torch; exported and cached on first use)",
    )
    parser.add_argument(
        "--pooling",
        type=pooling_arg,
        default=None,
        help="cls | mean | first-last-avg | layer-K | static | trained (default: the model's own)",
    )


def add_data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="NAME:SPLIT (stsb:test, stsb-zh:test, lcqmc:test ...) or a file")
    parser.add_argument("--data-dir", default=None, help="folder with the datasets (default: STSDEMO_DATA)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    columns = parser.add_argument_group("columns of a --data file (names, or 1-based numbers; default: guessed)")
    columns.add_argument("--text1", default=None, help="column of the first sentences")
    columns.add_argument("--text2", default=None, help="column of the second sentences")
    columns.add_argument("--label", default=None, help="column of the gold labels")
    columns.add_argument("--columns", default=None, metavar="TEXT1,TEXT2[,LABEL]", help="the three at once")


def pair_columns(args: argparse.Namespace) -> dict[str, str | None]:
    """``{"text1", "text2", "label"}`` from ``--text1 --text2 --label`` or ``--columns A,B[,C]`` (not both)."""
    chosen = {"text1": args.text1, "text2": args.text2, "label": args.label}
    if args.columns is None:
        return chosen
    if any(v is not None for v in chosen.values()):
        raise UserError("Give either --columns or --text1/--text2/--label, not both.")
    parts = [p.strip() for p in args.columns.split(",")]
    if len(parts) not in (2, 3) or not all(parts):
        raise UserError(f"--columns takes TEXT1,TEXT2 or TEXT1,TEXT2,LABEL; got {args.columns!r}.")
    return dict(zip(("text1", "text2", "label"), parts + [None], strict=False))


def add_corpus_column_args(parser: argparse.ArgumentParser) -> None:
    """``--text-column`` (also spelled ``--text1`` or ``--columns``, as for pair files) of a table corpus."""
    parser.add_argument(
        "--text-column",
        "--text1",
        "--columns",
        dest="text_column",
        default=None,
        metavar="COLUMN",
        help="column holding the text (CSV/TSV/JSONL): a name or a 1-based number (default: guessed)",
    )


def add_post_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--post", default=None, help="whitening | whitening-K | flow")
    parser.add_argument(
        "--fit-on",
        default="target",
        help="fit the post-processing on: target (the evaluated sentences, default), NAME:SPLIT "
        "(e.g. stsb:train), or a file (one sentence per line, or a pair file)",
    )
    parser.add_argument("--flow-seconds", type=float, default=55.0, help="cap on the flow's fit time (s)")


def print_json(obj: object) -> None:
    """One JSON object on stdout; NaN becomes null so the output is strict JSON."""

    def clean(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    json.dump(clean(obj), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
