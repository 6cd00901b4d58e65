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
