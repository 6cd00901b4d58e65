"""Training recipes (one module each) run by :func:`stsdemo.training.run.train`.

Each recipe module exposes ``DEFAULTS`` (hyper-parameters), ``DESCRIPTION`` and
``prepare(config) -> Plan``.
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


def recipe_module(name: str):
    if name not in RECIPES:
        raise UserError(f"Unknown recipe {name!r}; pick one of {', '.join(RECIPES)}.")
    return importlib.import_module(f"stsdemo.training.{RECIPES[name]}")
