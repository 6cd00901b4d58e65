"""The one gate for every path or name that reaches the server from a web user.

A hosted app must never open a file because a visitor typed its path: a dropdown with
``allow_custom_value``, a text box or an API call can carry any string. So in the app a data source
is one of exactly four things, checked here *before* anything is read:

* a dataset name from the catalogue (``NAME:SPLIT``, several NLI sets joined by commas);
* a file Gradio uploaded for this request (it lies under Gradio's upload cache);
* a preset shipped in ``assets/``;
* a model folder under the allowed model roots (checked by the registry's ``resolve_local``);
* a built corpus index, by its folder name under the index root (``indexes/`` or ``STSDEMO_INDEXES``).

Everything else is refused with a :class:`Refused` message that names what was wrong without
echoing the value's file contents or an absolute server path. The command line does not use this
gate: the local user may read their own files.

>>> dataset_spec("stsb:test")
'stsb:test'
>>> dataset_spec("/etc/passwd")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsdemo.gate.Refused: Unknown dataset. The data must be a dataset name such as stsb:train, ... not accepted.
>>> model_name("my-model")
'my-model'
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from stsdemo.errors import UserError
from stsdemo.paths import ASSETS, REPO_ROOT, data_dir, index_root, model_roots

#: A model name: letters, digits, ``.``, ``_``, ``-``; 1 to 64 characters; not starting with a dot
#: (no hidden folders, no ``.`` / ``..`` / ``...``).
MODEL_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")


class Refused(UserError):
    """Input the app does not accept from a web user (a server path, a foreign job or model ...)."""


def _catalogue() -> dict[str, tuple[str, ...]]:
    """Every named dataset the app knows, with its splits (pairs, corpora, NLI sets)."""
    from stsdemo.data.catalog import CATALOG
    from stsdemo.training.corpus import CORPORA, NLI_SETS

    names = {name: tuple(source.files) for name, source in CATALOG.items()}
    names.update({name: splits for name, (splits, _, _) in CORPORA.items()})
    names.update({name: splits for name, (splits, _) in NLI_SETS.items()})
    return names


def dataset_spec(value: str | None, what: str = "The data") -> str:
    """``value`` if it is ``NAME:SPLIT`` from the catalogue (or several joined by commas), else :class:`Refused`."""
    spec = (value or "").strip()
    known = _catalogue()
    parts = [part.strip() for part in spec.split(",")]
    for part in parts:
        name, sep, split = part.partition(":")
        if not sep or name not in known:
            raise Refused(
                "Unknown dataset. {what} must be a dataset name such as stsb:train, or a file you upload; "
                "paths on the server are not accepted.",
                what=what,
            )
        if split not in known[name]:
            raise Refused(
                "{what}: {name} has the splits {splits}; got {split!r}.",
                what=what,
                name=name,
                splits=", ".join(known[name]),
                split=split[:40],
            )
    return ",".join(parts)


def upload_folder() -> Path:
    """Gradio's upload cache: where every file a visitor uploads is stored (``GRADIO_TEMP_DIR``)."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def uploaded_file(value: str | os.PathLike | None, what: str = "The file") -> Path:
    """The path of a file Gradio received as an upload; anything else is :class:`Refused`.

    Gradio's File component already refuses paths outside its cache; this check makes a value that
    arrived through any other component (a text box, a dropdown) fail the same way. Symbolic links
    are refused: an upload is always a plain file.
    """
    if not value:
        raise Refused("{what}: nothing was uploaded.", what=what)
    raw = Path(value)
    if raw.is_symlink():
        raise Refused("{what} is a link; upload the file itself.", what=what)
    path = raw.resolve()
    if not path.is_relative_to(upload_folder()) or not path.is_file():
        raise Refused("{what} must be a file you upload here; paths on the server are not accepted.", what=what)
    return path


def preset(value: str | os.PathLike) -> Path:
    """A file shipped under ``assets/``; anything else is :class:`Refused`."""
    path = Path(value).resolve()
    if not path.is_relative_to(ASSETS.resolve()) or not path.is_file():
        raise Refused("Pick one of the preset files.")
    return path


def data_source(value: str | None, upload: str | os.PathLike | None = None, what: str = "The data") -> str:
    """A training or evaluation source from the web: the upload if there is one, else a catalogue name."""
    if upload:
        return str(uploaded_file(upload, what))
    return dataset_spec(value, what)


def model_name(value: str | None) -> str:
    """A name for a new model folder: ``[A-Za-z0-9._-]{1,64}``, not starting with a dot."""
    name = (value or "").strip()
    if not MODEL_NAME.fullmatch(name):
        raise Refused(
            "Name the model with 1 to 64 letters, digits, '-', '_' or '.', not starting with a dot "
            "(it is saved as models/NAME); got {n} characters.",
            n=len(name),
        )
    return name


def index_folder(value: str | None) -> Path:
    """The folder of a built index named ``value`` (a bare folder name) under :func:`index_root`.

    A path, a hidden name or a name with no built index there is :class:`Refused`; links are refused
    too, so a name can't lead outside the root.
    """
    from stsdemo.corpus.index_store import is_index

    name = (value or "").strip()
    if not name:
        raise Refused("Pick an index (build one with `python -m stsdemo index --out indexes/NAME`).")
    folder = index_root() / name
    if not MODEL_NAME.fullmatch(name) or folder.is_symlink() or not is_index(folder):
        raise Refused("Unknown index: pick one of the listed indexes (built under indexes/).")
    return folder


def _server_folders() -> list[tuple[Path, str]]:
    """Absolute server folders a message may mention, each with the neutral name shown instead."""
    folders = [(root, "models") for root in model_roots()]
    root = data_dir()
    if root is not None:
        folders.append((root.resolve(), "<data folder>"))
    folders.append((index_root(), "indexes"))
    folders.append((REPO_ROOT, "."))
    folders.append((Path(tempfile.gettempdir()).resolve(), "<temp>"))
    folders.append((Path.home(), "~"))
    return sorted(folders, key=lambda f: len(str(f[0])), reverse=True)


def redact(message: str) -> str:
    """``message`` with every absolute server folder replaced by a neutral name.

    Library errors (``OSError``, ``FileNotFoundError`` ...) often carry the absolute path of the
    file they failed on; a web user must see what went wrong, not where the server keeps things.
    """
    for folder, shown in _server_folders():
        for form in {str(folder), os.path.realpath(folder)}:
            if len(form) > 1:
                message = message.replace(form, shown)
    return message
