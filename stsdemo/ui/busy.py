"""A long request's button is disabled while it runs, and a Cancel button next to it stops waiting.

Gradio queues every click: with the button still clickable, impatient repeated clicks piled up
requests behind the first (issue 16). :func:`while_running` wires three private, unqueued events
around a long one: disable + show Cancel on click, re-enable when it ends, and Cancel, which uses
Gradio's ``cancels=`` to drop the running (or still queued) request and re-enables the button.

``cancels=`` alone only drops the request's events: the function already running in a worker thread
would go on encoding or fitting for minutes. So the run also executes under a
:class:`stsdemo.cancel.CancelToken` registered for its browser session, and Cancel sets it: the work
stops at its next check (between two encoding chunks, flow steps or projections), leaving no
half-fitted entry in the caches.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable

import gradio as gr

from stsdemo.cancel import CancelToken, cancellable
from stsdemo.ui.i18n import t

CANCELLED = "Cancelled. 已取消。"


def cancel_button(elem_id: str) -> gr.Button:
    """The hidden Cancel button placed next to a long request's button."""
    return gr.Button(t("common.cancel"), variant="stop", visible=False, elem_id=elem_id, size="sm")


def while_running(button: gr.Button, cancel: gr.Button, status: gr.components.Component, **run) -> gr.events.Dependency:
    """``button.click(**run)`` with the button disabled and ``cancel`` shown while it runs; returns the run event."""
    quick = {"queue": False, "api_visibility": "private", "show_progress": "hidden"}
    name = cancel.elem_id or str(cancel._id)
    button.click(_busy, None, [button, cancel], **quick)
    event = button.click(**{**run, "fn": _under_token(run["fn"], name)})
    event.then(_idle, None, [button, cancel], **quick)

    def cancelled(request: gr.Request):
        token = _RUNNING.get((_session(request), name))
        if token is not None:
            token.cancel()
        return _cancelled()

    cancel.click(cancelled, None, [button, cancel, status], cancels=[event], **quick)
    return event


#: The token of each session's running long request: ``(session hash, cancel button id) -> token``.
_RUNNING: dict[tuple[str, str], CancelToken] = {}
_RUNNING_LOCK = threading.Lock()


def _session(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or ""


def _under_token(fn: Callable, name: str) -> Callable:
    """``fn`` run under a fresh :class:`CancelToken`, registered for the request's session while it runs.

    Same signature (``functools.wraps``), so Gradio still injects the request and the progress tracker.
    """

    @functools.wraps(fn)
    def run(*args, **kwargs):
        request = next((a for a in (*args, *kwargs.values()) if isinstance(a, gr.Request)), None)
        key, token = (_session(request), name), CancelToken()
        with _RUNNING_LOCK:
            _RUNNING[key] = token
        try:
            with cancellable(token):
                return fn(*args, **kwargs)
        finally:
            with _RUNNING_LOCK:
                if _RUNNING.get(key) is token:
                    del _RUNNING[key]

    if inspect.isgeneratorfunction(fn):
        raise TypeError(f"{fn.__name__}: a streaming callback needs its token set around each step")
    return run


def disabled_while_running(button: gr.Button, **run) -> gr.events.Dependency:
    """``button.click(**run)`` with the button disabled until the request ends (short requests:
    no Cancel); returns the run event."""
    quick = {"queue": False, "api_visibility": "private", "show_progress": "hidden"}
    button.click(_disabled, None, button, **quick)
    event = button.click(**run)
    event.then(_enabled, None, button, **quick)
    return event


def _disabled():
    return gr.update(interactive=False)


def _enabled():
    return gr.update(interactive=True)


def _busy():
    return gr.update(interactive=False), gr.update(visible=True)


def _idle():
    return gr.update(interactive=True), gr.update(visible=False)


def _cancelled():
    return gr.update(interactive=True), gr.update(visible=False), CANCELLED
