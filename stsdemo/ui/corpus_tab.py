"""The "Corpus" tab: paste or upload sentences, then search, heatmap, clusters, duplicates, projection,
compare two encoders, download. This module is the layout and its wiring; the callbacks, which only adapt
(the numbers and tables come from :mod:`stsdemo.corpus`), are in :mod:`stsdemo.ui.corpus_callbacks`."""

from __future__ import annotations

import gradio as gr

from stsdemo.corpus.clusters import DEFAULT_METHOD, METHODS
from stsdemo.corpus.heatmap import MAX_HEATMAP
from stsdemo.corpus.quantized import QUANTIZATIONS
from stsdemo.corpus.reader import MAX_UI_LINES
from stsdemo.encoders.backends import APP_BACKEND
from stsdemo.encoders.discovery import cross_encoder_note
from stsdemo.encoders.registry import encoder_choices
from stsdemo.ui import i18n, index_panel
from stsdemo.ui.busy import disabled_while_running
from stsdemo.ui.common import labelled, page_load_markdown, register_model_picker
from stsdemo.ui.corpus_callbacks import (
    EMPTY_CLUSTERS,
    EMPTY_COMPARISON,
    FLOAT,
    PRESETS,
    corpus_encoder_choices,
    empty_duplicates,
    empty_hits,
    follow_language,
    load_new_source,
    load_preset,
    load_source,
    reranker_picker,
    run_clusters,
    run_compare,
    run_downloads,
    run_duplicates,
    run_heatmap,
    run_projection,
    run_search,
)
from stsdemo.ui.i18n import choices_in, t

LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]


def _presets(lang: str) -> list[tuple[str, str]]:
    """The preset picker's choices labelled in ``lang``; the value stays the English name."""
    return choices_in([(name, name) for name in PRESETS], lang)


