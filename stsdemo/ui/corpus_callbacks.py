"""The Corpus tab's callbacks: read the corpus, embed it once, and turn :mod:`stsdemo.corpus` results into
component values. Errors become the status line. The layout and wiring are in :mod:`stsdemo.ui.corpus_tab`."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pandas as pd

from stsdemo.apptemp import scratch_file
from stsdemo.corpus.clusters import DEFAULT_METHOD, cluster
from stsdemo.corpus.compare import compare_encoders, mean_overlap
from stsdemo.corpus.duplicates import duplicates_frame, near_duplicates
from stsdemo.corpus.embedded import EmbeddedCorpus, embed_corpus
from stsdemo.corpus.export import embeddings_frame, save_csv, save_npy
from stsdemo.corpus.heatmap import MAX_HEATMAP, similarity_heatmap
from stsdemo.corpus.reader import MAX_UI_LINES, Corpus, parse_lines, read_corpus, table_columns
from stsdemo.corpus.search import hits_table, rerank
from stsdemo.data.lines import split_lines
from stsdemo.encoders.choice import encoder_for
from stsdemo.encoders.registry import cross_encoder_choices, encoder_choices
from stsdemo.errors import UserError
from stsdemo.gate import preset as preset_file
from stsdemo.gate import uploaded_file
from stsdemo.paths import ASSETS
from stsdemo.plots.corpus import heatmap_figure, projection_figure
from stsdemo.projection import project
from stsdemo.specs import load_encoder, load_scorer
from stsdemo.ui.common import check_specs, error_message, labelled, register_model_picker, visitor
from stsdemo.ui.i18n import language, message_text, say

# The tables before a run and after an error: named columns, no rows. An empty ``pd.DataFrame()`` would
# make Gradio draw placeholder headers "1 2 3" (and keep no trace of what the table is for).
EMPTY_CLUSTERS = pd.DataFrame(columns=["cluster", "size", "representative"])
EMPTY_COMPARISON = pd.DataFrame(columns=["query", "rank", "A", "cosine A", "B", "cosine B", "overlap@k"])


def empty_hits() -> pd.DataFrame:
    """The search results table with no hits."""
    return hits_table([])


def empty_duplicates() -> pd.DataFrame:
    """The near-duplicates table with no pairs."""
    return duplicates_frame([], [])


PROGRESS = gr.Progress(track_tqdm=True)
PRESETS = {
    "FAQ questions (English, 6 categories)": ASSETS / "corpus" / "faq-en.jsonl",
    "TREC questions (English, 6 question types)": ASSETS / "corpus" / "trec-questions-en.csv",
    "E-commerce queries (中文电商搜索)": ASSETS / "corpus" / "ecom-queries-zh.txt",
}
NO_RERANK = "none"


def reranker_picker(label: str, elem_id: str) -> gr.Dropdown:
    """The "rerank the top hits with" dropdown (Search and Indexes): "none" or a cross-encoder here,
    re-listed when a model is trained or deleted."""

    def choices() -> list[str | tuple[str, str]]:
        return [NO_RERANK, *labelled(cross_encoder_choices)()]

    picker = gr.Dropdown(choices(), value=NO_RERANK, label=label, allow_custom_value=True, elem_id=elem_id)
    return register_model_picker(picker, choices)


FLOAT = "float32"


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
    labels = say("corpus.loaded_labels", groups=len(set(corpus.labels))) if corpus.labels else ""
    skipped = say("corpus.loaded_skipped", n=corpus.skipped) if corpus.skipped else ""
    status = say("corpus.loaded", n=len(corpus), name=corpus.name, labels=labels, skipped=skipped)
    return (
        "\n".join(corpus.texts),
        corpus,
        gr.update(choices=columns, value=corpus.text_column),
        gr.update(choices=["", *columns], value=corpus.label_column or ""),
        status,
    )


def readability_warning(embedded: EmbeddedCorpus) -> str:
    """ " ⚠️ …" when the encoder cannot read the corpus (its tokens are mostly [UNK]), else ""."""
    warning = embedded.unreadable
    return f" ⚠️ {message_text(warning, language())}" if warning else ""


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
        table = hits_table(hits, embedded.corpus.labels)
        path = save_csv(table, _tmp("search-results.csv", request))
        how = say("corpus.reranked", model=reranker) if reranker and reranker != NO_RERANK else ""
        if quantize:
            index = embedded.quantized_index(quantize)
            how += say("corpus.rescored", kind=quantize, mb=index.nbytes / 1e6, float_mb=embedded.vectors.nbytes / 1e6)
        status = say("corpus.found", n=len(hits), query=query.strip(), size=len(embedded.corpus), how=how)
        status += readability_warning(embedded)
        return status, table, str(path)
    except Exception as err:  # noqa: BLE001 - every error becomes a message
        return error_message(err), empty_hits(), None


def run_heatmap(text, loaded, spec, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        vectors = embedded.vectors[:MAX_HEATMAP]
        groups = cluster(vectors).labels
        order, matrix = similarity_heatmap(vectors, groups)
        texts = [embedded.corpus.texts[i] for i in order]
        figure = heatmap_figure(matrix, texts, [f"c{groups[i]}" for i in order], language())
        n = len(embedded.corpus)
        shown = (
            say("corpus.heatmap_first", shown=MAX_HEATMAP, n=n) if n > MAX_HEATMAP else say("corpus.heatmap_all", n=n)
        )
        return say("corpus.heatmap_done", shown=shown, k=groups.max() + 1), figure
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def run_clusters(text, loaded, spec, k, method=DEFAULT_METHOD, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        result = cluster(embedded.vectors, int(k or 0) or None, method=method or DEFAULT_METHOD)
        texts, labels = embedded.corpus.texts, embedded.corpus.labels
        path = save_csv(result.assignment(texts, labels), _tmp("clusters.csv", request))
        sil = say("corpus.silhouette", value=result.silhouette) if result.silhouette is not None else ""
        status = say(
            "corpus.clustered", k=len(result.sizes), silhouette=sil, why=message_text(result.why(), language())
        )
        return status, result.summary(texts, labels), str(path)
    except Exception as err:  # noqa: BLE001
        return error_message(err), EMPTY_CLUSTERS, None


def run_duplicates(text, loaded, spec, threshold, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        pairs = near_duplicates(embedded.vectors, float(threshold))
        return say("corpus.duplicates_done", n=len(pairs), threshold=threshold), duplicates_frame(
            pairs, embedded.corpus.texts
        )
    except Exception as err:  # noqa: BLE001
        return error_message(err), empty_duplicates()


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
        figure = projection_figure(
            points, corpus.texts, colour, say("corpus.map_title", method=method, n=len(corpus), spec=spec)
        )
        note = say("corpus.no_labels") if colour_by == "label" and not corpus.labels else ""
        return say("corpus.projected", method=method, n=len(corpus), note=note), figure
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def run_compare(text, loaded, spec_a, spec_b, queries, k, progress=PROGRESS, request: gr.Request = None):
    try:
        a, b = _embedded(text, loaded, spec_a, request), _embedded(text, loaded, spec_b, request)
        table = compare_encoders(a, b, split_lines(queries, name="The queries", max_lines=100).texts, int(k))
        return say("corpus.compared", column=table.columns[-1], a=spec_a, b=spec_b, overlap=mean_overlap(table)), table
    except Exception as err:  # noqa: BLE001
        return error_message(err), EMPTY_COMPARISON


def run_downloads(text, loaded, spec, progress=PROGRESS, request: gr.Request = None):
    try:
        embedded = _embedded(text, loaded, spec, request)
        npy = save_npy(embedded.vectors, _tmp("embeddings.npy", request))
        csv = save_csv(embeddings_frame(embedded.corpus.texts, embedded.vectors), _tmp("embeddings.csv", request))
        n, d = embedded.vectors.shape
        return say("corpus.embeddings", n=n, d=d, spec=spec), [str(npy), str(csv)]
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def load_source(path, text_column, label_column):
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
    return (*load_source(path, None, None), None)  # and the preset picker no longer names the corpus


def load_preset(name):
    """A preset picked from the dropdown; closing it without a choice changes nothing."""
    if name not in PRESETS:
        return (gr.skip(),) * 7
    return (*load_source(str(PRESETS[name]), None, None), None)  # the upload box no longer names the corpus
