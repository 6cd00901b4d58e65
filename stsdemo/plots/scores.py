"""Pair scores of several models as a dot chart: one row per pair, one colour per model."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def pair_scores_figure(table: pd.DataFrame) -> go.Figure:
    """Dot chart of :func:`stsdemo.scoring.score_pairs`' table (hover shows both sentences)."""
    pairs = zip(table["sentence 1"], table["sentence 2"], strict=True)
    labels = [f"{i + 1}. {_short(a)} ↔ {_short(b)}" for i, (a, b) in enumerate(pairs)]
    fig = go.Figure()
    for column in table.columns[2:]:
        fig.add_trace(
            go.Scatter(
                x=table[column],
                y=labels,
                mode="markers",
                name=column,
                marker={"size": 11},
                customdata=table[["sentence 1", "sentence 2"]].to_numpy(),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>" + column + ": %{x:.3f}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis_title="similarity (cosine for bi-encoders)",
        yaxis={"autorange": "reversed"},
        height=max(260, 60 + 34 * len(table)),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": 1.08},
        template="plotly_white",
    )
    return fig
