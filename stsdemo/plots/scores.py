"""Pair scores of several models as a dot chart: one row per pair, one colour per model."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def pair_scores_figure(table: pd.DataFrame, unreadable: dict[str, list[str | None]] | None = None) -> go.Figure:
    """Dot chart of :func:`stsdemo.scoring.score_pairs`' table (hover shows both sentences).

    ``unreadable`` (:func:`stsdemo.scoring.unreadable_pairs`) marks scores of pairs an encoder cannot
    read with an ✕ and says so in words under the chart.
    """
    unreadable = unreadable or {}
    pairs = zip(table["sentence 1"], table["sentence 2"], strict=True)
    labels = [f"{i + 1}. {_short(a)} ↔ {_short(b)}" for i, (a, b) in enumerate(pairs)]
    fig = go.Figure()
    for column in table.columns[2:]:
        flags = unreadable.get(column, [None] * len(table))
        fig.add_trace(
            go.Scatter(
                x=table[column],
                y=labels,
                mode="markers",
                name=column,
                marker={"size": 11, "symbol": ["x" if f else "circle" for f in flags]},
                customdata=table[["sentence 1", "sentence 2"]].to_numpy(),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>" + column + ": %{x:.3f}<extra></extra>",
            )
        )
    notes = sorted({note.split(":")[0] + " cannot read some pairs (✕): " + note.split(": ", 1)[1]
                    for notes in unreadable.values() for note in notes if note})  # fmt: skip
    for k, note in enumerate(notes):
        fig.add_annotation(
            text="⚠ " + note, xref="paper", yref="paper", x=0, y=-0.12 - 0.07 * k, showarrow=False,
            xanchor="left", font={"color": "#b45309", "size": 12},
        )  # fmt: skip
    fig.update_layout(
        xaxis_title="similarity (cosine for bi-encoders)",
        yaxis={"autorange": "reversed"},
        height=max(260, 60 + 34 * len(table)) + 30 * len(notes),
        margin={"l": 10, "r": 10, "t": 30, "b": 40 + 30 * len(notes)},
        legend={"orientation": "h", "y": 1.08},
        template="plotly_white",
    )
    return fig
