"""Real browser, English and Chinese: the page follows the browser's language, and the switch changes it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _open(browser_in, locale: str):
    page = browser_in(locale)
    page.wait_for_selector("#ui-lang input:checked")
    return page.context, page


def test_english_browser_gets_english_and_the_switch_turns_the_page_chinese(browser_in):
    context, page = _open(browser_in, "en-US")
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


def test_chinese_browser_gets_chinese_labels_lessons_and_examples_first(browser_in):
    context, page = _open(browser_in, "zh-CN")
    try:
        page.locator("#ui-lang input[value='中文']:checked").wait_for()  # set when the page has loaded
        assert "余弦、双塔与交叉编码器" in page.locator("#lesson-cosine-text").inner_text()
        assert page.locator("#lesson-cosine-run").inner_text().strip() == "运行示例"
        page.get_by_role("tab", name="句对打分").click()
        page.locator('#pairs [data-testid="cell-0-0"]').get_by_text("今天天气很好。").wait_for()
        assert page.locator("#examples label").first.inner_text().strip() == "中文"
        assert page.locator("#examples input:checked").get_attribute("value") == "中文"
        page.locator("#score-btn").get_by_text("打分").click()
        page.locator("#score-status").get_by_text("已用 2 个模型为 3 对句子打分。").wait_for(timeout=300_000)
        # 中文 starts with encoders that read Chinese: no [UNK] warning
        assert "sts-mini-zh" in page.locator("#score-table").inner_text()
        assert "⚠️" not in page.locator("#score-status").inner_text()
        page.get_by_text("含两列文本的 CSV / TSV / JSONL 文件").wait_for()
        page.get_by_role("tab", name="语料库").click()
        page.get_by_role("tab", name="聚类与近重复").wait_for()  # the Corpus tab's own tabs
        page.get_by_role("tab", name="训练").click()
        page.get_by_role("button", name="开始训练").wait_for()
    finally:
        context.close()
