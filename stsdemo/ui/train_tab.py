"""The "Train" tab: pick a recipe and data, start a queued background run, watch it, compare geometry.

Training runs in :data:`stsdemo.training.queue.QUEUE`'s worker thread, not in the request: the page
polls the job with a ``gr.Timer``, so closing the tab does not stop the run, and a second user sees
their place in the queue. Finished models appear in the model pickers after a refresh
(:func:`register_model_picker` / :func:`wire_model_refresh`). This module is the layout and its wiring;
the callbacks are in :mod:`stsdemo.ui.train_callbacks`.
"""

from __future__ import annotations

import gradio as gr

from stsdemo.training import LORA_LR, RECIPES, SUGGESTED_DATA
from stsdemo.training.queue import QUEUE
from stsdemo.training.storage import models_table
from stsdemo.ui.common import MODEL_PICKERS, base_choices, register_model_picker, unlock_admin, visible_choices, visitor
from stsdemo.ui.i18n import t
from stsdemo.ui.train_callbacks import (
    after_training,
    compare_geometry,
    delete,
    follow,
    on_page_load,
    poll,
    progress_html,
    show_defaults,
    start,
    stop,
)

_MODELS_CHANGED: list[gr.Textbox] = []


def wire_model_refresh() -> None:
    """Call once after all tabs are built, inside the Blocks: registered pickers refresh on every page
    load and after a run or a deletion.

    Pickers are filled when the app is built; without this, a model trained later would not appear in
    them until the server restarts.
    """
    from gradio.context import Context

    root = Context.root_block
    # only this app's pickers: build() may have run before for another Blocks (tests build several)
    pickers = [(c, f) for c, f in MODEL_PICKERS if root is None or c._id in root.blocks]
    if not pickers:
        return

    def refresh(request: gr.Request = None) -> list:
        who = visitor(request)
        return [gr.update(choices=visible_choices(choices(), who)) for _, choices in pickers]

    outputs = [component for component, _ in pickers]
    if _MODELS_CHANGED:
        _MODELS_CHANGED[0].change(refresh, outputs=outputs, api_visibility="private")
    if root is not None:
        root.load(refresh, outputs=outputs, api_visibility="private")


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab(t("tab.train"), id="train"):
        latex = [{"left": "$", "right": "$", "display": False}]
        gr.Markdown(t("train.explain"), latex_delimiters=latex, elem_id="train-explain")
        job_id = gr.State(None)
        shown_points = gr.State(-1)
        with gr.Row():
            with gr.Column(scale=2):
                recipe = gr.Dropdown(list(RECIPES), value="cosent", label=t("train.recipe"), elem_id="train-recipe")
                data = gr.Dropdown(
                    SUGGESTED_DATA["cosent"],
                    value="stsb:train",
                    allow_custom_value=True,
                    label=t("train.data"),
                    elem_id="train-data",
                )
                upload = gr.File(
                    label=t("train.file"),
                    type="filepath",
                    elem_id="train-file",
                )
                eval_spec = gr.Textbox(
                    label=t("train.dev"),
                    placeholder=t("train.dev_placeholder"),
                    elem_id="train-eval",
                )
                out_name = gr.Textbox(label=t("train.out"), value="my-model", elem_id="train-out")
                base = gr.Dropdown(base_choices(), value="minilm", label=t("train.base"), elem_id="train-base")
            with gr.Column(scale=1):
                epochs = gr.Number(label=t("train.epochs"), value=None, elem_id="train-epochs")
                max_steps = gr.Number(label=t("train.max_steps"), value=100, precision=0, elem_id="train-max-steps")
                batch_size = gr.Number(label=t("train.batch"), value=None, precision=0, elem_id="train-batch")
                lr = gr.Number(label=t("train.lr"), value=None, elem_id="train-lr")
                lora = gr.Checkbox(label=t("train.lora", lr=LORA_LR), value=False, elem_id="train-lora")
                quick = gr.Checkbox(label=t("train.quick"), value=False, elem_id="train-quick")
                defaults = gr.Markdown(elem_id="train-defaults")
        with gr.Row():
            start_btn = gr.Button(t("train.start"), variant="primary", elem_id="train-start")
            stop_btn = gr.Button(t("train.stop"), variant="stop", elem_id="train-stop")
        status = gr.Markdown(elem_id="train-status")
        bar = gr.HTML(progress_html(0, 0, "idle"), elem_id="train-progress")
        loss_plot = gr.Plot(label=t("train.loss"), elem_id="train-loss")
        with gr.Accordion(t("train.queue"), open=False):
            jobs = gr.Dataframe(QUEUE.table(), interactive=False, elem_id="train-jobs")
            with gr.Row():
                job_number = gr.Number(label=t("train.job"), precision=0, elem_id="train-follow")
                follow_btn = gr.Button(t("train.follow"), elem_id="train-follow-btn")
        finished = gr.Textbox(visible=False, elem_id="train-finished")
        models_changed = gr.Textbox(visible=False, elem_id="train-models-changed")
        _MODELS_CHANGED[:] = [models_changed]
        gr.Markdown(t("train.geometry"))
        geometry_text = gr.Markdown(elem_id="train-geometry-text")
        geometry_plot = gr.Plot(elem_id="train-geometry")
        gr.Markdown(t("train.models"))
        models = gr.Dataframe(models_table(), interactive=False, elem_id="train-models")
        with gr.Row():
            # filled per session on page load; custom values because an API call in a new session
            # names a model that was not in the list when the page was built (ownership is checked)
            to_delete = gr.Dropdown(
                [], label=t("train.delete_name"), allow_custom_value=True, elem_id="train-delete-name"
            )
            delete_btn = gr.Button(t("train.delete"), variant="stop", elem_id="train-delete")
        delete_status = gr.Markdown(elem_id="train-delete-status")
        with gr.Accordion(t("train.owner"), open=False):
            token = gr.Textbox(label=t("train.token"), type="password", elem_id="train-admin")
            unlock_btn = gr.Button(t("train.unlock"), elem_id="train-admin-btn")
            unlock_status = gr.Markdown(elem_id="train-admin-status")
        register_model_picker(base, base_choices)

        private = {"api_visibility": "private"}
        recipe.change(show_defaults, recipe, [data, defaults], **private)
        start_btn.click(
            start,
            [recipe, data, upload, eval_spec, out_name, base, epochs, max_steps, batch_size, lr, lora, quick],
            [job_id, job_number, status],
            api_name="train",
            concurrency_id="heavy",
            concurrency_limit=1,
        )
        stop_btn.click(stop, job_number, status, api_name="train_stop", concurrency_id="light")
        follow_btn.click(follow, job_number, [job_id, status], api_name="train_status", concurrency_id="light")
        timer = gr.Timer(2.0)
        timer.tick(
            poll,
            [job_id, shown_points],
            [status, bar, loss_plot, shown_points, jobs, finished],
            show_progress="hidden",
            concurrency_id="poll",
            concurrency_limit=None,
            **private,
        )
        finished.change(after_training, finished, [models, to_delete, base, models_changed], **private).then(
            compare_geometry, [finished, base], [geometry_plot, geometry_text], concurrency_id="heavy", **private
        )
        delete_btn.click(
            delete, to_delete, [delete_status, models, to_delete, base, models_changed], api_name="delete_model"
        )
        unlock_btn.click(unlock_admin, token, unlock_status, **private)
        from gradio.context import Context

        demo = Context.root_block
        if demo is not None:
            demo.load(on_page_load, outputs=[models, to_delete, jobs], **private)
