"""Where things live: the repo, shipped assets, the allowed model roots and the data folder."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS = REPO_ROOT / "assets"


def model_roots() -> list[Path]:
    """Folders a local model may be loaded from: ``models/`` in the repo plus ``STSDEMO_MODELS``.

    ``STSDEMO_MODELS`` may hold several folders separated by ``os.pathsep``. Refusing anything
    else keeps a hosted app from loading arbitrary files of the server's disk.
    """
    roots = [REPO_ROOT / "models"]
    extra = os.environ.get("STSDEMO_MODELS", "")
    roots += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return [r.resolve() for r in roots]


def data_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The folder holding the shared datasets (layout of ``shared/data``), if any.

    Order: the explicit argument, ``STSDEMO_DATA``, then ``../shared/data`` beside the repo.
    """
    for candidate in (explicit, os.environ.get("STSDEMO_DATA"), REPO_ROOT.parent / "shared" / "data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
