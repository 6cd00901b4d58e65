"""Helpers every tab uses: turning errors into messages, the shared theme."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import gradio as gr

from stsdemo.encoders.registry import cross_encoder_choices, encoder_choices, training_bases
from stsdemo.errors import UserError

log = logging.getLogger("stsdemo.ui")

#: System fonts only: a GoogleFont theme would make the page fetch fonts from the internet.
THEME = gr.themes.Default(
    primary_hue="indigo",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "Noto Sans", "PingFang SC", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)


def error_message(err: Exception) -> str:
    """A Markdown line for the status box: user errors verbatim, bugs logged and summarised."""
    if isinstance(err, UserError):
        return f"⚠️ {err}"
    log.error("unexpected error in a UI callback:\n%s", traceback.format_exc())
    return f"⚠️ Something went wrong ({type(err).__name__}: {err}). The error was logged; please try other input."


#: (component, choices function) of every model picker that should list newly trained models.
MODEL_PICKERS: list[tuple[gr.components.Component, Callable[[], list[str]]]] = []


def all_model_choices() -> list[str]:
    return encoder_choices() + cross_encoder_choices()


def base_choices() -> list[str]:
    return training_bases()


def register_model_picker(component: gr.components.Component, choices: Callable[[], list[str]] = all_model_choices):
    """Let a tab's model picker be refreshed when a model is trained or deleted."""
    MODEL_PICKERS.append((component, choices))
    return component
