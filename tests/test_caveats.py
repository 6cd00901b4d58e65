"""Known answers for the caveats shown next to figures (issue 16): subsets, quick runs, blank metrics,
a flow that learned nothing, a dev axis that does not blow up noise."""

import pytest

from stsdemo.benchmark import subset_note
from stsdemo.data import load_pairs
from stsdemo.geometry import blank_reasons, flow_verdict
from stsdemo.plots.training import MIN_DEV_SPAN, axis_range, loss_figure
from stsdemo.training.run import quick_run_note


def test_subset_note():
    assert subset_note(500, 1379) == "first 500 of 1,379 pairs only: not comparable to the published full-set figure"
    assert subset_note(1379, 1379) == ""


def test_quick_run_note():
    note = quick_run_note({"quick_run": True, "train_rows": 200, "test_rows": 100})
    assert note == " (quick run: 200 training rows, 100 test rows; not comparable to full runs)"
    assert quick_run_note({"train_rows": 5749}) == ""  # metrics.json of older models has no flag


def test_blank_reasons_follow_the_pairs():
    assert set(blank_reasons(None)) == {"alignment", "spearman"}
    assert blank_reasons(load_pairs("stsb:test", limit=50)) == {}


def test_flow_verdict():
    assert flow_verdict({"heldout_nll": 2.006, "gaussian_heldout_nll": 2.006, "best_step": 0}).startswith(
        "the flow learned nothing beyond whitening"
    )
    learned = flow_verdict({"heldout_nll": 1.9, "gaussian_heldout_nll": 2.0, "best_step": 40})
    assert learned.startswith("the flow fits held-out sentences 0.100 nats/dim better")


def test_dev_axis_has_a_minimum_span():
    assert axis_range([86.95, 87.20], 5.0) == pytest.approx([84.575, 89.575])
    assert axis_range([10.0, 90.0], 5.0) == pytest.approx([2.0, 98.0])
    fig = loss_figure([(1, 0.5), (2, 0.4)], [(1, 0.8695), (2, 0.8720)])
    low, high = fig.layout.yaxis2.range
    assert high - low == pytest.approx(MIN_DEV_SPAN)


def test_encoder_follows_the_language():
    from stsdemo.encoders.choice import encoder_for

    assert encoder_for(["花呗如何还款", "运动鞋", "iPhone 15"], "minilm") in ("tfidf-zh", "sts-mini-zh")
    assert encoder_for(["花呗如何还款"], "tfidf-zh") is None
    assert encoder_for(["How do I pay?"], "tfidf-zh") == "minilm@onnx-int8"  # back to the Corpus default
    assert encoder_for(["How do I pay?"], "minilm:cls") is None


def test_training_bar_names_the_phase_instead_of_step_0_of_0():
    import re

    from stsdemo.ui.train_callbacks import progress_html as html

    def progress_html(*args):  # the text a user reads on the bar
        return re.sub(r"<[^>]+>", "", html(*args))

    base = progress_html(0, 0, "evaluating the base model on 100 dev pairs")
    assert base == "evaluating the base model on 100 dev pairs…"
    testing = progress_html(3, 3, "scoring the kept checkpoint on the dev set and on 100 test pairs")
    assert "100%" not in testing and "(training done: 3/3 steps)" in testing
    assert "training: step 3/10 (30%)" in progress_html(3, 10, "training")
