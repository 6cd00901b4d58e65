"""The speed/accuracy frontier: STS-B test Spearman against sentences/s on this CPU, per encoder.

A point *dominates* another when it is at least as fast **and** at least as accurate, and strictly
better in one of the two. The Pareto front is the set of points no other point dominates: the only
encoders worth picking for some speed budget. ``benchmarks/frontier.py`` measures all of them and
stores the result in ``benchmarks/frontier.json``; the Benchmark tab plots that file and can
re-measure a subset on the machine it runs on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from stsdemo.paths import BENCHMARKS

#: Every kind of encoder the project has: torch fp32 and its backends, static, lexical, teaching models.
FRONTIER_SPECS = (
    "minilm",
    "minilm@onnx",
    "minilm@onnx-int8",
    "minilm@openvino",
    "minilm@openvino-int8",
    "m2v-minilm",
    "minilm:static",
    "minilm:cls",
    "tfidf-en",
    "mlm-mini-en:mean",
)
#: A subset small enough for the tab's "measure on this machine" button (<= 60 s on 2 busy CPUs).
QUICK_SPECS = ("minilm", "minilm@onnx-int8", "m2v-minilm", "tfidf-en")
RESULTS = BENCHMARKS / "frontier.json"
COLUMNS = ["model", "sentences/s", "spearman", "pareto"]


def pareto_front(speeds: Sequence[float], scores: Sequence[float]) -> list[bool]:
    """``True`` for each point that no other point dominates (faster-or-equal and better-or-equal).

    >>> pareto_front([100, 50, 10, 60], [80, 85, 70, 60])
    [True, True, False, False]
    """
    points = list(zip(speeds, scores, strict=True))
    return [not any(s2 >= s and a2 >= a and (s2, a2) != (s, a) for s2, a2 in points) for s, a in points]


def sentences_per_second(encoder, sentences: list[str], batch_size: int = 32, repeats: int = 2) -> float:
    """Best of ``repeats`` timed encodings of ``sentences`` (no embedding cache), after a warm-up batch."""
    encoder.encode(sentences[:batch_size], batch_size=batch_size, cache=None)
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        encoder.encode(sentences, batch_size=batch_size, cache=None)
        best = max(best, len(sentences) / (time.perf_counter() - start))
    return best


def measure_frontier(
    specs: Sequence[str] = FRONTIER_SPECS,
    *,
    n_sentences: int = 1024,
    n_pairs: int | None = None,
    batch_size: int = 32,
    repeats: int = 2,
    on_step: Callable[[float, str], None] | None = None,
) -> pd.DataFrame:
    """Spearman × 100 on STS-B test (first ``n_pairs`` pairs, all if ``None``) and sentences/s on
    its first ``n_sentences`` sentences, for each spec; ``pareto`` marks the front."""
    from stsdemo.data.catalog import load_pairs
    from stsdemo.encoders.registry import load
    from stsdemo.evaluation import evaluate_pairs

    dataset = load_pairs("stsb:test", limit=n_pairs)
    sentences = load_pairs("stsb:test").sentences()[:n_sentences]
    rows = []
    for i, spec in enumerate(specs):
        if on_step:
            on_step(i / len(specs), f"measuring {spec}")
        encoder = load(spec)
        speed = sentences_per_second(encoder, sentences, batch_size, repeats)
        spearman = evaluate_pairs(encoder, dataset)["spearman"] * 100
        rows.append({"model": spec, "sentences/s": round(speed, 1), "spearman": spearman})
    table = pd.DataFrame(rows, columns=COLUMNS[:3])
    table["spearman"] = table["spearman"].round(2)
    table["pareto"] = pareto_front(table["sentences/s"], table["spearman"])
    return table


def save_results(table: pd.DataFrame, path: Path = RESULTS, **meta) -> None:
    """Write the table and how it was measured (``meta``) as JSON."""
    path.write_text(json.dumps({**meta, "rows": table.to_dict(orient="records")}, indent=1) + "\n", encoding="utf-8")


def load_results(path: Path = RESULTS) -> tuple[pd.DataFrame, dict]:
    """The committed table and its measurement notes; an empty table when the file is missing."""
    if not path.is_file():
        return pd.DataFrame(columns=COLUMNS), {}
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data.pop("rows")
    return pd.DataFrame(rows, columns=COLUMNS), data


def frontier_figure(table: pd.DataFrame, title: str = "Speed vs accuracy on STS-B test"):
    """Plotly scatter: sentences/s (log x) against Spearman; the Pareto front joined by a line."""
    import plotly.graph_objects as go

    fig = go.Figure()
    front = table[table["pareto"]].sort_values("sentences/s")
    fig.add_trace(
        go.Scatter(
            x=front["sentences/s"], y=front["spearman"], mode="lines", name="Pareto front", line={"dash": "dash"}
        )
    )
    for on_front, label, symbol in ((True, "on the front", "star"), (False, "dominated", "circle")):
        part = table[table["pareto"] == on_front]
        fig.add_trace(
            go.Scatter(
                x=part["sentences/s"],
                y=part["spearman"],
                mode="markers+text",
                text=part["model"],
                textposition="top center",
                name=label,
                marker={"size": 12 if on_front else 9, "symbol": symbol},
            )
        )
    fig.update_layout(
        title=title,
        xaxis={"title": "sentences / s (log scale)", "type": "log"},
        yaxis={"title": "STS-B test Spearman × 100"},
        height=460,
        margin={"l": 50, "r": 20, "t": 50, "b": 50},
    )
    return fig
