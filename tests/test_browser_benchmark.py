"""Real browser on the Benchmark tab: run MiniLM on 100 STS-B test pairs and read the score."""

import pytest

pytestmark = pytest.mark.browser


def test_run_a_small_benchmark(page, screenshot):
    page.get_by_role("tab", name="Benchmark").click()
    page.locator("#bench-limit input").fill("100")
    page.locator("#bench-btn").click()
    page.wait_for_selector("#bench-status :text('Evaluated')")
    text = page.locator("#bench-table").inner_text()
    assert "minilm:cls" in text and "spearman" in text
    assert "82.03" in page.locator("#bench-published").inner_text()
    screenshot("benchmark-tab")
