"""The model card's "Reproduce" line parses back, with the real ``train`` parser, into the run's config."""

import shlex
from dataclasses import asdict, fields

import pytest

from stsdemo.cli import build_parser
from stsdemo.cli.train import config_from_args
from stsdemo.training import RECIPES
from stsdemo.training.card import command
from stsdemo.training.run import HYPERPARAMETERS, TrainConfig, resolve


def _parse(line: str) -> TrainConfig:
    words = shlex.split(line)
    assert words[:3] == ["python", "-m", "stsdemo"]
    return config_from_args(build_parser().parse_args(words[3:]))


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_reproduce_command_gives_back_the_whole_config(recipe):
    """Every field set to a non-default value (the issue's case: a CoSENT run on mlm-mini-zh:mean)."""
    config = resolve(
        TrainConfig(
            recipe=recipe,
            data="stsb-zh:train",
            out="models/zh run",
            eval="stsb-zh:dev",
            test="stsb-zh:test",
            base="mlm-mini-zh:mean",
            epochs=2.5,
            max_steps=300,
            batch_size=16,
            lr=1.23456789e-4,
            warmup=0.05,
            seed=7,
            lora=recipe != "cross-bce",
            eval_steps=25,
            limit=1000,
            eval_limit=100,
        )
    )
    assert _parse(command(asdict(config))) == config


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_reproduce_command_of_a_default_run_pins_the_defaults(recipe):
    config = resolve(TrainConfig(recipe=recipe, data="stsb:train", out="models/x"))
    back = _parse(command(asdict(config)))
    assert back == config
    assert all(getattr(back, k) is not None for k in HYPERPARAMETERS)  # defaults written out, not implied


def test_every_config_field_has_a_cli_flag():
    """A new TrainConfig field without a flag could not be reproduced."""
    config = TrainConfig(
        "cosent",
        "stsb:train",
        "models/x",
        eval="e",
        test="t",
        max_steps=1,
        eval_steps=1,
        limit=1,
        eval_limit=1,
        lora=True,
    )
    back = _parse(command(asdict(resolve(config))))
    assert {f.name for f in fields(TrainConfig)} == set(asdict(back))
    assert back == resolve(config)


def test_absolute_out_inside_the_repo_is_shown_relative():
    from stsdemo.paths import REPO_ROOT

    line = command({"recipe": "cosent", "data": "d", "out": str(REPO_ROOT / "models" / "x")})
    assert "--out models/x" in line and str(REPO_ROOT) not in line
