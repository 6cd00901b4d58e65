"""Training recipes (one module each) run by :func:`stsdemo.training.run.train`; MLM pretraining of
small raw BERTs is :mod:`stsdemo.training.mlm` (its own CLI, ``train mlm``).

Each recipe module exposes ``DEFAULTS`` (hyper-parameters), ``DESCRIPTION`` and
``prepare(config) -> Plan``. ``DEFAULTS`` is the one source of a recipe's hyper-parameters:
:class:`~stsdemo.training.run.TrainConfig` and the CLI leave them ``None`` and
:func:`~stsdemo.training.run.resolve` fills them in, so the Train tab, ``--help`` and a run agree.
"""

from __future__ import annotations

import importlib

from stsdemo.errors import UserError

#: CLI name -> module under stsdemo.training
RECIPES = {
    "cosine": "cosine",
    "cosent": "cosent",
    "simcse-unsup": "simcse_unsup",
    "simcse-sup": "simcse_sup",
    "cross-bce": "cross_bce",
}

#: LoRA's default learning rate: 10x full fine-tuning's, since only the small adapters move. On CoSENT
#: STS-B, LoRA at 5e-5 tested 82.37 and at 5e-4 86.18, vs 86.33 for full fine-tuning at 5e-5.
LORA_LR = 5e-4

#: Data a user can pick per recipe in the UI (any file works too; see docs/training.md).
SUGGESTED_DATA = {
    "cosent": ["stsb:train", "stsb-zh:train", "afqmc:train", "atec:train", "qbqtc:dev"],
    "cosine": ["stsb:train", "stsb-zh:train", "afqmc:train", "atec:train", "qbqtc:dev"],
    "simcse-unsup": ["wiki1m:train", "stsb:train", "stsb-zh:train", "multicpr-ecom:train", "snli:dev"],
    "simcse-sup": ["snli:dev", "snli:test", "snli-zh:dev", "snli-zh:test", "cmnli:dev", "ocnli:dev"],
    "cross-bce": ["stsb:train", "qbqtc:dev", "stsb-zh:train", "afqmc:train", "atec:train"],
}


def recipe_module(name: str):
    if name not in RECIPES:
        raise UserError("Unknown recipe {name!r}; pick one of {choices}.", name=name, choices=", ".join(RECIPES))
    return importlib.import_module(f"stsdemo.training.{RECIPES[name]}")
