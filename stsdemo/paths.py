"""Where things live: the project folder, shipped assets and figures, the allowed model roots and the data folder.

One resolver, so a git checkout, an editable install and a plain ``pip install .`` (files copied into the
wheel by ``setup.py``) all find the same files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parent
_IN_CHECKOUT = (_CHECKOUT / "assets").is_dir() and (_CHECKOUT / "pyproject.toml").is_file()
#: The project folder, where ``models/``, ``.cache/`` and relative ``--out`` paths live: the repository in
#: a checkout (or an editable install); with an installed wheel the current directory, never site-packages.
REPO_ROOT = _CHECKOUT if _IN_CHECKOUT else Path.cwd().resolve()
#: Where the shipped read-only files are: the checkout, or their copies in a wheel (``setup.py``).
SHIPPED = _CHECKOUT if _IN_CHECKOUT else PACKAGE_DIR / "_shipped"
#: Teaching models, calibration files, corpus presets, STS-B.
ASSETS = SHIPPED / "assets"
#: Measured figures (``results.json``, ``frontier.json``) that the UI texts are rendered from.
BENCHMARKS = SHIPPED / "benchmarks"


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
