"""Real browser on the Score tab: type a pair, click Score, read the cosine from the page."""

import re

import pytest

pytestmark = pytest.mark.browser


def _fill_cell(page, row: int, col: int, text: str) -> None:
    page.locator(f'#pairs [data-testid="cell-{row}-{col}"]').dblclick()
    editor = page.locator("#pairs textarea, #pairs input").first
    editor.fill(text)
    editor.press("Enter")


def test_type_a_pair_and_score(page, screenshot):
    page.get_by_role("tab", name="Score pairs").click()
    _fill_cell(page, 0, 0, "A cat sleeps on the sofa.")
    _fill_cell(page, 0, 1, "A kitten is napping on the couch.")
    page.locator("#score-btn").click()
    page.wait_for_selector("#score-status :text('Scored')")
    table = page.locator("#score-table")
    assert "A kitten is napping on the couch." in table.inner_text()
    numbers = [float(x) for x in re.findall(r"\b0\.\d{2,4}\b", table.inner_text())]
    assert numbers, "no scores in the table"
    page.wait_for_selector("#score-plot .js-plotly-plot")
    screenshot("score-tab")


def test_one_sentence_gives_a_message(page):
    page.get_by_role("tab", name="Score pairs").click()
    _fill_cell(page, 0, 1, "")
    page.locator("#score-btn").click()
    status = page.locator("#score-status")
    status.get_by_text("only one sentence").wait_for()
    assert "Traceback" not in page.content()
