"""Figures of a training run: the loss curve (with the dev score) and before/after geometry."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from stsdemo.strings import text

#: The dev axis spans at least this many points (× 100): a curve moving 86.95 -> 87.20 is noise and
#: must look flat, not fill the plot's height.
MIN_DEV_SPAN = 5.0


def axis_range(values: list[float], min_span: float) -> list[float]:
    """A y-range holding ``values`` with 10 % margins, widened about their middle to ``min_span``.

    >>> axis_range([86.95, 87.20], 5.0)
    [84.575, 89.575]
    """
    low, high = min(values), max(values)
    pad = 0.1 * (high - low)
    low, high = low - pad, high + pad
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    return [round(low, 6), round(high, 6)]


def loss_figure(
    losses: list[tuple[int, float]], dev: list[tuple[int, float]] | None = None, lang: str = "en"
) -> go.Figure:
    """Training loss per logged step (left axis) and the dev metric at each evaluation (right axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    if losses:
        steps, values = zip(*losses, strict=True)
        fig.add_trace(
            go.Scatter(x=steps, y=values, mode="lines+markers", name=text("plot.training_loss", lang)),
            secondary_y=False,
        )
    if dev:
        steps, values = zip(*dev, strict=True)
        fig.add_trace(
            go.Scatter(x=steps, y=[100 * v for v in values], mode="lines+markers", name=text("plot.dev_score", lang)),
            secondary_y=True,
        )
    fig.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        template="plotly_white",
        legend={"orientation": "h", "y": 1.12},
        xaxis_title=text("plot.step", lang),
    )
    fig.update_yaxes(title_text=text("plot.loss", lang), secondary_y=False)
    fig.update_yaxes(title_text=text("plot.dev", lang), secondary_y=True)
    if dev:
        fig.update_yaxes(range=axis_range([100 * v for _, v in dev], MIN_DEV_SPAN), secondary_y=True)
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
