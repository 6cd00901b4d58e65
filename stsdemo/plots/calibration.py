"""The calibration chart of one encoder: cosine vs STS gold on STS-B dev, the isotonic curve, and where
random pairs fall."""

from __future__ import annotations

import plotly.graph_objects as go

from stsdemo.calibration import Calibration


def calibration_figure(cal: Calibration) -> go.Figure:
    """Dev pairs (dots), the expected-score curve (line) and the random-pair median (dashed).

    The dots are named after the reference's dataset (Chinese STS-B for the Chinese encoders) with
    their count, so the chart carries its n.
    """
    dataset = cal.reference.split(":")[0]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=cal.dev_cosine, y=cal.dev_gold, mode="markers", name=f"{dataset} dev pairs (n={len(cal.dev_cosine)})",
            marker={"size": 5, "opacity": 0.45},
        )
    )  # fmt: skip
    fig.add_trace(go.Scatter(x=cal.knots_x, y=cal.knots_y, mode="lines", name="expected score (isotonic fit on train)"))
    median = cal.quantiles[len(cal.quantiles) // 2]
    fig.add_vline(x=median, line_dash="dash", line_color="#6b7280")
    fig.add_annotation(x=median, y=5.2, text=f"random pairs' median {median:.2f}", showarrow=False)
    fig.update_layout(
        title=f"{cal.model}: what a cosine means",
        xaxis_title="cosine",
        yaxis={"title": "gold STS score (0-5)", "range": [-0.2, 5.5]},
        height=360,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        template="plotly_white",
    )
    return fig
