"""Real browser: the Score tab shows percentiles, and the Why-this-score panel explains a pair."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_why_this_score_panel(page, screenshot):
    page.get_by_role("tab", name="Score pairs").click()
    page.locator("#why-panel").get_by_text("Why this score?").click()
    page.locator("#why-btn").click()
    status = page.locator("#why-status")
    status.get_by_text("attributions sum").wait_for()
    match = re.search(r"cosine (\d\.\d{3})", status.inner_text())
    assert match and 0.5 < float(match.group(1)) < 0.8
    assert page.locator("#why-tokens .attr-token").count() == 11  # 6 + 5 tokens
    page.wait_for_selector("#why-heatmap .js-plotly-plot")
    screenshot("score-why")


def test_score_table_has_percentiles(page):
    page.get_by_role("tab", name="Score pairs").click()
    page.locator("#score-btn").click()
    page.wait_for_selector("#score-status :text('Scored')")
    # the column is headed "%ile" under "minilm:cls"; its full name shows on hover
    percentile = page.locator("#score-table th[title='minilm:cls percentile']")
    assert percentile.inner_text().strip() == "%ile"


def test_calibration_chart_of_a_post_processed_teaching_model(page, screenshot):
    from stsdemo.calibration import calibration_for

    page.get_by_role("tab", name="Score pairs").click()
    page.locator("#calibration-panel").get_by_text("What does a cosine mean?").click()
    page.wait_for_selector("#calibration-plot .js-plotly-plot")  # drawn at once, before any choice
    picker = page.locator("#calibration-model input")
    picker.click()
    picker.fill("mlm-mini-zh:cls+whitening")
    page.get_by_role("option", name=re.compile(r"teaching models · mlm-mini-zh:cls\+whitening")).click()
    page.locator("#calibration-status").get_by_text("stsb-zh:train").wait_for()
    dots = "() => document.querySelector('#calibration-plot .js-plotly-plot').data[0]"
    page.wait_for_function(f"({dots})().name.startsWith('stsb-zh dev pairs')")
    assert page.evaluate(f"({dots})().x.length") == len(calibration_for("mlm-mini-zh:cls+whitening").dev_cosine)
    screenshot("score-calibration-teaching")
