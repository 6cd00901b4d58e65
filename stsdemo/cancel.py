"""Cooperative cancellation: a Cancel button that stops work already running in a worker thread.

Gradio's ``cancels=`` drops a request's events, but it cannot stop a Python function already running
in a worker thread: encoding a reference set, fitting a flow or evaluating a benchmark went on using
the CPUs for minutes after the page said "Cancelled" (issue 16). Threads cannot be killed from
outside, so the long loops ask, between batches or steps, whether their request was cancelled:
:func:`check` raises :class:`Cancelled` once the running request's :class:`CancelToken` is set.

The exception unwinds through the caches before they store anything (:mod:`stsdemo.cache` stores a
value only once its computation returned, the disk cache only a finished fit), so nothing
half-encoded or half-fitted is ever kept.

Why a context variable rather than a ``cancel=`` argument: the check points sit deep under call
chains that every tab, the CLI and the benchmarks share (``Encoder.encode``, ``Flow.fit``, the
training hooks); a :mod:`contextvars` value follows the request down them, and into the pools that
copy the context (:func:`stsdemo.threads.small_work`, Gradio's worker threads), without every
signature in between growing a parameter. Outside a cancellable block :func:`check` is one lookup.

>>> token = CancelToken()
>>> with cancellable(token):
...     check()              # not cancelled: goes on
...     token.cancel()
...     try:
...         check()
...     except Cancelled as err:
...         print(err)
Cancelled.
>>> check()                  # outside the block nothing is cancelled
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from stsdemo.errors import UserError


class Cancelled(UserError):
    """The request was cancelled by its user (a :class:`UserError`: shown as a message, never a traceback)."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class CancelToken:
    """Set once by whoever may cancel (a Cancel button, a training Stop), read by the work."""

    def __init__(self, event: threading.Event | None = None) -> None:
        self._event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


_CURRENT: ContextVar[CancelToken | None] = ContextVar("stsdemo_cancel_token", default=None)


@contextmanager
def cancellable(token: CancelToken | None) -> Iterator[CancelToken | None]:
    """Within the block, :func:`check` raises :class:`Cancelled` once ``token`` is set (``None``: never)."""
    reset = _CURRENT.set(token)
    try:
        yield token
    finally:
        _CURRENT.reset(reset)


def cancelled() -> bool:
    """Whether the running request was cancelled (for loops that must tidy up before raising)."""
    token = _CURRENT.get()
    return token is not None and token.cancelled


def check() -> None:
    """Raise :class:`Cancelled` if the running request was cancelled; call it between batches or steps."""
    if cancelled():
        raise Cancelled()
