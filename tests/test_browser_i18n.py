"""Real browser, English and Chinese: the page follows the browser's language, and the switch changes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, app_url, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.wait_for_selector("#ui-lang input:checked")
    return context, page


def test_english_browser_gets_english_and_the_switch_turns_the_page_chinese(browser, app_url):
    context, page = _open(browser, app_url, "en-US")
    try:
        assert page.locator("#ui-lang input:checked").get_attribute("value") == "English"
        page.get_by_role("tab", name="Score pairs").click()
        assert page.locator("#score-btn").inner_text().strip() == "Score"
        assert page.locator("#examples input:checked").get_attribute("value") == "English"
        page.locator("#score-btn").click()
        page.locator("#score-status").get_by_text("Scored 5 pair(s) with 2 model(s).").wait_for(timeout=300_000)

        page.locator("#ui-lang label").filter(has_text="中文").click()
        page.get_by_role("tab", name="句对打分").wait_for()
        page.get_by_role("tab", name="几何").wait_for()  # a tab not shown yet is renamed too
        assert page.locator("#score-btn").inner_text().strip() == "打分"
        assert "stsdemo_lang=zh" in page.evaluate("document.cookie")
        page.reload()  # the choice outlives the page
        page.get_by_role("tab", name="句对打分").wait_for()
        page.locator("#ui-lang input[value='中文']:checked").wait_for()
    finally:
        context.close()


def test_chinese_browser_gets_chinese_labels_lessons_and_examples_first(browser, app_url):
    context, page = _open(browser, app_url, "zh-CN")
    try:
        page.locator("#ui-lang input[value='中文']:checked").wait_for()  # set when the page has loaded
        assert "余弦、双塔与交叉编码器" in page.locator("#lesson-cosine-text").inner_text()
        assert page.locator("#lesson-cosine-run").inner_text().strip() == "运行示例"
        page.get_by_role("tab", name="句对打分").click()
        page.locator('#pairs [data-testid="cell-0-0"]').get_by_text("今天天气很好。").wait_for()
        assert page.locator("#examples label").first.inner_text().strip() == "中文"
        assert page.locator("#examples input:checked").get_attribute("value") == "中文"
        # Chinese pairs tick the Chinese encoder beside the two default ones (issue 16)
        page.locator("#encoders label").filter(has_text="· sts-mini-zh —").locator("input:checked").wait_for()
        page.locator("#score-btn").get_by_text("打分").click()
        page.locator("#score-status").get_by_text("已用 3 个模型为 3 对句子打分。").wait_for(timeout=300_000)
        page.get_by_text("含两列文本的 CSV / TSV / JSONL 文件").wait_for()
        page.get_by_role("tab", name="语料库").click()
        page.get_by_role("tab", name="聚类与近重复").wait_for()  # the Corpus tab's own tabs
        page.get_by_role("tab", name="训练").click()
        page.get_by_role("button", name="开始训练").wait_for()
    finally:
        context.close()
