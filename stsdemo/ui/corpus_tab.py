"""The "Corpus" tab: paste or upload sentences, then search, heatmap, clusters, duplicates, projection,
compare two encoders, download. Callbacks only adapt: the numbers come from :mod:`stsdemo.corpus`."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import numpy as np
import pandas as pd

from stsdemo.apptemp import scratch_file
from stsdemo.corpus.clusters import DEFAULT_METHOD, METHODS, cluster
from stsdemo.corpus.compare import compare_encoders
from stsdemo.corpus.duplicates import duplicates_frame, near_duplicates
from stsdemo.corpus.embedded import EmbeddedCorpus, embed_corpus
from stsdemo.corpus.export import embeddings_frame, save_csv, save_npy
from stsdemo.corpus.heatmap import MAX_HEATMAP, similarity_heatmap
from stsdemo.corpus.quantized import QUANTIZATIONS
from stsdemo.corpus.reader import MAX_UI_LINES, Corpus, parse_lines, read_corpus, table_columns
from stsdemo.corpus.search import rerank
from stsdemo.data.lines import split_lines
from stsdemo.encoders.choice import encoder_for
from stsdemo.encoders.registry import cross_encoder_choices, encoder_choices
from stsdemo.encoders.vocabulary import oov_warning
from stsdemo.errors import UserError
from stsdemo.gate import preset as preset_file
from stsdemo.gate import uploaded_file
from stsdemo.paths import ASSETS
from stsdemo.plots.corpus import heatmap_figure, projection_figure
from stsdemo.projection import project
from stsdemo.specs import load_encoder, load_scorer
from stsdemo.ui.common import check_specs, error_message, register_model_picker, visitor

PROGRESS = gr.Progress(track_tqdm=True)
PRESETS = {
    "FAQ questions (English, 6 categories)": ASSETS / "corpus" / "faq-en.jsonl",
    "TREC questions (English, 6 question types)": ASSETS / "corpus" / "trec-questions-en.csv",
    "E-commerce queries (中文电商搜索)": ASSETS / "corpus" / "ecom-queries-zh.txt",
}
NO_RERANK = "none"
FLOAT = "float32"
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]

EXPLAIN = rf"""
### Explore a corpus
Each sentence is encoded **once** to a unit vector $x_i$; everything else is cheap arithmetic on them.
- **Search**: a query $q$ is encoded the same way and the corpus is ranked by $\cos(q, x_i) = q \cdot x_i$.
  Exact search computes every score (~5 ms for 10k sentences); an optional **cross-encoder**
  then rereads the top-k *with* the query and reorders them (retrieve, then rerank).
- **Quantised vectors**: the corpus stored as int8 (1 byte per dimension, 4× smaller) or binary
  (1 bit, 32× smaller); the quantised corpus picks $4k$ candidates, which are reordered by their
  cosine to the float query (rescoring). 量化检索：语料向量存为 int8（小 4 倍）或二值（小 32 倍），
  先用量化向量粗筛 4k 个候选，再用浮点查询向量重新打分。
- **Heatmap**: all cosines of up to {MAX_HEATMAP} sentences, ordered by cluster: bright squares on
  the diagonal are groups of similar sentences.
- **Clusters**: Ward linkage on the unit vectors (k-means, average linkage and HDBSCAN to compare);
  unless you set k, the number of clusters maximises the silhouette $s=(b-a)/\max(a,b)$ over
  k = 2…12. The representative is the sentence nearest the cluster's mean direction.
- **Near-duplicates**: all pairs with cosine above a threshold (paraphrase mining).
- **Projection**: UMAP (or PCA) squeezes 384 dimensions into 2-3; near points are similar sentences.

Up to {MAX_UI_LINES:,} sentences here; for more use `python -m stsdemo encode / search`.
中文：MiniLM 只有英文词表，中文结果仅作演示；联网时可选中文模型（如 BAAI/bge-small-zh-v1.5）。
"""


def corpus_encoder_choices() -> list[str]:
    """Every offline encoder, plus whitened / flow views of MiniLM's CLS and trained pooling."""
    return encoder_choices() + [f"{e}+{p}" for e in ("minilm", "minilm:cls") for p in ("whitening", "flow")]