def _methods(lang: str) -> list[tuple[str, str]]:
    """The clustering methods labelled in ``lang``; the value stays the method's short name."""
    return choices_in([(label, name) for name, label in METHODS.items()], lang)


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab(t("tab.corpus"), id="corpus"):
        loaded = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                text = gr.Textbox(
                    lines=10,
                    max_lines=18,
                    label=t("corpus.text", max_lines=MAX_UI_LINES),
                    placeholder=t("corpus.placeholder"),
                    elem_id="corpus-text",
                )
                with gr.Row():
                    preset = gr.Dropdown(_presets("en"), value=None, label=t("corpus.preset"), elem_id="corpus-preset")
                    upload = gr.File(
                        label=t("corpus.file"),
                        file_types=[".txt", ".csv", ".tsv", ".jsonl"],
                        type="filepath",
                        elem_id="corpus-file",
                    )
                with gr.Row():
                    text_col = gr.Dropdown([], label=t("corpus.text_col"), elem_id="corpus-text-col")
                    label_col = gr.Dropdown([], label=t("corpus.label_col"), elem_id="corpus-label-col")
                model = gr.Dropdown(
                    labelled(corpus_encoder_choices)(),
                    value=f"minilm@{APP_BACKEND}",  # bulk encoding: the int8 backend (docs/speed.md)
                    label=t("corpus.encoder"),
                    allow_custom_value=True,
                    elem_id="corpus-model",
                )
                register_model_picker(model, labelled(corpus_encoder_choices))
            with gr.Column(scale=2):
                gr.Markdown(
                    t("corpus.explain", max_heatmap=MAX_HEATMAP, max_lines=MAX_UI_LINES),
                    latex_delimiters=LATEX,
                    elem_id="corpus-explain",
                )
        status = gr.Markdown(elem_id="corpus-status")
        inputs = [text, loaded, model]
        with gr.Tabs(overflow_behavior="wrap"):  # every sub-tab in sight on a phone
            with gr.Tab(t("corpus.search"), id="corpus-search"):
                with gr.Row():
                    query = gr.Textbox(
                        label=t("corpus.query"),
                        placeholder=t("corpus.query_placeholder"),
                        elem_id="corpus-query",
                        scale=3,
                    )
                    k = gr.Slider(1, 50, value=10, step=1, label=t("corpus.topk"), elem_id="corpus-topk")
                    threshold = gr.Slider(
                        -1, 1, value=-1, step=0.05, label=t("corpus.min_cosine"), elem_id="corpus-threshold"
                    )
                    reranker = reranker_picker(t("corpus.rerank"), "corpus-rerank")
                page_load_markdown(cross_encoder_note, "corpus-rerank-note")  # how to build one, while none is here
                vectors = gr.Radio(
                    [FLOAT, *QUANTIZATIONS],
                    value=FLOAT,
                    label=t("corpus.quantize"),
                    elem_id="corpus-quantize",
                )
                search_btn = gr.Button(t("corpus.search"), variant="primary", elem_id="corpus-search-btn")
                hits = gr.Dataframe(
                    empty_hits(), label=t("corpus.results"), interactive=False, wrap=True, elem_id="corpus-hits"
                )
                hits_file = gr.File(label=t("corpus.results_file"), elem_id="corpus-hits-file")
            with gr.Tab(t("corpus.heatmap_tab"), id="corpus-heatmap-tab"):
                heatmap_btn = gr.Button(t("corpus.heatmap_button"), variant="primary", elem_id="corpus-heatmap-btn")
                heatmap = gr.Plot(label=t("corpus.heatmap"), elem_id="corpus-heatmap")
            with gr.Tab(t("corpus.clusters_tab"), id="corpus-clusters-tab"):
                with gr.Row():
                    n_clusters = gr.Slider(0, 30, value=0, step=1, label=t("corpus.k"), elem_id="corpus-k")
                    cluster_method = gr.Dropdown(
                        _methods("en"),
                        value=DEFAULT_METHOD,
                        label=t("corpus.method"),
                        elem_id="corpus-cluster-method",
                    )
                    i18n.follow_language(
                        lambda lang: [gr.update(choices=_presets(lang)), gr.update(choices=_methods(lang))],
                        [],
                        [preset, cluster_method],
                    )
                    cluster_btn = gr.Button(t("corpus.cluster_button"), variant="primary", elem_id="corpus-cluster-btn")
                clusters = gr.Dataframe(
                    EMPTY_CLUSTERS,
                    label=t("corpus.clusters"),
                    interactive=False,
                    wrap=True,
                    elem_id="corpus-clusters",
                )
                clusters_file = gr.File(label=t("corpus.clusters_file"), elem_id="corpus-clusters-file")
                with gr.Row():
                    dup_threshold = gr.Slider(
                        0.5, 1, value=0.8, step=0.01, label=t("corpus.min_cosine"), elem_id="corpus-dup-threshold"
                    )
                    dup_btn = gr.Button(t("corpus.dup_button"), elem_id="corpus-dup-btn")
                dups = gr.Dataframe(
                    empty_duplicates(),
                    label=t("corpus.dups"),
                    interactive=False,
                    wrap=True,
                    elem_id="corpus-dups",
                )
            with gr.Tab(t("corpus.projection"), id="corpus-projection-tab"):
                with gr.Row():
                    method = gr.Radio(["UMAP", "PCA"], value="UMAP", label=t("corpus.method"), elem_id="corpus-method")
                    dims = gr.Radio([2, 3], value=2, label=t("corpus.dims"), elem_id="corpus-dims")
                    colour_by = gr.Radio(
                        ["label", "cluster", "none"], value="label", label=t("corpus.colour"), elem_id="corpus-colour"
                    )
                project_btn = gr.Button(t("corpus.project_button"), variant="primary", elem_id="corpus-project-btn")
                projection = gr.Plot(label=t("corpus.projection"), elem_id="corpus-projection")
            with gr.Tab(t("corpus.compare_tab"), id="corpus-compare-tab"):
                with gr.Row():
                    model_b = gr.Dropdown(
                        labelled(encoder_choices)(),
                        value="minilm:cls",
                        label=t("corpus.encoder_b"),
                        allow_custom_value=True,
                        elem_id="corpus-model-b",
                    )
                    register_model_picker(model_b, labelled(encoder_choices))
                    compare_k = gr.Slider(1, 20, value=5, step=1, label=t("corpus.topk"), elem_id="corpus-compare-k")
                queries = gr.Textbox(lines=3, label=t("corpus.queries"), elem_id="corpus-compare-queries")
                compare_btn = gr.Button(t("corpus.compare_button"), variant="primary", elem_id="corpus-compare-btn")
                # widths that fit the page: both encoders' hits and overlap@k in sight, texts wrap
                comparison = gr.Dataframe(
                    EMPTY_COMPARISON,
                    label=t("corpus.compare"),
                    interactive=False,
                    wrap=True,
                    column_widths=["16%", "7%", "26%", "9%", "26%", "9%", "7%"],
                    elem_id="corpus-compare",
                )
            with gr.Tab(t("corpus.downloads"), id="corpus-downloads-tab"):
                download_btn = gr.Button(t("corpus.download_button"), elem_id="corpus-download-btn")
                files = gr.File(label=t("corpus.files"), file_count="multiple", elem_id="corpus-files")
            index_panel.build()

        source = gr.State(None)  # the file or preset the text box came from: column changes re-read it
        outputs = [text, loaded, text_col, label_col, status, source]
        private = {"api_visibility": "private"}
        light = {"concurrency_id": "light", "concurrency_limit": 4}
        heavy = {"concurrency_id": "heavy", "concurrency_limit": 1}
        follow = {"fn": follow_language, "inputs": [text, model], "outputs": model, **private, **light}
        upload.upload(load_new_source, upload, [*outputs, preset], **private, **light).then(**follow)
        preset.input(load_preset, preset, [*outputs, upload], **private, **light).then(**follow)
        text_col.input(load_source, [source, text_col, label_col], outputs, **private, **light).then(**follow)
        label_col.input(load_source, [source, text_col, label_col], outputs, **private, **light)
        search_inputs = [*inputs, query, k, threshold, reranker, vectors]
        search_outputs = [status, hits, hits_file]
        # every button is disabled while its request runs, so repeated clicks cannot pile up in the queue
        busy = disabled_while_running
        busy(search_btn, fn=run_search, inputs=search_inputs, outputs=search_outputs, api_name="search", **light)
        query.submit(run_search, search_inputs, search_outputs, **private, **light)
        busy(heatmap_btn, fn=run_heatmap, inputs=inputs, outputs=[status, heatmap], api_name="heatmap", **heavy)
        busy(
            cluster_btn,
            fn=run_clusters,
            inputs=[*inputs, n_clusters, cluster_method],
            outputs=[status, clusters, clusters_file],
            api_name="cluster",
            **heavy,
        )
        busy(
            dup_btn,
            fn=run_duplicates,
            inputs=[*inputs, dup_threshold],
            outputs=[status, dups],
            api_name="duplicates",
            **heavy,
        )
        busy(
            project_btn,
            fn=run_projection,
            inputs=[*inputs, method, dims, colour_by],
            outputs=[status, projection],
            api_name="project",
            **heavy,
        )
        busy(
            compare_btn,
            fn=run_compare,
            inputs=[text, loaded, model, model_b, queries, compare_k],
            outputs=[status, comparison],
            **private,
            **heavy,
        )
        busy(download_btn, fn=run_downloads, inputs=inputs, outputs=[status, files], **private, **heavy)
