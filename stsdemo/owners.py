"""Who may do what: jobs and trained models belong to the browser session that started them.

A public app is shared by anonymous visitors, so a training job, its log and its model are tied to
the session that asked for them (Gradio's ``session_hash``, stored here only as a hash). Other
sessions cannot follow, stop or delete them; the Space owner can, with ``STSDEMO_ADMIN_TOKEN``.

**Space mode** (``STSDEMO_PUBLIC=1``, on by default when ``SPACE_ID`` is set, i.e. on a Hugging Face
Space) tightens this: short training runs only, one queued job per session, models of other
sessions hidden, models expire after ``STSDEMO_EXPIRE_HOURS``. A model without an owner (shipped,
or trained from the command line) belongs to the server's user: anyone may use it, and outside
Space mode anyone may delete it.

>>> alice, bob = Visitor.of("session-a"), Visitor.of("session-b")
>>> alice.may_control(alice.owner), bob.may_control(alice.owner), ADMIN.may_control(alice.owner)
(True, False, True)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

#: Written into every model folder trained through the app: the owner's hash and the creation time.
OWNER_FILE = "owner.json"
#: Space mode: the longest training run (optimizer steps) and the dev / test rows read.
PUBLIC_MAX_STEPS = int(os.environ.get("STSDEMO_PUBLIC_MAX_STEPS", "200"))
PUBLIC_EVAL_ROWS = 500


def public_mode() -> bool:
    """``STSDEMO_PUBLIC`` if set, else whether the app runs on a Hugging Face Space (``SPACE_ID``)."""
    flag = os.environ.get("STSDEMO_PUBLIC")
    if flag is not None and flag.strip():
        return flag.strip().lower() in ("1", "true", "yes", "on")
    return bool(os.environ.get("SPACE_ID"))


def admin_token_ok(token: str | None) -> bool:
    """Whether ``token`` equals ``STSDEMO_ADMIN_TOKEN`` (never true when that is unset)."""
    expected = os.environ.get("STSDEMO_ADMIN_TOKEN", "")
    return bool(expected and token) and hmac.compare_digest(str(token).encode(), expected.encode())


def owner_id(session: str) -> str:
    """A session's owner id: a hash, so files on disk never hold a live session id."""
    return hashlib.sha256(f"stsdemo-owner:{session}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Visitor:
    """Who is asking: ``owner`` is ``None`` for the local user (CLI); ``admin`` unlocks everything."""

    owner: str | None
    admin: bool = False

    @classmethod
    def of(cls, session: str | None, admin: bool = False) -> Visitor:
        return cls(owner_id(session) if session else None, admin)

    def may_control(self, owner: str | None) -> bool:
        """Follow / stop a job or delete a model owned by ``owner``."""
        return self.admin or self.owner is None or owner == self.owner

    def may_delete_model(self, folder: Path) -> bool:
        owner = owner_of(folder)
        if owner is None:
            return self.admin or self.owner is None or not public_mode()
        return self.may_control(owner)

    def may_see_model(self, folder: Path) -> bool:
        owner = owner_of(folder)
        return owner is None or not public_mode() or self.may_control(owner)


#: The local user of the command line and of scripts: no session, owns everything it made.
LOCAL = Visitor(None)
ADMIN = Visitor(None, admin=True)


def claim(folder: Path, owner: str | None) -> None:
    """Record ``owner`` as the owner of the model ``folder`` (nothing for the local user)."""
    if owner is not None and folder.is_dir():
        (folder / OWNER_FILE).write_text(json.dumps({"owner": owner, "created": time.time()}), encoding="utf-8")


def _record(folder: Path) -> dict:
    try:
        return json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def owner_of(folder: Path) -> str | None:
    """The owner recorded in a model folder, ``None`` when it has none (shipped or CLI-trained)."""
    owner = _record(folder).get("owner")
    return str(owner) if owner else None


def expired(folder: Path, age: float, now: float | None = None) -> bool:
    """Whether an app-trained model was created more than ``age`` seconds ago (unowned ones never expire)."""
    record = _record(folder)
    created = record.get("created")
    return bool(record.get("owner")) and isinstance(created, (int, float)) and (now or time.time()) - created > age