def current_corpus(text: str, loaded: Corpus | None) -> Corpus:
    """The corpus in the text box; labels from the loaded file/preset if the texts were not edited."""
    corpus = parse_lines(text)
    if loaded is not None and loaded.texts == corpus.texts:
        return loaded
    return corpus


def _embedded(text: str, loaded: Corpus | None, spec: str, request: gr.Request | None = None) -> EmbeddedCorpus:
    if not spec:
        raise UserError("Pick an encoder.")
    check_specs(spec, visitor(request))
    encoder = load_encoder(spec, purpose="to embed a corpus (rerank with it)")
    return embed_corpus(encoder, current_corpus(text, loaded), show_progress=True)


def _tmp(name: str, request: gr.Request | None) -> Path:
    """A fresh file path in this session's scratch folder (deleted when the session ends)."""
    return scratch_file(getattr(request, "session_hash", None), name)


def load_file(path: str | None, text_column: str | None, label_column: str | None):
    """Upload (or column change) -> text box, loaded corpus, column pickers, status.

    Only a shipped preset or a file uploaded here is read (:mod:`stsdemo.gate`).
    """
    if not path:
        return gr.update(), None, gr.update(), gr.update(), ""
    try:
        path = str(preset_file(path))
    except UserError:
        path = str(uploaded_file(path))
    columns = table_columns(path)
    corpus = read_corpus(path, text_column=text_column or None, label_column=label_column, max_lines=MAX_UI_LINES)
    labels = f", labels from {len(set(corpus.labels))} groups" if corpus.labels else ""
    skipped = f" ({corpus.skipped} blank row(s) skipped)" if corpus.skipped else ""
    status = f"Loaded {len(corpus):,} sentences from {corpus.name}{labels}{skipped}."
    return (
        "\n".join(corpus.texts),
        corpus,
        gr.update(choices=columns, value=corpus.text_column),
        gr.update(choices=["", *columns], value=corpus.label_column or ""),
        status,
    )


def readability_warning(embedded: EmbeddedCorpus, sample: int = 50) -> str:
    """ " ⚠️ …" when the encoder cannot read the corpus (its tokens are mostly [UNK]), else ""."""
    warning = oov_warning(embedded.encoder, embedded.corpus.texts[:sample])
    return f" ⚠️ {warning}" if warning else ""


def run_search(
    text, loaded, spec, query, k, threshold, reranker, vectors=FLOAT, progress=PROGRESS, request: gr.Request = None
):
    try:
        embedded = _embedded(text, loaded, spec, request)
        quantize = None if vectors in (None, "", FLOAT) else vectors
        hits = embedded.search(query, int(k), threshold=float(threshold), quantize=quantize)
        if reranker and reranker != NO_RERANK:
            check_specs(reranker, visitor(request))
            hits = rerank(query.strip(), hits, load_scorer(reranker, purpose="to rerank"))
        labels = embedded.corpus.labels
        table = pd.DataFrame(
            [
                {"rank": h.rank, "text": h.text, "score": round(h.score, 4), "cosine": round(h.cosine, 4)}
                | ({"label": labels[h.id]} if labels else {})
                for h in hits
            ],
            columns=["rank", "text", "score", "cosine"] + (["label"] if labels else []),
        )
        path = save_csv(table, _tmp("search-results.csv", request))
        how = f", reranked by {reranker}" if reranker and reranker != NO_RERANK else ""
        if quantize:
            index = embedded.quantized_index(quantize)
            how += (
                f", {quantize} corpus vectors rescored ({index.nbytes / 1e6:.2f} MB instead of "
                f"{embedded.vectors.nbytes / 1e6:.2f} MB float32)"
            )
        status = f"{len(hits)} result(s) for “{query.strip()}” among {len(embedded.corpus):,} sentences{how}."
        status += readability_warning(embedded)
        return status, table, str(path)
    except Exception as err:  # noqa: BLE001 - every error becomes a message
        return error_message(err), pd.DataFrame(), None


