"""The "Benchmark" tab: Spearman (and AUC on 0/1 sets) of chosen encoders on real sets, beside published figures."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from stsdemo.benchmark import PUBLISHED, run_benchmark
from stsdemo.data.catalog import available_datasets
from stsdemo.errors import UserError
from stsdemo.gate import dataset_spec
from stsdemo.ui import frontier_panel
from stsdemo.ui.busy import cancel_button, while_running
from stsdemo.ui.common import check_specs, error_message, labelled_model_choices, register_model_picker, visitor
from stsdemo.ui.i18n import language, message_text, say, t

PROGRESS = gr.Progress(track_tqdm=True)


#: the results table before a run or after an error (Gradio would show placeholder headers "1 2 3")
EMPTY_TABLE = pd.DataFrame(columns=["model", "dataset", "n", "metric", "score × 100", "note"])


def run(
    specs: list[str],
    datasets: list[str],
    limit: float | None,
    post: str = "none",
    progress=PROGRESS,
    request: gr.Request = None,
):
    """Callback ``/benchmark``: every chosen encoder on every chosen catalogue dataset."""
    try:
        if not specs:
            raise UserError(say("score.pick", request))
        if not datasets:
            raise UserError(say("benchmark.pick_dataset", request))
        check_specs(specs, visitor(request))
        datasets = [dataset_spec(d, "A dataset") for d in datasets]
        table = run_benchmark(specs, datasets, limit=int(limit) if limit else None, post=post)
        status = say("benchmark.done", request, models=len(specs), sets=len(datasets))
        if table["note"].str.contains("not comparable").any():
            status += " ⚠️ " + say("benchmark.subset", request, n=f"{int(limit):,}")
        lang = language(request)
        table["note"] = [message_text(note, lang) for note in table["note"]]
        return status, table
    except Exception as err:  # noqa: BLE001 - shown as a message
        return error_message(err), EMPTY_TABLE


def build() -> None:
    with gr.Tab(t("tab.benchmark"), id="benchmark"):
        with gr.Row():
            with gr.Column(scale=3):
                specs = gr.CheckboxGroup(
                    labelled_model_choices(),
                    value=["minilm", "minilm:cls"],
                    label=t("benchmark.encoders"),
                    elem_id="bench-encoders",
                )
                register_model_picker(specs, labelled_model_choices)
                datasets = gr.CheckboxGroup(
                    available_datasets(), value=["stsb:test"], label=t("benchmark.datasets"), elem_id="bench-datasets"
                )
                limit = gr.Number(value=None, label=t("benchmark.limit"), precision=0, elem_id="bench-limit")
                post = gr.Radio(
                    ["none", "whitening", "flow"],
                    value="none",
                    elem_id="bench-post",
                    label=t("benchmark.post"),
                )
                with gr.Row():
                    button = gr.Button(t("benchmark.button"), variant="primary", elem_id="bench-btn")
                    cancel = cancel_button("bench-cancel")
            with gr.Column(scale=2):
                gr.Markdown(
                    t("benchmark.explain"),
                    latex_delimiters=[{"left": "$", "right": "$", "display": False}],
                    elem_id="bench-explain",
                )
        frontier_panel.build()
        with gr.Accordion(t("benchmark.chinese"), open=False):
            gr.Markdown(t("benchmark.chinese_note"), elem_id="bench-chinese-note")
        status = gr.Markdown(elem_id="bench-status")
        result = gr.Dataframe(
            EMPTY_TABLE, label=t("benchmark.table"), interactive=False, wrap=True, elem_id="bench-table"
        )
        gr.Dataframe(PUBLISHED, label=t("benchmark.published"), interactive=False, elem_id="bench-published")
        while_running(
            button,
            cancel,
            status,
            fn=run,
            inputs=[specs, datasets, limit, post],
            outputs=[status, result],
            api_name="benchmark",
            concurrency_id="heavy",
            concurrency_limit=1,
        )
