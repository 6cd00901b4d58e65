"""``train mlm``: pretrain a small raw BERT with masked language modelling (see ``stsdemo.training.mlm``).

Plugged into ``train`` as a recipe sub-command: ``add_parser(recipe_subparsers)`` adds ``mlm``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from stsdemo.errors import UserError


def add_parser(recipe_subparsers) -> argparse.ArgumentParser:
    parser = recipe_subparsers.add_parser(
        "mlm",
        help="pretrain a small raw BERT (masked language modelling) on a corpus file",
        description="Pretrain a small raw BERT with MLM. Saves a transformers folder with a model card.",
    )
    parser.add_argument("--corpus", required=True, help="text file, one sentence per line")
    parser.add_argument("--vocab", default=None, help="WordPiece vocab.txt (default: train one on the corpus)")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="NAME:SPLIT",
        help="remove this evaluation set's sentences from the corpus (repeatable), e.g. stsb-zh:test",
    )
    parser.add_argument("--data-dir", default=None, help="data folder for --exclude sets (default: STSDEMO_DATA)")
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--heads", type=int, default=0, help="attention heads (default: hidden / 64)")
    parser.add_argument("--max-length", type=int, default=64, help="tokens per sentence (also the model's limit)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-4)
    stop = parser.add_mutually_exclusive_group(required=True)
    stop.add_argument("--time-budget", type=float, default=None, metavar="SECONDS", help="stop after this long")
    stop.add_argument("--epochs", type=float, default=None, metavar="N", help="passes over the corpus")
    parser.add_argument("--min-count", type=int, default=1, help="prune vocabulary tokens seen fewer times")
    parser.add_argument("--vocab-size", type=int, default=8000, help="size of a vocabulary trained on the corpus")
    parser.add_argument("--cased", action="store_true", help="keep letter case (default: lowercase)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--threads", type=int, default=0, help="CPU threads for torch (default: torch's; 1 is fastest on a busy CPU)"
    )
    parser.add_argument("--out", required=True, help="output folder, e.g. models/NAME")
    return parser


def run(args: argparse.Namespace) -> int:
    from stsdemo.data.lines import read_lines
    from stsdemo.training.corpus import MAX_CORPUS
    from stsdemo.training.mlm import MLMConfig, evaluation_sentences, exclude, train_mlm
    from stsdemo.training.mlm.vocab import read_vocab

    for name, value in (("--layers", args.layers), ("--hidden", args.hidden), ("--batch-size", args.batch_size)):
        if value < 1:
            raise UserError(f"{name} must be positive.")
    if (args.time_budget is not None and args.time_budget <= 0) or (args.epochs is not None and args.epochs <= 0):
        raise UserError("--time-budget and --epochs must be positive.")
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{args.out} exists and is not empty: pick a new --out folder.")
    if args.threads > 0:
        import torch

        torch.set_num_threads(args.threads)
    corpus = read_lines(args.corpus, unique=True, max_chars=None, max_lines=MAX_CORPUS).texts
    banned = evaluation_sentences(args.exclude, args.data_dir)
    kept = exclude(corpus, banned)
    config = MLMConfig(
        layers=args.layers,
        hidden=args.hidden,
        heads=args.heads,
        max_length=args.max_length,
        batch_size=args.batch_size,
        lr=args.lr,
        epochs=args.epochs,
        time_budget=args.time_budget,
        min_count=args.min_count,
        vocab_size=args.vocab_size,
        lowercase=not args.cased,
        seed=args.seed,
    )
    provenance = {
        "corpus": Path(args.corpus).name,
        "excluded": list(args.exclude),
        "excluded_count": len(corpus) - len(kept),
        "command": rebuild_command(args),
    }
    vocab = read_vocab(args.vocab) if args.vocab else None
    removed = len(corpus) - len(kept)
    print(f"corpus: {len(kept):,} sentences ({removed:,} evaluation sentences removed)", file=sys.stderr)
    summary = train_mlm(kept, out, config, vocab, provenance=provenance)
    print(
        f"saved {out}: {summary['steps']} steps, {summary['epochs_seen']} epochs, loss "
        f"{summary['loss_first']} -> {summary['loss_last']}, {summary['train_seconds']:.0f} s"
    )
    return 0


def rebuild_command(args: argparse.Namespace) -> str:
    """The command line that reproduces this run (every setting spelled out)."""
    parts = ["python -m stsdemo train mlm", "--corpus", args.corpus]
    parts += ["--vocab", args.vocab] if args.vocab else ["--vocab-size", str(args.vocab_size)]
    for spec in args.exclude:
        parts += ["--exclude", spec]
    parts += ["--layers", str(args.layers), "--hidden", str(args.hidden)]
    if args.heads:
        parts += ["--heads", str(args.heads)]
    parts += ["--max-length", str(args.max_length), "--batch-size", str(args.batch_size), "--lr", str(args.lr)]
    parts += ["--time-budget", f"{args.time_budget:g}"] if args.time_budget else ["--epochs", f"{args.epochs:g}"]
    parts += ["--min-count", str(args.min_count), "--seed", str(args.seed)]
    if args.threads:
        parts += ["--threads", str(args.threads)]
    if args.cased:
        parts.append("--cased")
    parts += ["--out", args.out]
    return " ".join(shlex.quote(p) if i else p for i, p in enumerate(parts))
