"""One source of training defaults: the recipe's DEFAULTS, used by a run, the CLI and the Train tab."""

import pytest

from stsdemo.cli import build_parser
from stsdemo.cli.train import config_from_args
from stsdemo.training import RECIPES, recipe_module
from stsdemo.training.run import HYPERPARAMETERS, TrainConfig, resolve


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_a_changed_recipe_default_reaches_the_run(recipe, monkeypatch):
    """Before, TrainConfig's own warmup=0.1 / seed=42 won over the recipe's DEFAULTS."""
    module = recipe_module(recipe)
    changed = {"epochs": 9, "batch_size": 3, "lr": 1e-3, "warmup": 0.3, "seed": 7}
    monkeypatch.setattr(module, "DEFAULTS", changed)
    resolved = resolve(TrainConfig(recipe, "stsb:train", "models/x"))
    assert {k: getattr(resolved, k) for k in HYPERPARAMETERS} == changed
    # and through the CLI: flags the user did not give stay None until resolve
    args = build_parser().parse_args(["train", recipe, "--data", "stsb:train", "--out", "models/x"])
    from_cli = resolve(config_from_args(args))
    assert {k: getattr(from_cli, k) for k in HYPERPARAMETERS} == changed


def test_user_values_win_over_defaults():
    resolved = resolve(TrainConfig("cosent", "stsb:train", "models/x", warmup=0.0, seed=0, lr=1e-5))
    assert (resolved.warmup, resolved.seed, resolved.lr) == (0.0, 0, 1e-5)


def test_lora_default_lr():
    from stsdemo.training import LORA_LR

    assert resolve(TrainConfig("cosent", "stsb:train", "models/x", lora=True)).lr == LORA_LR


def test_defaults_hold_every_hyperparameter():
    for recipe in RECIPES:
        assert set(recipe_module(recipe).DEFAULTS) == set(HYPERPARAMETERS), recipe
