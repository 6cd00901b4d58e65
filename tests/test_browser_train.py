"""Real browser on the Train tab: start a tiny run, watch it finish, see its loss curve and geometry, delete it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_train_watch_compare_delete(page, screenshot, models_dir):
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-out textarea, #train-out input").first.fill("browser-tiny")
    page.locator("#train-max-steps input").fill("3")
    page.locator("#train-batch input").fill("8")
    page.locator("#train-quick input").check()
    page.locator("#train-start").click()
    page.locator("#train-status").get_by_text("Queued job").wait_for()
    page.locator("#train-status").get_by_text("finished").wait_for(timeout=240_000)
    assert (models_dir / "browser-tiny" / "metrics.json").is_file()
    assert (
        "(quick run: 200 training rows, 100 test rows; not comparable to full runs)"
        in page.locator("#train-status").inner_text()
    )
    page.wait_for_selector("#train-loss .js-plotly-plot")
    dev_range = page.evaluate("document.querySelector('#train-loss .js-plotly-plot')._fullLayout.yaxis2.range")
    assert dev_range[1] - dev_range[0] >= 5 - 1e-6, dev_range  # one dev point is not drawn full-height
    page.locator("#train-geometry-text").get_by_text("random-pair cosine").wait_for(timeout=180_000)
    page.wait_for_selector("#train-geometry .js-plotly-plot")
    assert "browser-tiny" in page.locator("#train-models").inner_text()
    assert "quick run" in page.locator("#train-models").inner_text()
    screenshot("train-tab")

    page.locator("#train-delete-name input").fill(str(models_dir / "browser-tiny"))
    page.keyboard.press("Enter")
    page.locator("#train-delete").click()
    page.locator("#train-delete-status").get_by_text("Deleted browser-tiny").wait_for()
    assert not (models_dir / "browser-tiny").exists()


def test_bad_name_gives_a_message(page):
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-out textarea, #train-out input").first.fill("../escape")
    page.locator("#train-start").click()
    page.locator("#train-status").get_by_text("Name the model").wait_for()
    assert "Traceback" not in page.content()
