"""MCP tools (``python app.py --mcp``): score, search, eval and geometry for an agent.

The page's endpoints take tables and return figures; an agent wants plain arguments and small
JSON answers. These four functions are added as API endpoints (``/mcp_score`` ...) only when the
MCP server is on, and Gradio turns each into an MCP tool whose description is the docstring. The
page's own endpoints are kept out of the tool list. The same gate as the page applies: models are
names from the registry, datasets catalogue names, never server paths.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import gradio as gr

from stsdemo.encoders.base import Encoder
from stsdemo.errors import UserError
from stsdemo.gate import dataset_spec, redact
from stsdemo.inputs import clean_pairs
from stsdemo.specs import load
from stsdemo.ui.common import check_specs, visitor

#: Examples cap: an agent call must stay a light request.
MAX_EVAL_PAIRS = 2_000


def _messages(fn: Callable) -> Callable:
    """A user error becomes the tool's error message (``gr.Error``), without server paths."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserError as err:
            raise gr.Error(redact(str(err))) from None

    return wrapper


def _encoder(model: str, request: gr.Request | None):
    check_specs(model, visitor(request))
    return load(model)


def score(sentence1: str, sentence2: str, model: str = "minilm", request: gr.Request = None) -> dict:
    """Semantic similarity of two sentences.

    Args:
        sentence1: the first sentence.
        sentence2: the second sentence.
        model: an encoder spec such as "minilm" (all-MiniLM-L6-v2), "minilm:cls", "tfidf" or a trained
            model "models/NAME"; a cross-encoder gives its pair score instead of a cosine.

    Returns:
        {"model", "score", "kind"}: cosine in [-1, 1] for bi-encoders (about 0.6 and above means
        paraphrase-like for minilm), the cross-encoder's score otherwise.
    """
    from stsdemo.scoring import score_pairs

    pairs = clean_pairs([[sentence1, sentence2]], max_pairs=1)
    encoder = _encoder(model, request)
    table = score_pairs(pairs, [encoder])
    kind = "cosine" if isinstance(encoder, Encoder) else "cross-encoder score"
    return {"model": encoder.id, "score": round(float(table.iloc[0, -1]), 4), "kind": kind}


def search(corpus: str, query: str, model: str = "minilm", k: int = 5, request: gr.Request = None) -> list[dict]:
    """Rank the sentences of a small corpus by similarity to a query (semantic search).

    Args:
        corpus: the sentences to search, one per line (at most 20,000).
        query: what to look for.
        model: a bi-encoder spec such as "minilm".
        k: how many results (1 to 50).

    Returns:
        A list of {"rank", "text", "cosine"}, best first.
    """
    from stsdemo.corpus.embedded import embed_corpus
    from stsdemo.corpus.reader import parse_lines

    hits = embed_corpus(_encoder(model, request), parse_lines(corpus)).search(query, max(1, min(int(k), 50)))
    return [{"rank": h.rank, "text": h.text, "cosine": round(h.cosine, 4)} for h in hits]


def evaluate_model(
    model: str = "minilm", dataset: str = "stsb:test", limit: int = 500, request: gr.Request = None
) -> dict:
    """How well a model's similarity agrees with human judgements on a public benchmark.

    Args:
        model: an encoder or cross-encoder spec such as "minilm" or "minilm:cls".
        dataset: a catalogue set NAME:SPLIT, e.g. "stsb:test" (English STS-B, graded 0-5) or "lcqmc:test"
            (Chinese question matching, 0/1) when the data folder is present.
        limit: only the first N pairs (at most 2,000, to keep the call short).

    Returns:
        Graded sets: {"spearman", "pearson", "n"} (fractions; STS-B test with minilm: spearman 0.82 on all
        pairs). 0/1 sets: {"auc", "accuracy", "f1", ...}.
    """
    from stsdemo.data import load_pairs
    from stsdemo.evaluation import evaluate_pairs

    spec = dataset_spec(dataset, "The dataset")
    n = max(2, min(int(limit or MAX_EVAL_PAIRS), MAX_EVAL_PAIRS))
    metrics = evaluate_pairs(_encoder(model, request), load_pairs(spec, limit=n))
    return {"model": model, "dataset": spec, **{k: round(float(v), 4) for k, v in metrics.items()}}


evaluate_model.__name__ = "eval"  # the MCP tool's name


def geometry(sentences: str = "", model: str = "minilm:cls", limit: int = 500, request: gr.Request = None) -> dict:
    """Anisotropy of a model's sentence vectors, raw and after BERT-whitening.

    Args:
        sentences: sentences to analyse, one per line (at least 20); empty: the STS-B test pairs.
        model: a bi-encoder spec; raw poolings such as "minilm:cls" show the "narrow cone" best.
        limit: at most this many sentences (50 to 2,000).

    Returns:
        Per variant ("raw", "whitening"): random-pair cosine (0 when isotropic; raw BERT often 0.5+),
        isotropy (1 = isotropic), top-1 variance share, and Spearman on STS-B when the preset is used.
    """
    from stsdemo.geometry import analyse, preset, sentences_from_text

    encoder = _encoder(model, request)
    if not isinstance(encoder, Encoder):
        raise UserError("{model} is a cross-encoder: it has no sentence vectors.", model=model)
    n = max(50, min(int(limit or 500), 2_000))
    chosen = sentences_from_text(sentences, n) if (sentences or "").strip() else preset("STS-B test pairs", n)
    result = analyse(encoder, chosen.sentences, ["whitening"], dataset=chosen.dataset)
    return {
        variant: {k: (None if v != v else round(float(v), 4)) for k, v in metrics.items()}
        for variant, metrics in result.metrics.items()
    }


TOOLS = {
    "mcp_score": _messages(score),
    "mcp_search": _messages(search),
    "mcp_eval": _messages(evaluate_model),
    "mcp_geometry": _messages(geometry),
}


def add_tools(demo: gr.Blocks) -> None:
    """Inside ``demo``'s context: the four tools as API endpoints; the page's endpoints hidden from MCP."""
    for fn in demo.fns.values():
        if fn.fn is not None and fn.api_name not in TOOLS:
            fn.fn._mcp_type = "page-only"  # Gradio lists as MCP tools only functions typed "tool"
    for api_name, fn in TOOLS.items():
        heavy = api_name == "mcp_geometry"
        gr.api(
            fn,
            api_name=api_name,
            concurrency_id="heavy" if heavy else "light",
            concurrency_limit=1 if heavy else 4,
        )
