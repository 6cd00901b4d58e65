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
