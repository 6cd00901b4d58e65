"""Trained models on disk: list them with their size, delete one (only inside an allowed model root)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from stsdemo.encoders.registry import local_models, resolve_local
from stsdemo.errors import UserError
from stsdemo.owners import LOCAL, Visitor, expired
from stsdemo.paths import model_roots


def new_model_path(name: str) -> Path:
    """Where the UI saves a model called ``name``: the first ``STSDEMO_MODELS`` folder if set, else ``models/``."""
    roots = model_roots()
    return (roots[1] if len(roots) > 1 else roots[0]) / name


def folder_size(path: Path) -> int:
    """Bytes used by the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def trained_models(visitor: Visitor = LOCAL, deletable: bool = False) -> list[dict]:
    """Models under ``models/`` and ``STSDEMO_MODELS`` that ``visitor`` may see (or, with ``deletable``,
    delete): name, kind, size in MB, description."""
    rows = []
    for info in local_models():
        if info.source != "local":
            continue
        path = resolve_local(info.name)
        allowed = visitor.may_delete_model(path) if deletable else visitor.may_see_model(path)
        if not allowed:
            continue
        rows.append(
            {
                "model": info.name,
                "kind": info.kind,
                "MB": round(folder_size(path) / 2**20, 1),
                "about": info.description,
            }
        )
    return rows


def models_table(visitor: Visitor = LOCAL) -> pd.DataFrame:
    """:func:`trained_models` as a table (columns model, kind, MB, about), empty with its columns when none."""
    return pd.DataFrame(trained_models(visitor), columns=["model", "kind", "MB", "about"])


def deletable_models(visitor: Visitor = LOCAL) -> list[str]:
    """Names of the models ``visitor`` may delete."""
    return [m["model"] for m in trained_models(visitor, deletable=True)]


def delete_model(name: str, visitor: Visitor = LOCAL) -> Path:
    """Delete the model folder ``name`` if ``visitor`` may; refuses anything that is not a folder strictly
    inside a model root."""
    from stsdemo.training.run import forget_model

    if not name or not name.strip():
        raise UserError("Pick a model to delete.")
    path = resolve_local(name.strip())  # refuses paths outside the allowed roots
    if path in model_roots():
        raise UserError("Refused: that is a model root, not a model folder.")
    if not any(root in path.parents for root in model_roots()):
        raise UserError("Refused: {name} is not inside models/ (shipped models cannot be deleted).", name=path.name)
    if not visitor.may_delete_model(path) or not visitor.may_see_model(path):
        raise UserError(
            "Refused: {name} was trained in another session; only that session can delete it.", name=path.name
        )
    shutil.rmtree(path)
    forget_model(path)
    return path


def expire_models(age: float) -> list[str]:
    """Delete the app-trained models created more than ``age`` seconds ago (Space mode); their names."""
    gone = []
    for root in model_roots():
        if not root.is_dir():
            continue
        for folder in [p for p in root.iterdir() if p.is_dir() and expired(p, age)]:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder.name)
    if gone:
        from stsdemo.training.run import forget_model

        forget_model(root)
    return gone
