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


def test_chinese_story_is_on_the_page(page):
    """Issue 6: which offline encoders exist for Chinese and how they score, and which hub models to pick."""
    page.get_by_role("tab", name="Benchmark").click()
    page.get_by_text("Chinese: which offline encoders work, and what to pick online").click()  # the accordion
    note = page.locator("#bench-chinese-note").inner_text()
    for fact in ("37.8", "tfidf-zh", "65.3", "mlm-mini-zh", "57.2", "70.7", "text2vec-base-chinese", "bge-small-zh"):
        assert fact in note, fact
