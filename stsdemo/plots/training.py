"""Figures of a training run: the loss curve (with the dev score) and before/after geometry."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


def loss_figure(losses: list[tuple[int, float]], dev: list[tuple[int, float]] | None = None) -> go.Figure:
    """Training loss per logged step (left axis) and the dev metric at each evaluation (right axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    if losses:
        steps, values = zip(*losses, strict=True)
        fig.add_trace(go.Scatter(x=steps, y=values, mode="lines+markers", name="training loss"), secondary_y=False)
    if dev:
        steps, values = zip(*dev, strict=True)
        fig.add_trace(
            go.Scatter(x=steps, y=[100 * v for v in values], mode="lines+markers", name="dev score (x100)"),
            secondary_y=True,
        )
    fig.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        template="plotly_white",
        legend={"orientation": "h", "y": 1.12},
        xaxis_title="step",
    )
    fig.update_yaxes(title_text="loss", secondary_y=False)
    fig.update_yaxes(title_text="dev", secondary_y=True)
    return fig


def geometry_figure(results: dict[str, dict], sentences: list[str]) -> go.Figure:
    """One 2-D projection per model side by side; titles carry the random-pair cosine."""
    names = list(results)
    titles = [f"{n}<br>random-pair cosine {results[n]['random_pair_cosine']:.3f}" for n in names]
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=titles)
    for col, name in enumerate(names, 1):
        coords = np.asarray(results[name]["coords"])
        fig.add_trace(
            go.Scattergl(
                x=coords[:, 0],
                y=coords[:, 1],
                mode="markers",
                name=name,
                text=sentences,
                marker={"size": 5, "opacity": 0.7},
                hovertemplate="%{text}<extra></extra>",
            ),
            row=1,
            col=col,
        )
    fig.update_layout(
        height=380, margin={"l": 10, "r": 10, "t": 60, "b": 10}, template="plotly_white", showlegend=False
    )
    return fig
