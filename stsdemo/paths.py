"""Where things live: the repo, shipped assets, the allowed model roots and the data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


def index_root() -> Path:
    """The one folder the app lists corpus indexes from (``stsdemo index --out indexes/NAME``):
    ``STSDEMO_INDEXES``, else ``indexes/`` in the repo."""
    return Path(os.environ.get("STSDEMO_INDEXES") or REPO_ROOT / "indexes").resolve()


_CHOSEN_DATA_DIR: ContextVar[str | None] = ContextVar("chosen_data_dir", default=None)


@contextmanager
def chosen_data_dir(folder: str | os.PathLike | None) -> Iterator[None]:
    """Within this block, ``folder`` (a command's ``--data-dir``) is the data folder for everything,
    including data read on the way (TF-IDF's idf reference, the ``+whitening`` fit on STS-B train)."""
    token = _CHOSEN_DATA_DIR.set(str(folder) if folder else None)
    try:
        yield
    finally:
        _CHOSEN_DATA_DIR.reset(token)


def data_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The folder holding the shared datasets (layout of ``shared/data``), if any.

    Order: the explicit argument, a :func:`chosen_data_dir`, ``STSDEMO_DATA``, then ``../shared/data``
    beside the repo.
    """
    beside_repo = REPO_ROOT.parent / "shared" / "data"
    for candidate in (explicit, _CHOSEN_DATA_DIR.get(), os.environ.get("STSDEMO_DATA"), beside_repo):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
