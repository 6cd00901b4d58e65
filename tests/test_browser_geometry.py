"""Real browser on the Geometry tab: run a preset, see the metrics table and the three UMAP plots."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_run_preset_and_see_three_projections(page, screenshot):
    page.get_by_role("tab", name="Geometry").click()
    page.get_by_label("TREC questions").check()
    page.locator("#geo-flow-s input[type=number]").fill("5")
    page.locator("#geo-flow-s input[type=number]").press("Enter")
    page.locator("#geo-run").click()
    page.locator("#geo-status").get_by_text("500 sentences").wait_for(timeout=240_000)
    status = page.locator("#geo-status").inner_text()
    assert "whitening: random-pair cosine" in status and "flow:" in status
    table = page.locator("#geo-table").inner_text()
    for word in ("random_pair_cosine", "isotropy", "top1_variance_share", "raw", "whitening", "flow"):
        assert word in table
    # issue 16: blank rows say why, and the flow's NLL is put in words
    assert "needs human-scored pairs" in table and "needs paraphrase pairs" in table
    assert "learned nothing beyond whitening" in status or "shape beyond whitening" in status
    for i in (1, 2, 3):
        page.wait_for_selector(f"#geo-umap-{i} .js-plotly-plot")
    page.wait_for_selector("#geo-hist .js-plotly-plot")
    # issue 16: the spectrum's log axis has one readable label per decade ("10%", "1%", …), not "4, 3, 2, 0.01"
    ticks = page.locator("#geo-spectrum .ytick text").all_text_contents()
    assert ticks and all(t.endswith("%") and t.lstrip("0.").startswith("1") for t in ticks), ticks
    assert "Traceback" not in page.content()
    screenshot("geometry-tab")


def test_too_few_sentences_gives_a_message(page):
    page.get_by_role("tab", name="Geometry").click()
    page.locator("#geo-text textarea").fill("A man plays a guitar.\nA dog runs in the park.\nIt is raining.")
    page.locator("#geo-run").click()
    page.locator("#geo-status").get_by_text("needs at least 385 distinct sentences").wait_for(timeout=120_000)
