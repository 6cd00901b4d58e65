"""The one cache of everything derived from a model: loaded models, sentence vectors, fitted
post-processors, embedded corpora; in memory, and on disk for what is slow to rebuild.

Why one module: four hand-written caches keyed by a model's *name* used to serve old vectors after a
model folder was retrained under the same name. Here every entry is keyed by the model's
**fingerprint** (:func:`fingerprint`: a content hash of its weight and config files), so a
rewritten folder is a different key and can never be answered from an old entry, whoever rewrote it
and whether or not anyone called :func:`invalidate`. :func:`invalidate` only frees the memory the
old entries hold (and drops entries of models without a folder, such as an in-training model).

Layers:

* memory: named :class:`Region` s (``cachetools.LRUCache`` + a lock each): ``MODELS``,
  ``TRANSFORMERS``, ``EMBEDDINGS``, ``FITTED``, ``CORPORA``;
* disk: :class:`DiskCache` under ``STSDEMO_CACHE`` (default ``.cache/stsdemo`` in the repo), keyed by
  :func:`disk_key` of the fingerprint, the fit source, the spec and :data:`CODE_VERSION`; it holds
  reference-set embeddings and fitted whitening/flow so a restart reuses them
  (``scripts/warm_cache.py`` fills it ahead of time).

Example::

    >>> region = Region("demo", max_items=2)
    >>> region.get_or_compute(("m", "fp1", "x"), lambda: 41 + 1)
    42
    >>> region.get_or_compute(("m", "fp1", "x"), lambda: 0)  # a hit: not recomputed
    42
    >>> invalidate("m"); len(region)
    0
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from cachetools import LRUCache

from stsdemo.paths import REPO_ROOT

T = TypeVar("T")

#: Bump when the meaning of a cached fit or embedding changes (a new fit recipe, a new reference
#: subset): old disk entries are then simply never looked up again.
CODE_VERSION = "1"

#: Files whose content defines a model (weights, configs, vocabularies); exports that a backend adds
#: beside the weights (``onnx/``, ``openvino/``) do not change what the model computes.
_MODEL_SUFFIXES = (".json", ".safetensors", ".bin", ".pt", ".pth", ".txt", ".model", ".py")
_SKIP_DIRS = {"onnx", "openvino", "__pycache__", ".git", ".cache", "checkpoints"}


def _model_files(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        files += [Path(root) / n for n in sorted(names) if n.endswith(_MODEL_SUFFIXES) and n != "metrics.json"]
    return files


_HASHES: dict[tuple, str] = {}
_HASHES_LOCK = threading.Lock()


def fingerprint(folder: str | os.PathLike) -> str:
    """A content hash (sha256, 16 hex digits) of ``folder``'s weight and config files.

    Hashing MiniLM's 90 MB takes ~0.1 s, so the result is memoised on the files' (path, size,
    mtime): a later call costs one ``stat`` per file, and any rewrite changes the answer. A missing
    folder gives ``"missing"``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return "missing"
    files = _model_files(folder)
    signature = tuple((str(p), (st := p.stat()).st_size, st.st_mtime_ns) for p in files)
    with _HASHES_LOCK:
        if signature in _HASHES:
            return _HASHES[signature]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()[:16]
    with _HASHES_LOCK:
        _HASHES[signature] = value
    return value


def owner_of(model: str | os.PathLike) -> str:
    """The owner string entries of ``model`` carry: a resolved folder path, or the name itself."""
    text = str(model)
    raw = Path(text).expanduser()
    if raw.is_absolute():
        return str(raw.resolve())
    for candidate in (Path.cwd() / raw, REPO_ROOT / raw):
        if candidate.exists():
            return str(candidate.resolve())
    return text


