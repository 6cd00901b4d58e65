"""The Score tab's readings of a cosine: percentile, expected score, [UNK] flags, and the Why panel."""

import pytest

from stsdemo.calibration import calibration_for
from stsdemo.encoders.registry import load
from stsdemo.encoders.vocabulary import better_encoder
from stsdemo.plots.scores import pair_scores_figure
from stsdemo.scoring import score_pairs, unreadable_pairs, with_readings
from stsdemo.ui.score_tab import calibration_view, explain_pair_view

PAIRS = [("A man is playing a guitar.", "The stock market fell sharply today."), ("花呗如何还款", "花呗怎么还钱")]


def test_table_adds_percentile_expected_score_and_warning():
    models = [load("minilm:cls"), load("tfidf-zh")]
    table = score_pairs(PAIRS, models)
    shown = with_readings(table, models)
    cal = calibration_for("minilm:cls")
    cosine = table["minilm:cls"][0]
    assert shown["minilm:cls percentile"][0] == pytest.approx(cal.percentile(cosine), abs=0.05)
    assert shown["minilm:cls expected 0-5"][0] == pytest.approx(cal.expected_score(cosine), abs=0.005)
    assert shown["warning"][0] == "" and "[UNK]" in shown["warning"][1]
    assert better_encoder(PAIRS[1][0]) in shown["warning"][1]
    assert list(unreadable_pairs(PAIRS, models)) == ["minilm:cls"]


def test_plot_marks_unreadable_scores_in_words():
    models = [load("minilm")]
    table = score_pairs(PAIRS, models)
    fig = pair_scores_figure(table, unreadable_pairs(PAIRS, models))
    assert list(fig.data[0].marker.symbol) == ["circle", "x"]
    assert any("cannot read" in a.text for a in fig.layout.annotations)


def test_why_panel_and_calibration_chart_callbacks():
    summary, heatmap, tokens = explain_pair_view("A dog runs.", "A dog is running.", "minilm")
    assert "cosine" in summary and heatmap is not None and "attr-token" in tokens
    assert "**100th percentile**" in summary  # a paraphrase: above every random pair, as in the table
    message, chart = explain_pair_view("A dog runs.", "A dog is running.", "tfidf-en")[:2]
    assert "no token vectors" in message and chart is None
    note, figure = calibration_view("minilm:cls")
    assert "stsb:train" in note and len(figure.data[0].x) == len(calibration_for("minilm:cls").dev_cosine)
