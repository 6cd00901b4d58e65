"""Real browser on the Learn tab: every lesson's button shows its key figure; a link opens its tab filled in."""

import re

import pytest

from stsdemo.lessons import LESSONS

pytestmark = pytest.mark.browser

#: What each lesson's key figure must show (numbers read from the page).
EXPECTED = {
    "cosine": lambda v: v[0] > 0.9 and abs(v[1]) < 0.3,  # paraphrase, unrelated
    "pooling": lambda v: v[2] > 0.4 > abs(v[0]),  # minilm:cls high, trained minilm near 0
    "anisotropy": lambda v: v[0] > 0.4 > v[1],  # the cone: minilm:cls vs minilm
    "whitening": lambda v: v[0] > 0.4 and abs(v[1]) < 0.1,  # random-pair cosine before -> after
    "flow": lambda v: v[0] > 0.4 and abs(v[1]) < 0.1,
    "finetuning": lambda v: v[0] > 0.5 and v[2] < 0.2 and v[3] > v[1],  # cone shrinks, Spearman rises
}


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.\d+", text)]


def test_every_lesson_shows_its_key_figure(page, screenshot):
    page.get_by_role("tab", name="Learn / 学习").click()
    for lesson in LESSONS:
        page.locator(f"#lesson-{lesson.key}-run").click()
        figure = page.locator(f"#lesson-{lesson.key}-figure")
        figure.locator("strong").wait_for(timeout=600_000)
        text = figure.inner_text()
        assert "⚠️" not in text, text
        assert EXPECTED[lesson.key](_numbers(text)), f"{lesson.key}: {text}"
        page.wait_for_selector(f"#lesson-{lesson.key}-plot .js-plotly-plot")
    screenshot("learn-tab")


def test_try_it_yourself_opens_the_score_tab_filled_in(page):
    page.get_by_role("tab", name="Learn / 学习").click()
    page.locator("#lesson-pooling-try").click()
    page.get_by_role("tab", name="Score pairs", selected=True).wait_for()
    page.locator('#pairs [data-testid="cell-1-1"]').get_by_text("The stock market fell sharply today.").wait_for()
    assert page.locator("#encoders input[type=checkbox]:checked").count() == 4
