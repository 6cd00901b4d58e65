"""Helpers every tab uses: turning errors into messages, the shared theme."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

import gradio as gr

from stsdemo.encoders.registry import cross_encoder_choices, encoder_choices, training_bases
from stsdemo.errors import UserError
from stsdemo.gate import Refused, redact
from stsdemo.owners import LOCAL, Visitor, admin_token_ok, public_mode
from stsdemo.ui.i18n import language, message_text, say

log = logging.getLogger("stsdemo.ui")

#: System fonts only: a GoogleFont theme would make the page fetch fonts from the internet.
THEME = gr.themes.Default(
    primary_hue="indigo",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "Noto Sans", "PingFang SC", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)


def error_message(err: Exception) -> str:
    """A Markdown line for the status box: user errors in the page's language, bugs logged and summarised.

    Absolute server folders in either are replaced by neutral names (:func:`stsdemo.gate.redact`).
    """
    if isinstance(err, UserError):
        return redact(f"⚠️ {message_text(err, language())}")
    log.error("unexpected error in a UI callback", exc_info=err)
    return redact("⚠️ " + say("common.bug", kind=type(err).__name__, message=str(err)))


#: Sessions unlocked with ``STSDEMO_ADMIN_TOKEN`` in the page (API clients send the header instead).
_ADMIN_SESSIONS: set[str] = set()
ADMIN_HEADER = "x-stsdemo-admin"


def visitor(request: gr.Request | None) -> Visitor:
    """Who sent ``request``: its session (hashed), admin if it carries or unlocked the admin token.

    ``None`` (a callback called directly from Python, not through the server) is the local user.
    """
    if request is None:
        return LOCAL
    session = getattr(request, "session_hash", None) or f"anonymous-{secrets.token_hex(8)}"
    headers = getattr(request, "headers", None) or {}
    admin = admin_token_ok(headers.get(ADMIN_HEADER)) or session in _ADMIN_SESSIONS
    return Visitor.of(session, admin)


def unlock_admin(token: str, request: gr.Request):
    """Callback: mark this browser session as the Space owner's if ``token`` is right."""
    if request is not None and admin_token_ok(token):
        _ADMIN_SESSIONS.add(request.session_hash)
        return say("train.unlocked", request)
    return "⚠️ " + say("train.wrong_token", request)


def hidden_models(who: Visitor) -> list[str]:
    """Model names ``who`` may not use: other sessions' models in Space mode."""
    if not public_mode() or who.admin:
        return []
    from stsdemo.training.storage import trained_models

    return sorted({m["model"] for m in trained_models()} - {m["model"] for m in trained_models(who)})


def _uses(spec: str, name: str) -> bool:
    return spec == name or spec.startswith((f"{name}:", f"{name}+"))


def visible_choices(choices: list, who: Visitor) -> list:
    """``choices`` (specs, or ``(label, spec)`` pairs) without other sessions' models (Space mode)."""
    hidden = hidden_models(who)
    return [c for c in choices if not any(_uses(c[1] if isinstance(c, tuple) else c, name) for name in hidden)]


def check_specs(specs: list[str] | str | None, who: Visitor) -> None:
    """Refuse a model spec naming another session's model (Space mode), as if it did not exist."""
    hidden = hidden_models(who)
    for spec in [specs] if isinstance(specs, str) else specs or []:
        if any(_uses((spec or "").strip(), name) for name in hidden):
            raise Refused("No model {spec!r} here.", spec=spec[:80])


#: (component, choices function) of every model picker that should list newly trained models.
MODEL_PICKERS: list[tuple[gr.components.Component, Callable[[], list[str]]]] = []


def labelled(choices: Callable[[], list[str]]) -> Callable[[], list[tuple[str, str]]]:
    """The grouped, described picker of ``choices``: ``(group · spec — description, spec)`` pairs
    (:mod:`stsdemo.encoders.groups`); every encoder picker of the app shows this one."""
    from stsdemo.encoders.groups import labelled_choices

    def grouped() -> list[tuple[str, str]]:
        return labelled_choices(choices())

    return grouped


def labelled_model_choices() -> list[tuple[str, str]]:
    """Every offline model, grouped and described."""
    return labelled(all_model_choices)()


def all_model_choices() -> list[str]:
    return encoder_choices() + cross_encoder_choices()


def base_choices() -> list[str]:
    return training_bases()


def register_model_picker(component: gr.components.Component, choices: Callable[[], list[str]] = all_model_choices):
    """Let a tab's model picker be refreshed when a model is trained or deleted."""
    MODEL_PICKERS.append((component, choices))
    return component


def page_load_markdown(text: Callable[[], str], elem_id: str) -> gr.Markdown:
    """A Markdown whose ``text()`` is read again on every page load (e.g. a note that a model is missing).

    Not ``gr.Markdown(text)``: a callable value makes Gradio add a *public* API endpoint named after
    the function; this load event is private (docs/api.md lists the only public endpoints).
    """
    from gradio.context import Context

    box = gr.Markdown(text(), elem_id=elem_id)
    if Context.root_block is not None:
        Context.root_block.load(text, outputs=box, api_visibility="private", show_progress="hidden")
    return box
