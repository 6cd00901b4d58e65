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
        page.locator("#score-table").get_by_text("sts-mini-zh").first.wait_for()  # the table follows the status
        assert "⚠️" not in page.locator("#score-status").inner_text()
        page.get_by_text("含两列文本的 CSV / TSV / JSONL 文件").wait_for()
        page.get_by_role("tab", name="语料库").click()
        page.get_by_role("tab", name="聚类与近重复").wait_for()  # the Corpus tab's own tabs
        page.get_by_role("tab", name="训练").click()
        page.get_by_role("button", name="开始训练").wait_for()
    finally:
        context.close()


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _switch(page, name: str) -> None:
    page.locator("#ui-lang label").filter(has_text=name).click()
    page.locator(f"#ui-lang input[value='{name}']:checked").wait_for()


def _empty_corpus_search(page) -> None:
    page.locator("#corpus-text textarea").fill("\n\n")
    page.locator("#corpus-query textarea, #corpus-query input").first.fill("anything")
    page.locator("#corpus-search-btn").click()


def _pick_faq_preset(page, label: str = "FAQ questions (English, 6 categories)") -> None:
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name=label).click()


def test_the_switch_turns_explanations_figures_errors_and_status_lines_chinese_and_back(browser_in):
    """An English page switched to 中文 reads one language only: the explanation blocks change in place,
    and what callbacks answer (a lesson's key figure, an error raised in the core, a status line) comes
    back in Chinese; switched back, all of it is English again."""
    context, page = _open(browser_in, "en-US")
    try:
        page.get_by_role("tab", name="Geometry").click()
        explain = page.locator("#geo-explain")
        explain.get_by_text('Why raw cosine is "always high"').wait_for()
        assert not _has_chinese(explain.inner_text())  # no longer both languages side by side

        _switch(page, "中文")
        explain.get_by_text("为什么原始余弦“总是很高”").wait_for()  # in place, no reload
        assert "Why raw cosine" not in explain.inner_text()

        page.get_by_role("tab", name="学习 / Learn").click()
        page.locator("#lesson-cosine-run").click()
        figure = page.locator("#lesson-cosine-figure")
        figure.get_by_text("minilm 余弦：同义句").wait_for(timeout=300_000)

        page.get_by_role("tab", name="语料库").click()
        _empty_corpus_search(page)
        status = page.locator("#corpus-status")
        status.get_by_text("粘贴的文本没有句子：请每行写一句。").wait_for()  # raised by the core
        _pick_faq_preset(page, "常见问题（英文，6 类）")  # the preset's label follows the page
        status.get_by_text("已从 faq-en.jsonl 读取 38 个句子，标签分为 6 组。").wait_for()

        _switch(page, "English")
        page.get_by_role("tab", name="Geometry").click()
        explain.get_by_text('Why raw cosine is "always high"').wait_for()
        assert not _has_chinese(explain.inner_text())
        page.get_by_role("tab", name="Learn / 学习").click()
        page.locator("#lesson-cosine-run").click()
        figure.get_by_text("minilm cosine: paraphrase").wait_for(timeout=300_000)
        page.get_by_role("tab", name="Corpus").click()
        _empty_corpus_search(page)
        status.get_by_text("The pasted text has no sentences: give one sentence per line.").wait_for()
        _pick_faq_preset(page)
        status.get_by_text("Loaded 38 sentences from faq-en.jsonl, labels from 6 groups.").wait_for()
    finally:
        context.close()


def test_a_chinese_page_shows_the_chinese_note_and_train_recipes_in_chinese_only(browser_in):
    context, page = _open(browser_in, "zh-CN")
    try:
        page.locator("#ui-lang input[value='中文']:checked").wait_for()
        page.get_by_role("tab", name="评测").click()
        page.locator("#bench-explain").get_by_text("模型如何评分").wait_for()
        assert "How models are scored" not in page.locator("#bench-explain").inner_text()
        page.get_by_role("tab", name="训练").click()
        recipes = page.locator("#train-explain")
        recipes.get_by_text("训练方法").first.wait_for()
        assert "Every run: fixed seed" not in recipes.inner_text()
        page.locator("#train-recipe input").click()
        page.get_by_role("option", name="cosine", exact=True).click()
        page.locator("#train-defaults").get_by_text("默认：").wait_for()  # a status line built by a callback
    finally:
        context.close()


def test_a_chinese_page_reads_the_unk_warning_and_the_plot_in_chinese(browser_in):
    """MiniLM ticked for Chinese pairs on a 中文 page: the [UNK] warning the core writes shows in
    Chinese in the status line, the table's warning column and under the chart, whose axis title is
    Chinese too; the Geometry presets and "Fit on" choices are labelled in Chinese."""
    context, page = _open(browser_in, "zh-CN")
    try:
        page.locator("#ui-lang input[value='中文']:checked").wait_for()
        page.get_by_role("tab", name="句对打分").click()
        page.locator('#pairs [data-testid="cell-0-0"]').get_by_text("今天天气很好。").wait_for()
        page.locator("#encoders label").filter(has_text="· minilm —").locator("input").check()
        page.locator("#score-btn").click()
        status = page.locator("#score-status")
        status.get_by_text("minilm 读不懂这段文本").wait_for(timeout=300_000)
        assert "cannot read" not in status.inner_text()
        assert "minilm 读不懂这段文本" in page.locator("#score-table").inner_text()
        plot = page.locator("#score-plot")
        plot.get_by_text("相似度（双塔编码器为余弦）").wait_for()
        plot.get_by_text("✕ minilm 读不懂这段文本", exact=False).first.wait_for()
        assert "similarity (cosine" not in plot.inner_text()

        page.get_by_role("tab", name="几何").click()
        page.locator("#geo-preset label").filter(has_text="STS-B 测试句对").wait_for()
        page.locator("#geo-fit label").filter(has_text="所分析的句子（目标）").wait_for()
    finally:
        context.close()
