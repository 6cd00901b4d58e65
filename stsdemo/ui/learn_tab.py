"""The "Learn / 学习" tab: six guided lessons (:data:`stsdemo.lessons.LESSONS`), first in the app.

Each lesson's button runs its example through :mod:`stsdemo.lessons` (the same core functions as
the tabs) and shows the key figure inline; "Try it yourself" opens the lesson's tab with the inputs
filled in. The links are wired by :func:`wire_try_links` once every tab exists.
"""

from __future__ import annotations

import gradio as gr

from stsdemo.lessons import LESSONS, Lesson
from stsdemo.ui.common import error_message
from stsdemo.ui.i18n import language, say, t

#: lesson key -> its "Try it yourself" button, filled in by :func:`build`.
_TRY_BUTTONS: dict[str, gr.Button] = {}


def run_lesson(key: str):
    """Callback: run lesson ``key``; returns its key figure (Markdown, in the page's language) and figure."""
    lesson = next(lesson for lesson in LESSONS if lesson.key == key)
    try:
        result = lesson.run(language())
        return f"**{say(f'lesson.{key}.figure', **result.values)}**", result.figure
    except Exception as err:  # noqa: BLE001 - every error becomes a message, never a traceback
        return error_message(err), None


def _lesson_block(lesson: Lesson) -> None:
    with gr.Group(elem_id=f"lesson-{lesson.key}"):
        gr.Markdown(t(f"lesson.{lesson.key}.body"), elem_id=f"lesson-{lesson.key}-text")
        with gr.Row():
            run = gr.Button(t(f"lesson.{lesson.key}.button"), elem_id=f"lesson-{lesson.key}-run")
            _TRY_BUTTONS[lesson.key] = gr.Button(
                t("learn.try"), variant="secondary", elem_id=f"lesson-{lesson.key}-try"
            )
        figure_line = gr.Markdown(elem_id=f"lesson-{lesson.key}-figure")
        plot = gr.Plot(show_label=False, elem_id=f"lesson-{lesson.key}-plot")
        with gr.Accordion(t(f"lesson.{lesson.key}.question"), open=False):
            gr.Markdown(t(f"lesson.{lesson.key}.answer"), elem_id=f"lesson-{lesson.key}-answer")
        run.click(lambda key=lesson.key: run_lesson(key), None, [figure_line, plot], api_visibility="private")


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab(t("tab.learn"), id="learn"):
        gr.Markdown(t("learn.intro"))
        for lesson in LESSONS:
            _lesson_block(lesson)


def _component(demo: gr.Blocks, elem_id: str):
    return next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == elem_id)


def wire_try_links(demo: gr.Blocks, tabs: gr.Tabs) -> None:
    """Each "Try it yourself" selects its lesson's tab and fills that tab's inputs (by ``elem_id``)."""
    for lesson in LESSONS:
        targets = [_component(demo, elem_id) for elem_id in lesson.try_inputs]
        values = list(lesson.try_inputs.values())

        def follow(values=values, tab=lesson.try_tab):
            return [gr.Tabs(selected=tab), *values]

        _TRY_BUTTONS[lesson.key].click(follow, None, [tabs, *targets], api_visibility="private")
