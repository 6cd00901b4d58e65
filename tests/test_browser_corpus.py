"""Real browser on the Corpus tab: paste a corpus, search, read the results, draw the heatmap, download."""

import csv
import io

import pytest

pytestmark = pytest.mark.browser

CORPUS = """How do I reset my password?
The weather is sunny and warm today.
I forgot my password, how can I change it?
It is a bright, hot and sunny day.
A man is playing the guitar.
Someone is playing an acoustic guitar."""


def test_paste_search_heatmap_download(page, screenshot, tmp_path):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-text textarea").fill(CORPUS)
    page.locator("#corpus-query textarea, #corpus-query input").first.fill("I lost my password")
    page.locator("#corpus-search-btn").click()
    page.wait_for_selector("#corpus-status :text('result(s)')")
    text = page.locator("#corpus-hits").text_content()
    assert "I forgot my password, how can I change it?" in text
    assert text.index("I forgot my password") < text.index("guitar")  # the paraphrase ranks above

    with page.expect_download() as download:
        page.locator("#corpus-hits-file a").first.click()
    saved = tmp_path / "results.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0]["rank"] == "1" and rows[0]["text"] == "I forgot my password, how can I change it?"
    assert len(rows) == 6

    page.get_by_role("tab", name="Heatmap").click()
    page.locator("#corpus-heatmap-btn").click()
    page.wait_for_selector("#corpus-status :text('Heatmap of all 6 sentences')")
    page.wait_for_selector("#corpus-heatmap .js-plotly-plot")
    assert page.locator("#corpus-heatmap .heatmaplayer, #corpus-heatmap .hm").count() > 0
    screenshot("corpus-tab")


def test_empty_corpus_gives_a_message(page):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-text textarea").fill("\n\n")
    page.locator("#corpus-query textarea, #corpus-query input").first.fill("anything")
    page.locator("#corpus-search-btn").click()
    page.locator("#corpus-status").get_by_text("has no sentences").wait_for()
    assert "Traceback" not in page.content()
    # the results table keeps its named columns after the error (not Gradio's placeholder "1 2 3")
    headers = page.locator("#corpus-hits th").all_inner_texts()
    assert "rank" in " ".join(headers).lower() and "1" not in [h.strip() for h in headers], headers


def test_preset_with_labels_projects_and_clusters(page, screenshot):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name="FAQ questions (English, 6 categories)").click()
    page.wait_for_selector("#corpus-status :text('Loaded 38 sentences from faq-en.jsonl, labels from 6 groups')")
    assert "How do I reset my password?" in page.locator("#corpus-text textarea").input_value()

    page.get_by_role("tab", name="Projection").click()
    page.locator("#corpus-method").get_by_text("PCA").click()
    page.locator("#corpus-project-btn").click()
    page.wait_for_selector("#corpus-status :text('PCA projection of 38 sentences')")
    page.wait_for_selector("#corpus-projection .js-plotly-plot")
    legend = page.locator("#corpus-projection .legendtext").all_text_contents()
    assert sorted(legend) == ["account", "orders", "payment", "products", "returns", "shipping"]
    screenshot("corpus-projection")

    page.get_by_role("tab", name="Clusters & duplicates").click()
    page.locator("#corpus-dup-btn").click()
    page.wait_for_selector("#corpus-status :text('pair(s) with cosine')")
    assert "password" in page.locator("#corpus-dups").text_content()


def test_upload_a_gbk_table(page, tmp_path):
    path = tmp_path / "queries.csv"
    path.write_bytes("query,category\n红色运动鞋,shoes\n男士真皮皮鞋,shoes\n苹果手机壳,phone\n".encode("gbk"))
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-file input[type=file]").set_input_files(str(path))
    page.wait_for_selector("#corpus-status :text('Loaded 3 sentences from queries.csv, labels from 2 groups')")
    assert page.locator("#corpus-text textarea").input_value() == "红色运动鞋\n男士真皮皮鞋\n苹果手机壳"
