"""``python -m stsdemo train RECIPE --data NAME:SPLIT|FILE --out models/NAME [...]``.

One sub-command per recipe. The recipes of :mod:`stsdemo.training` share the flags below;
another recipe module (e.g. ``stsdemo.cli.train_mlm``) plugs in by exposing
``add_parser(recipe_subparsers)`` and ``run(args)`` and being listed in :data:`EXTRA_RECIPES`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from stsdemo.cli import train_mlm
from stsdemo.cli.common import print_json
from stsdemo.training import LORA_LR, RECIPES, recipe_module

#: Recipe CLI modules defined elsewhere: each has ``add_parser(recipe_subparsers)`` and ``run(args)``.
EXTRA_RECIPES: list = [train_mlm]


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return number


def _add_recipe(sub, name: str) -> None:
    module = recipe_module(name)
    d = module.DEFAULTS
    parser = sub.add_parser(name, help=module.DESCRIPTION, description=(module.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", required=True, help="training data: NAME:SPLIT or a file")
    parser.add_argument("--eval", help="dev set NAME:SPLIT for checkpoint selection (default: the data's dev split)")
    parser.add_argument("--test", help="test set NAME:SPLIT scored after training (default: the data's test split)")
    parser.add_argument("--out", required=True, help="output folder under models/ (or STSDEMO_MODELS)")
    parser.add_argument(
        "--base",
        default="minilm",
        help="model to start from: minilm, a teaching model, models/NAME or a hub id; NAME:POOLING "
        "(cls, mean, ...) for a raw transformer (default: minilm)",
    )
    parser.add_argument("--epochs", type=float, help=f"default {d['epochs']}")
    parser.add_argument("--max-steps", type=_positive_int, help="stop after N optimizer steps")
    parser.add_argument("--batch-size", type=_positive_int, help=f"default {d['batch_size']}")
    parser.add_argument("--lr", type=float, help=f"learning rate, default {d['lr']:g}")
    parser.add_argument("--warmup", type=float, help=f"linear warm-up share of the steps, default {d['warmup']:g}")
    parser.add_argument("--seed", type=int, help=f"default {d['seed']}")
    parser.add_argument("--eval-steps", type=_positive_int, help="evaluate on dev every N steps (default: 8 per run)")
    parser.add_argument("--limit", type=_positive_int, help="use only the first N training rows")
    parser.add_argument("--eval-limit", type=_positive_int, help="use only the first N dev / test rows")
    parser.add_argument(
        "--lora",
        action="store_true",
        help=f"train LoRA adapters (peft) instead of all weights; default lr then {LORA_LR:g}",
    )
    parser.add_argument("--json", action="store_true", help="print metrics.json on stdout")
    parser.set_defaults(run=run, recipe=name)


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("train", help="fine-tune a bi-encoder, SimCSE or a cross-encoder")
    recipes = parser.add_subparsers(dest="recipe", required=True, metavar="RECIPE")
    for name in RECIPES:
        _add_recipe(recipes, name)
    for module in EXTRA_RECIPES:
        before = set(recipes.choices)
        module.add_parser(recipes)
        for name in set(recipes.choices) - before:  # whatever the module's add_parser returns
            recipes.choices[name].set_defaults(run=module.run)
    return parser


def config_from_args(args: argparse.Namespace):
    """The :class:`~stsdemo.training.run.TrainConfig` a parsed ``train RECIPE ...`` line asks for."""
    from stsdemo.training.run import TrainConfig

    return TrainConfig(
        recipe=args.recipe,
        data=args.data,
        out=args.out,
        eval=args.eval,
        test=args.test,
        base=args.base,
        epochs=args.epochs,
        max_steps=args.max_steps,
        batch_size=args.batch_size,
        lr=args.lr,
        warmup=args.warmup,
        seed=args.seed,
        lora=args.lora,
        eval_steps=args.eval_steps,
        limit=args.limit,
        eval_limit=args.eval_limit,
    )


def run(args: argparse.Namespace) -> int:
    from stsdemo.training.run import train

    config = config_from_args(args)
    with contextlib.redirect_stdout(sys.stderr):  # the trainer's log lines; stdout holds only the result
        metrics = train(config)
    if args.json:
        print_json({k: v for k, v in metrics.items() if k not in ("losses", "dev_curve")})
    else:
        print(f"saved {args.out}: {metrics['summary']} ({metrics['seconds']} s)")
    return 0
