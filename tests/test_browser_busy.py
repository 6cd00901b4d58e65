"""Real browser: a long request disables its button, shows Cancel, and Cancel works (issue 16)."""

import pytest

pytestmark = pytest.mark.browser


def test_benchmark_button_is_disabled_while_running_and_cancel_stops_it(page):
    page.get_by_role("tab", name="Benchmark").click()
    button, cancel = page.locator("#bench-btn"), page.locator("#bench-cancel")
    assert button.is_enabled() and not cancel.is_visible()
    button.click()  # minilm and minilm:cls on all of STS-B test: long enough to cancel
    cancel.wait_for(state="visible")
    assert button.is_disabled()  # no second click can queue behind the first
    cancel.click()
    page.wait_for_selector("#bench-status :text('Cancelled')")
    page.wait_for_function("() => !document.querySelector('#bench-btn').disabled")
    assert not cancel.is_visible()

    page.locator("#bench-limit input").fill("20")
    button.click()
    page.wait_for_selector("#bench-status :text('Evaluated')", timeout=120_000)
    page.wait_for_function("() => !document.querySelector('#bench-btn').disabled")
    assert not cancel.is_visible()


def test_corpus_button_is_disabled_while_its_request_runs(page):
    page.get_by_role("tab", name="Corpus").click()
    corpus = "\n".join(f"Sentence number {i} about topic {i % 7}." for i in range(300))
    page.locator("#corpus-text textarea").fill(corpus)
    page.get_by_role("tab", name="Clusters & duplicates").click()
    page.locator("#corpus-cluster-btn").click()
    # polled every animation frame: it must be disabled at some point while the clustering runs …
    page.wait_for_function("() => document.querySelector('#corpus-cluster-btn').disabled", polling="raf")
    page.wait_for_selector("#corpus-status :text('cluster(s)')", timeout=180_000)
    # … and clickable again once it has answered
    page.wait_for_function("() => !document.querySelector('#corpus-cluster-btn').disabled")
