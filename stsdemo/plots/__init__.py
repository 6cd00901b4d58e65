"""Plotly figures: pure functions from results (tables, arrays) to figures, no UI inside."""
