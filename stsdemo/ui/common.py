"""Helpers every tab uses: turning errors into messages, the shared theme."""

from __future__ import annotations

import logging
import traceback

import gradio as gr

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
