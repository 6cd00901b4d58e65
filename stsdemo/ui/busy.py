"""A long request's button is disabled while it runs, and a Cancel button next to it stops waiting.

Gradio queues every click: with the button still clickable, impatient repeated clicks piled up
requests behind the first (issue 16). :func:`while_running` wires three private, unqueued events
around a long one: disable + show Cancel on click, re-enable when it ends, and Cancel, which uses
Gradio's ``cancels=`` to drop the running (or still queued) request and re-enables the button.
A cancelled request stops at its next progress update; plain numeric work already running in a
worker thread finishes in the background, its result is discarded.
"""

from __future__ import annotations

import gradio as gr

from stsdemo.ui.i18n import t

CANCELLED = "Cancelled. 已取消。"


def cancel_button(elem_id: str) -> gr.Button:
    """The hidden Cancel button placed next to a long request's button."""
    return gr.Button(t("common.cancel"), variant="stop", visible=False, elem_id=elem_id, size="sm")


def while_running(button: gr.Button, cancel: gr.Button, status: gr.components.Component, **run) -> gr.events.Dependency:
    """``button.click(**run)`` with the button disabled and ``cancel`` shown while it runs; returns the run event."""
    quick = {"queue": False, "api_visibility": "private", "show_progress": "hidden"}
    button.click(_busy, None, [button, cancel], **quick)
    event = button.click(**run)
    event.then(_idle, None, [button, cancel], **quick)
    cancel.click(_cancelled, None, [button, cancel, status], cancels=[event], **quick)
    return event


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