def run_heatmap(text, loaded, spec, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        vectors = embedded.vectors[:MAX_HEATMAP]
        groups = cluster(vectors).labels
        order, matrix = similarity_heatmap(vectors, groups)
        texts = [embedded.corpus.texts[i] for i in order]
        figure = heatmap_figure(matrix, texts, [f"c{groups[i]}" for i in order])
        n = len(embedded.corpus)
        shown = f"the first {MAX_HEATMAP} of {n:,} sentences" if n > MAX_HEATMAP else f"all {n} sentences"
        return f"Heatmap of {shown}, ordered by {groups.max() + 1} cluster(s).", figure
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def run_clusters(text, loaded, spec, k, method=DEFAULT_METHOD, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        result = cluster(embedded.vectors, int(k or 0) or None, method=method or DEFAULT_METHOD)
        texts, labels = embedded.corpus.texts, embedded.corpus.labels
        rows = []
        for c, (rep, size) in enumerate(zip(result.representatives, result.sizes, strict=True)):
            row = {"cluster": c, "size": size, "representative": texts[rep]}
            if labels:
                members = pd.Series([labels[i] for i in np.flatnonzero(result.labels == c)])
                row["top label"] = f"{members.mode()[0]} ({members.value_counts(normalize=True).iloc[0]:.0%})"
            rows.append(row)
        assignment = pd.DataFrame({"text": texts, "cluster": result.labels} | ({"label": labels} if labels else {}))
        path = save_csv(assignment, _tmp("clusters.csv", request))
        sil = f", silhouette {result.silhouette:.3f}" if result.silhouette is not None else ""
        return f"{len(result.sizes)} cluster(s){sil}. {result.why()}", pd.DataFrame(rows), str(path)
    except Exception as err:  # noqa: BLE001
        return error_message(err), pd.DataFrame(), None


def run_duplicates(text, loaded, spec, threshold, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        pairs = near_duplicates(embedded.vectors, float(threshold))
        return f"{len(pairs)} pair(s) with cosine ≥ {threshold:.2f}.", duplicates_frame(pairs, embedded.corpus.texts)
    except Exception as err:  # noqa: BLE001
        return error_message(err), pd.DataFrame()


def run_projection(text, loaded, spec, method, dims, colour_by, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        points = project(embedded.vectors, int(dims), method.lower())
        corpus = embedded.corpus
        if colour_by == "label" and corpus.labels:
            colour = corpus.labels
        elif colour_by == "cluster":
            colour = [f"cluster {c}" for c in cluster(embedded.vectors).labels]
        else:
            colour = None
        figure = projection_figure(points, corpus.texts, colour, f"{method} of {len(corpus):,} sentences ({spec})")
        note = " (no labels in this corpus)" if colour_by == "label" and not corpus.labels else ""
        return f"{method} projection of {len(corpus):,} sentences{note}.", figure
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def run_compare(text, loaded, spec_a, spec_b, queries, k, progress=PROGRESS, request: gr.Request = None):
    try:
        a, b = _embedded(text, loaded, spec_a, request), _embedded(text, loaded, spec_b, request)
        table = compare_encoders(a, b, split_lines(queries, name="The queries", max_lines=100).texts, int(k))
        overlap = table.groupby("query", sort=False)[table.columns[-1]].first().mean()
        return f"Mean {table.columns[-1]} of {spec_a} and {spec_b}: {overlap:.2f}.", table
    except Exception as err:  # noqa: BLE001
        return error_message(err), pd.DataFrame()


def run_downloads(text, loaded, spec, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        npy = save_npy(embedded.vectors, _tmp("embeddings.npy", request))
        csv = save_csv(embeddings_frame(embedded.corpus.texts, embedded.vectors), _tmp("embeddings.csv", request))
        n, d = embedded.vectors.shape
        return f"Embeddings ready: {n:,} × {d} float32, unit length ({spec}).", [str(npy), str(csv)]
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab("Corpus", id="corpus"):
        loaded = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                text = gr.Textbox(
                    lines=10,
                    max_lines=18,
                    label=f"Corpus: one sentence per line (up to {MAX_UI_LINES:,})",
                    placeholder="Paste sentences here, pick a preset, or upload a file",
                    elem_id="corpus-text",
                )
                with gr.Row():
                    preset = gr.Dropdown([*PRESETS], value=None, label="Preset corpus", elem_id="corpus-preset")
                    upload = gr.File(
                        label="TXT / CSV / TSV / JSONL (UTF-8 or GBK)",
                        file_types=[".txt", ".csv", ".tsv", ".jsonl"],
                        type="filepath",
                        elem_id="corpus-file",
                    )
                with gr.Row():
                    text_col = gr.Dropdown([], label="Text column", elem_id="corpus-text-col")
                    label_col = gr.Dropdown([], label="Label column (optional)", elem_id="corpus-label-col")
                model = gr.Dropdown(
                    corpus_encoder_choices(),
                    value="minilm",
                    label="Encoder (ENCODER+whitening / +flow: post-processing fitted on STS-B train)",
                    allow_custom_value=True,
                    elem_id="corpus-model",
                )
                register_model_picker(model, corpus_encoder_choices)
            with gr.Column(scale=2):
                gr.Markdown(EXPLAIN, latex_delimiters=LATEX)
        status = gr.Markdown(elem_id="corpus-status")
        inputs = [text, loaded, model]
        with gr.Tabs():
            with gr.Tab("Search", id="corpus-search"):
                with gr.Row():
                    query = gr.Textbox(
                        label="Query", placeholder="e.g. I lost my password", elem_id="corpus-query", scale=3
                    )
                    k = gr.Slider(1, 50, value=10, step=1, label="top-k", elem_id="corpus-topk")
                    threshold = gr.Slider(-1, 1, value=-1, step=0.05, label="min cosine", elem_id="corpus-threshold")
                    reranker = gr.Dropdown(
                        [NO_RERANK, *cross_encoder_choices()],
                        value=NO_RERANK,
                        label="Rerank with cross-encoder",
                        allow_custom_value=True,
                        elem_id="corpus-rerank",
                    )
                    register_model_picker(reranker, lambda: [NO_RERANK, *cross_encoder_choices()])
                vectors = gr.Radio(
                    [FLOAT, *QUANTIZATIONS],
                    value=FLOAT,
                    label="Corpus vectors (int8: 4x smaller, binary: 32x; candidates rescored with the float query)",
                    elem_id="corpus-quantize",
                )
                search_btn = gr.Button("Search", variant="primary", elem_id="corpus-search-btn")
                hits = gr.Dataframe(label="Results", interactive=False, wrap=True, elem_id="corpus-hits")
                hits_file = gr.File(label="Results as CSV", elem_id="corpus-hits-file")
            with gr.Tab("Heatmap", id="corpus-heatmap-tab"):
                heatmap_btn = gr.Button("Draw heatmap", variant="primary", elem_id="corpus-heatmap-btn")
                heatmap = gr.Plot(label="Cosine similarity, ordered by cluster", elem_id="corpus-heatmap")
            with gr.Tab("Clusters & duplicates", id="corpus-clusters-tab"):
                with gr.Row():
                    n_clusters = gr.Slider(
                        0, 30, value=0, step=1, label="clusters k (0 = choose by silhouette)", elem_id="corpus-k"
                    )
                    cluster_method = gr.Dropdown(
                        [(label, name) for name, label in METHODS.items()],
                        value=DEFAULT_METHOD,
                        label="Method",
                        elem_id="corpus-cluster-method",
                    )
                    cluster_btn = gr.Button("Cluster", variant="primary", elem_id="corpus-cluster-btn")
                clusters = gr.Dataframe(label="Clusters", interactive=False, wrap=True, elem_id="corpus-clusters")
                clusters_file = gr.File(label="Cluster of every sentence (CSV)", elem_id="corpus-clusters-file")
                with gr.Row():
                    dup_threshold = gr.Slider(
                        0.5, 1, value=0.8, step=0.01, label="min cosine", elem_id="corpus-dup-threshold"
                    )
                    dup_btn = gr.Button("Find near-duplicates", elem_id="corpus-dup-btn")
                dups = gr.Dataframe(label="Near-duplicate pairs", interactive=False, wrap=True, elem_id="corpus-dups")
            with gr.Tab("Projection", id="corpus-projection-tab"):
                with gr.Row():
                    method = gr.Radio(["UMAP", "PCA"], value="UMAP", label="Method", elem_id="corpus-method")
                    dims = gr.Radio([2, 3], value=2, label="Dimensions", elem_id="corpus-dims")
                    colour_by = gr.Radio(
                        ["label", "cluster", "none"], value="label", label="Colour by", elem_id="corpus-colour"
                    )
                project_btn = gr.Button("Project", variant="primary", elem_id="corpus-project-btn")
                projection = gr.Plot(label="Projection", elem_id="corpus-projection")
            with gr.Tab("Compare encoders", id="corpus-compare-tab"):
                with gr.Row():
                    model_b = gr.Dropdown(
                        encoder_choices(),
                        value="minilm:cls",
                        label="Encoder B",
                        allow_custom_value=True,
                        elem_id="corpus-model-b",
                    )
                    register_model_picker(model_b, encoder_choices)
                    compare_k = gr.Slider(1, 20, value=5, step=1, label="top-k", elem_id="corpus-compare-k")
                queries = gr.Textbox(lines=3, label="Queries (one per line)", elem_id="corpus-compare-queries")
                compare_btn = gr.Button("Compare", variant="primary", elem_id="corpus-compare-btn")
                comparison = gr.Dataframe(
                    label="Top-k side by side", interactive=False, wrap=True, elem_id="corpus-compare"
                )
            with gr.Tab("Downloads", id="corpus-downloads-tab"):
                download_btn = gr.Button("Prepare embeddings (.npy and CSV)", elem_id="corpus-download-btn")
                files = gr.File(label="Embeddings", file_count="multiple", elem_id="corpus-files")

        source = gr.State(None)  # the file or preset the text box came from: column changes re-read it
        outputs = [text, loaded, text_col, label_col, status, source]
        private = {"api_visibility": "private"}
        light = {"concurrency_id": "light", "concurrency_limit": 4}
        heavy = {"concurrency_id": "heavy", "concurrency_limit": 1}
        follow = {"fn": follow_language, "inputs": [text, model], "outputs": model, **private, **light}
        upload.upload(load_new_source, upload, [*outputs, preset], **private, **light).then(**follow)
        preset.input(load_preset, preset, [*outputs, upload], **private, **light).then(**follow)
        text_col.input(_safe_load, [source, text_col, label_col], outputs, **private, **light).then(**follow)
        label_col.input(_safe_load, [source, text_col, label_col], outputs, **private, **light)
        search_inputs = [*inputs, query, k, threshold, reranker, vectors]
        search_btn.click(run_search, search_inputs, [status, hits, hits_file], api_name="search", **light)
        query.submit(run_search, search_inputs, [status, hits, hits_file], **private, **light)
        heatmap_btn.click(run_heatmap, inputs, [status, heatmap], api_name="heatmap", **heavy)
        cluster_btn.click(
            run_clusters,
            [*inputs, n_clusters, cluster_method],
            [status, clusters, clusters_file],
            api_name="cluster",
            **heavy,
        )
        dup_btn.click(run_duplicates, [*inputs, dup_threshold], [status, dups], api_name="duplicates", **heavy)
        project_btn.click(
            run_projection, [*inputs, method, dims, colour_by], [status, projection], api_name="project", **heavy
        )
        compare_btn.click(
            run_compare, [text, loaded, model, model_b, queries, compare_k], [status, comparison], **private, **heavy
        )
        download_btn.click(run_downloads, inputs, [status, files], **private, **heavy)


def _safe_load(path, text_column, label_column):
    """:func:`load_file` plus the source it read; errors become the status line, the rest is kept."""
    try:
        return (*load_file(path, text_column, label_column), path)
    except Exception as err:  # noqa: BLE001
        return gr.update(), gr.update(), gr.update(), gr.update(), error_message(err), gr.update()


def follow_language(text: str, current: str):
    """After a corpus is loaded: switch to an encoder that can read its language (else keep the choice)."""
    wanted = encoder_for((text or "").splitlines()[:200], current)
    return gr.update(value=wanted) if wanted else gr.skip()


def load_new_source(path):
    """A new upload: its own columns are detected afresh (the previous file's choices would not fit)."""
    return (*_safe_load(path, None, None), None)  # and the preset picker no longer names the corpus


def load_preset(name):
    """A preset picked from the dropdown; closing it without a choice changes nothing."""
    if name not in PRESETS:
        return (gr.skip(),) * 7
    return (*_safe_load(str(PRESETS[name]), None, None), None)  # the upload box no longer names the corpus
