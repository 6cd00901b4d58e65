"""Real browser: every figure computed on a subset, a quick run or an unreadable text says so next to it
(issue 16)."""

import pytest

pytestmark = pytest.mark.browser


def test_benchmark_on_a_subset_says_so(page):
    page.get_by_role("tab", name="Benchmark").click()
    page.locator("#bench-limit input").fill("60")
    page.locator("#bench-btn").click()
    page.wait_for_selector("#bench-status :text('Evaluated')")
    assert "Only the first 60 pairs" in page.locator("#bench-status").inner_text()
    table = page.locator("#bench-table").inner_text()
    assert "first 60 of 1,379 pairs only" in table
    assert "not comparable to the published full-set figure" in table


def test_chinese_preset_gets_a_chinese_encoder_and_minilm_is_flagged(page):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name="E-commerce queries (中文电商搜索)").click()
    page.wait_for_selector("#corpus-status :text('from ecom-queries-zh.txt')")
    page.wait_for_function(  # the grouped picker shows "GROUP · SPEC — description"
        "() => / · (tfidf-zh|sts-mini-zh) — /.test(document.querySelector('#corpus-model input').value)"
    )
    page.locator("#corpus-model input").fill("minilm")  # the user insists on MiniLM
    page.locator("#corpus-model input").press("Enter")
    page.locator("#corpus-query textarea, #corpus-query input").first.fill("运动鞋")
    page.locator("#corpus-search-btn").click()
    page.wait_for_selector("#corpus-status :text('result(s)')")
    status = page.locator("#corpus-status").inner_text()
    assert "minilm cannot read this text" in status and "[UNK]" in status
    assert "Pick tfidf-zh instead" in status or "Pick sts-mini-zh instead" in status
