"""The app's one temporary folder: uploads, result files and per-session scratch, kept bounded.

A public app serves many visitors for weeks; every upload and every result CSV is a file on a
small disk. So all of them live under one folder the app owns (Gradio's upload cache is pointed
there through ``GRADIO_TEMP_DIR``), a session's scratch is deleted when its page closes, and a
sweeper deletes files older than :func:`max_age` and then the oldest files while the folder is
over :func:`max_bytes`.

Settings: ``STSDEMO_TMP`` (the folder; default a fresh ``stsdemo-app-*`` folder in the system temp
dir, removed at exit), ``STSDEMO_TMP_MAX_MB`` (default 500), ``STSDEMO_EXPIRE_HOURS`` (default 24).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

_ROOT: list[Path] = []
_LOCK = threading.Lock()


def root() -> Path:
    """The app's temporary folder (created on first use)."""
    with _LOCK:
        if not _ROOT:
            chosen = os.environ.get("STSDEMO_TMP")
            if chosen:
                folder = Path(chosen)
                folder.mkdir(parents=True, exist_ok=True)
            else:
                folder = Path(tempfile.mkdtemp(prefix="stsdemo-app-"))
                atexit.register(shutil.rmtree, folder, True)
            _ROOT.append(folder.resolve())
        return _ROOT[0]


def install() -> Path:
    """Make Gradio keep its uploads and returned files in :func:`root` (unless ``GRADIO_TEMP_DIR`` is set).

    Must run before the ``gr.Blocks`` is built: each component records the cache folder when created.
    """
    folder = root()
    os.environ.setdefault("GRADIO_TEMP_DIR", str(folder))
    return folder


def max_bytes() -> int:
    return int(float(os.environ.get("STSDEMO_TMP_MAX_MB", "500")) * 2**20)


def max_age() -> float:
    """Seconds an upload, a result file (and, in Space mode, a trained model) is kept."""
    return float(os.environ.get("STSDEMO_EXPIRE_HOURS", "24")) * 3600


def _session_folder(session: str) -> Path:
    safe = "".join(c for c in session if c.isalnum())[:64] or "anonymous"
    return root() / "sessions" / safe


def scratch_file(session: str | None, name: str) -> Path:
    """A new path ``.../NAME`` in a fresh folder of ``session``'s scratch (deleted with the session)."""
    folder = _session_folder(session or "anonymous")
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=folder)) / name


def end_session(session: str | None) -> None:
    """Delete everything ``session`` left in the scratch folder."""
    if session:
        shutil.rmtree(_session_folder(session), ignore_errors=True)


def folder_bytes(folder: Path | None = None) -> int:
    """Bytes of the files under ``folder`` (default :func:`root`)."""
    total = 0
    for path in (folder or root()).rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:  # deleted meanwhile
            continue
    return total


def prune(
    limit: int | None = None, age: float | None = None, now: float | None = None, folder: Path | None = None
) -> int:
    """Delete files older than ``age`` seconds, then the oldest until ``folder`` (default :func:`root`)
    is under ``limit`` bytes.

    Returns the number of files deleted; empty folders left behind are removed too.
    """
    limit = max_bytes() if limit is None else limit
    age = max_age() if age is None else age
    now = time.time() if now is None else now
    top = root() if folder is None else folder
    files = []
    for path in top.rglob("*"):
        try:
            if path.is_file() or path.is_symlink():
                info = path.lstat()
                files.append((info.st_mtime, info.st_size, path))
        except OSError:
            continue
    files.sort()
    total = sum(size for _, size, _ in files)
    deleted = 0
    for mtime, size, path in files:
        if now - mtime <= age and total <= limit:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        deleted += 1
    for sub in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            if now - sub.stat().st_mtime > 60:  # a fresh folder may be about to receive a file
                sub.rmdir()  # only succeeds when empty
        except OSError:
            continue
    return deleted


_SWEEPER: list[threading.Thread] = []


def start_sweeper(every: float = 60.0, also: Callable[[], object] | None = None) -> None:
    """Run :func:`prune` (and ``also``, e.g. expiring models) every ``every`` seconds in a daemon thread,
    once per process."""
    with _LOCK:
        if _SWEEPER and _SWEEPER[0].is_alive():
            return

        def loop() -> None:
            while True:
                time.sleep(every)
                try:
                    prune()
                    if also is not None:
                        also()
                except Exception:  # noqa: BLE001 - a failed sweep must not end the sweeper
                    continue

        thread = threading.Thread(target=loop, name="stsdemo-temp-sweeper", daemon=True)
        thread.start()
        _SWEEPER[:] = [thread]
