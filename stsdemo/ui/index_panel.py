"""The Corpus tab's "Indexes" panel: list the corpus indexes built with ``stsdemo index``, search one
(optionally reranked by a cross-encoder), and draw its stored 2-D map.

An index is reached by its folder name under the index root only (:func:`stsdemo.gate.index_folder`),
never by a path a visitor typed. The search itself is :func:`stsdemo.corpus.index_search.search_index`
(the same as ``python -m stsdemo search --index``); the map is the projection computed at index time
(``stsdemo index --projection N``), so drawing it reads one small table and loads no model.
"""

from __future__ import annotations

import time

import gradio as gr
import numpy as np
import pandas as pd
from gradio.context import Context

from stsdemo.corpus.index_search import open_index, search_index
from stsdemo.corpus.index_store import list_indexes
from stsdemo.errors import UserError
from stsdemo.gate import index_folder
from stsdemo.paths import index_root
from stsdemo.plots.corpus import projection_figure
from stsdemo.specs import load_scorer
from stsdemo.ui.common import check_specs, error_message, visitor
from stsdemo.ui.corpus_callbacks import NO_RERANK, reranker_picker
from stsdemo.ui.i18n import say, t

HOW_TO = (
    "Build one with `python -m stsdemo index --corpus FILE --model SPEC --out indexes/NAME "
    "[--engine ray] [--projection 20000]`; it then appears here."
)


def indexes_frame() -> pd.DataFrame:
    """One row per built index: name, model, rows, ANN index, mapped rows, corpus files."""
    rows = [
        {
            "index": i["name"],
            "model": i["model"],
            "rows": i["rows"],
            "ANN": i["ann"] or "flat scan",
            "map": i["projection"] or 0,
            "files": ", ".join(i["files"]),
        }
        for i in list_indexes(index_root())
    ]
    return pd.DataFrame(rows, columns=["index", "model", "rows", "ANN", "map", "files"])


def index_names() -> list[str]:
    return list(indexes_frame()["index"])


def refresh():
    """Callback: the table of indexes and the picker's choices (first index selected)."""
    frame = indexes_frame()
    names = list(frame["index"])
    status = f"{len(names)} index(es) built." if names else f"No index built yet. {HOW_TO}"
    return status, frame, gr.Dropdown(choices=names, value=names[0] if names else None)


HIT_COLUMNS = ["rank", "score", "cosine", "text", "source"]
#: the hits table before a search and after an error (an empty frame would show Gradio's headers "1 2 3")
EMPTY_HITS = pd.DataFrame(columns=HIT_COLUMNS)


def search(name: str, query: str, k: int, reranker: str | None, request: gr.Request = None):
    """Callback: ``(status, hits table)`` for ``query`` in the index ``name``."""
    try:
        folder = index_folder(name)
        if not (query or "").strip():
            raise UserError("Type a query.")
        scorer = None
        if reranker and reranker != NO_RERANK:
            check_specs(reranker, visitor(request))
            scorer = load_scorer(reranker, purpose="to rerank")
        start = time.perf_counter()
        hits = search_index(folder, query, int(k), reranker=scorer)
        ms = (time.perf_counter() - start) * 1000
        store = open_index(folder)
        how = f", reranked by {reranker}" if scorer is not None else ""
        status = (
            f"{len(hits)} result(s) for “{query.strip()}” among {store.count():,} sentences of {name} "
            f"({store.model}, {store.manifest.get('ann') or 'flat scan'}{how}) in {ms:.0f} ms."
        )
        table = pd.DataFrame(hits, columns=[*HIT_COLUMNS, "id"])[HIT_COLUMNS]
        return status, table.round({"score": 4, "cosine": 4})
    except Exception as err:  # noqa: BLE001 - every error becomes a message
        return error_message(err), EMPTY_HITS


def draw_map(name: str, points: int):
    """Callback: ``(status, figure)`` of up to ``points`` rows of the index's stored map, coloured by source."""
    try:
        folder = index_folder(name)
        table = open_index(folder).projection()
        if table is None:
            raise UserError(
                "{name} has no stored map: rebuild it with `--projection 20000` (any N up to 100000).", name=name
            )
        n = table.num_rows
        if int(points) < n:
            table = table.take(np.sort(np.random.default_rng(0).choice(n, int(points), replace=False)))
        xy = np.column_stack([table.column("x").to_numpy(), table.column("y").to_numpy()])
        sources = table.column("source").to_pylist()
        figure = projection_figure(xy, table.column("text").to_pylist(), sources, say("index.map_title", name=name))
        groups = len(set(sources))
        status = f"{table.num_rows:,} of the {n:,} mapped sentences of {name}, coloured by source ({groups})."
        return status, figure
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def build() -> None:
    """The "Indexes" sub-tab, inside the Corpus tab's ``gr.Tabs``."""
    with gr.Tab(t("index.tab"), id="corpus-indexes-tab"):
        gr.Markdown(
            "Corpora too large for this page (up to millions of sentences) are encoded once by the command "
            f"line into an on-disk vector index (LanceDB), and searched here. {HOW_TO}"
        )
        with gr.Row():
            names = index_names()
            picker = gr.Dropdown(
                names, value=names[0] if names else None, label=t("index.pick"), elem_id="index-pick", scale=2
            )
            refresh_btn = gr.Button(t("index.refresh"), elem_id="index-refresh", scale=0)
        listing = gr.Dataframe(indexes_frame(), label=t("index.list"), interactive=False, elem_id="index-list")
        status = gr.Markdown(elem_id="index-status")
        with gr.Row():
            query = gr.Textbox(label=t("index.query"), placeholder=t("index.query_placeholder"), elem_id="index-query")
            k = gr.Slider(1, 50, value=10, step=1, label=t("index.topk"), elem_id="index-topk")
            reranker = reranker_picker(t("index.rerank"), "index-rerank")
        search_btn = gr.Button(t("index.search"), variant="primary", elem_id="index-search-btn")
        hits = gr.Dataframe(EMPTY_HITS, label=t("index.results"), interactive=False, wrap=True, elem_id="index-hits")
        with gr.Row():
            points = gr.Slider(
                1_000, 100_000, value=20_000, step=1_000, label=t("index.points"), elem_id="index-points"
            )
            map_btn = gr.Button(t("index.map_button"), elem_id="index-map-btn")
        figure = gr.Plot(label=t("index.map"), elem_id="index-map")

        private = {"api_visibility": "private"}
        # re-read on every page load by a private event (a callable value would be a public endpoint)
        if Context.root_block is not None:
            Context.root_block.load(indexes_frame, outputs=listing, show_progress="hidden", **private)
        light = {"concurrency_id": "light", "concurrency_limit": 4}
        refresh_btn.click(refresh, None, [status, listing, picker], api_name="index_refresh", **private, **light)
        ask = {"fn": search, "inputs": [picker, query, k, reranker], "outputs": [status, hits]}
        search_btn.click(**ask, api_name="index_search", **private, **light)
        query.submit(**ask, api_name="index_search_submit", **private, **light)
        map_btn.click(draw_map, [picker, points], [status, figure], api_name="index_map", **private, **light)