class Region:
    """One bounded LRU map of a kind of derived object; thread-safe; keys start with an owner.

    A key is a tuple ``(owner, fingerprint, ...)`` where ``owner`` is :func:`owner_of` the model
    (so :func:`invalidate` can drop its entries) and ``fingerprint`` is :func:`fingerprint` of its
    folder (so a rewritten folder never matches an old entry).
    """

    def __init__(self, name: str, max_items: int) -> None:
        self.name = name
        self._items: LRUCache = LRUCache(maxsize=max_items)
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        _REGIONS.add(self)

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``compute()`` stored under it (computed once even when
        several threads ask at the same time; other keys stay available meanwhile)."""
        with self._lock:
            if key in self._items:
                return self._items[key]
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            self.put(key, value)
            return value

    def drop(self, owners: Iterable[str] | None = None) -> None:
        """Forget the entries whose key starts with one of ``owners`` (all entries if ``None``)."""
        with self._lock:
            if owners is None:
                self._items.clear()
                return
            owners = set(owners)
            for key in [k for k in self._items if isinstance(k, tuple) and k and k[0] in owners]:
                del self._items[key]

    def clear(self) -> None:
        self.drop(None)

    def __len__(self) -> int:
        return len(self._items)


_REGIONS: weakref.WeakSet[Region] = weakref.WeakSet()

#: Loaded encoders / cross-encoders: ``(owner, fingerprint, name, pooling, backend, data folder)``.
MODELS = Region("models", 32)
#: Raw transformers shared by a folder's pooling views: ``(owner, fingerprint, local_files_only)``.
TRANSFORMERS = Region("transformers", 8)
#: Sentence vectors: ``(owner, fingerprint, encoder id, text)`` -> float32 vector.
EMBEDDINGS = Region("embeddings", 100_000)
#: Post-processed encoders fitted on a reference set: ``(owner, fingerprint, encoder id, spec, fit_on, data)``,
#: and the Geometry tab's fits (:func:`stsdemo.geometry.fit_once`): ``(..., "analyse", spec, fit_on, digest, options)``.
FITTED = Region("fitted", 32)
#: Encoded + indexed corpora: ``(owner, fingerprint, encoder id, post key, method, texts digest)``.
CORPORA = Region("corpora", 4)
#: Deterministic results computed from vectors alone (2-D projections, k-means colours), keyed by
#: ``("vectors", array_digest(x), what, settings...)``: the same vectors give the same answer, so a
#: repeated request (or a panel whose vectors did not change) reuses it. Small outputs only.
BY_VECTORS = Region("by-vectors", 64)


def invalidate(model: str | os.PathLike | None = None) -> None:
    """Drop every memory entry of ``model`` (a model folder in any path form, or a name such as
    ``"minilm"``, a hub id or ``"training"``); ``None`` drops everything.

    Needed only to free memory or for models without a folder: entries of a rewritten folder are
    never served anyway (their fingerprint no longer matches). Disk entries are kept: they are keyed
    by content, so an old one is only reused if the old weights come back.
    """
    owners = None if model is None else {str(model), owner_of(model)}
    for region in list(_REGIONS):
        region.drop(owners)


def texts_digest(texts: Iterable[str]) -> str:
    """A collision-safe key for a list of texts (sha256 of the texts joined by NUL)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def array_digest(x) -> str:
    """A content key for an array: sha256 of its dtype, shape and bytes.

    >>> import numpy as np
    >>> array_digest(np.zeros((2, 3), np.float32)) == array_digest(np.zeros((2, 3), np.float32))
    True
    >>> array_digest(np.zeros((2, 3), np.float32)) == array_digest(np.zeros((3, 2), np.float32))
    False
    """
    import numpy as np

    x = np.ascontiguousarray(x)
    digest = hashlib.sha256(f"{x.dtype.str}{x.shape}".encode())
    digest.update(x.view(np.uint8) if x.size else b"")
    return digest.hexdigest()


def disk_key(*parts: object) -> str:
    """A file-name-safe key (sha256 hex, 24 digits) of ``parts`` and :data:`CODE_VERSION`."""
    raw = json.dumps([CODE_VERSION, *[str(p) for p in parts]], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def cache_root() -> Path:
    """``STSDEMO_CACHE``, else ``.cache/stsdemo`` in the repo."""
    return Path(os.environ.get("STSDEMO_CACHE") or REPO_ROOT / ".cache" / "stsdemo")


class DiskCache:
    """Arrays and folders under :func:`cache_root`, one kind per subfolder, written atomically
    (a temporary name, then ``os.replace``) so a killed process never leaves half a file."""

    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self._root = Path(root) if root else None

    @property
    def root(self) -> Path:
        return self._root or cache_root()  # read each time: tests and scripts may set STSDEMO_CACHE

    def path(self, kind: str, key: str, suffix: str = "") -> Path:
        return self.root / kind / f"{key}{suffix}"

    def load_array(self, kind: str, key: str):
        """The array stored under ``key``, or ``None``."""
        import numpy as np

        path = self.path(kind, key, ".npy")
        if not path.is_file():
            return None
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None  # a damaged entry is rebuilt

    def save_array(self, kind: str, key: str, array) -> None:
        import numpy as np

        path = self.path(kind, key, ".npy")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
                np.save(handle, array, allow_pickle=False)
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only disk costs speed, never correctness

    def folder(self, kind: str, key: str) -> Path:
        return self.path(kind, key)

    def save_folder(self, kind: str, key: str, write: Callable[[Path], object]) -> None:
        """``write(tmp_folder)``, then move it into place atomically."""
        import shutil

        final = self.path(kind, key)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{key}-"))
            write(tmp)
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.replace(tmp, final)
        except OSError:
            pass


DISK = DiskCache()
