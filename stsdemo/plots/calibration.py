"""The calibration chart of one encoder: cosine vs STS gold on STS-B dev, the isotonic curve, and where
random pairs fall."""

from __future__ import annotations

import plotly.graph_objects as go

from stsdemo.calibration import Calibration
from stsdemo.strings import text


def calibration_figure(cal: Calibration, lang: str = "en") -> go.Figure:
    """Dev pairs (dots), the expected-score curve (line) and the random-pair median (dashed)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=cal.dev_cosine, y=cal.dev_gold, mode="markers", name=text("plot.dev_pairs", lang),
            marker={"size": 5, "opacity": 0.45},
        )
    )  # fmt: skip
    fig.add_trace(go.Scatter(x=cal.knots_x, y=cal.knots_y, mode="lines", name=text("plot.expected", lang)))
    median = cal.quantiles[len(cal.quantiles) // 2]
    fig.add_vline(x=median, line_dash="dash", line_color="#6b7280")
    fig.add_annotation(x=median, y=5.2, text=text("plot.median", lang, median=median), showarrow=False)
    fig.update_layout(
        title=text("plot.calibration", lang, model=cal.model),
        xaxis_title=text("plot.cosine", lang),
        yaxis={"title": text("plot.gold", lang), "range": [-0.2, 5.5]},
        height=360,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        template="plotly_white",
    )
    return fig
