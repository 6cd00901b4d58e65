"""Real browser: the Corpus tab's Indexes panel lists an index built here and searches it."""

from __future__ import annotations

import pytest

from stsdemo.corpus.index_build import build_index

pytestmark = pytest.mark.browser

LINES = [
    "How do I reset my password?",
    "The weather is sunny and warm today.",
    "A man is playing the guitar.",
    "Share prices dropped a lot today.",
]


def test_list_and_search_an_index(page, tmp_path, monkeypatch, screenshot):
    corpus = tmp_path / "faq.txt"
    corpus.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    build_index([corpus], "minilm", tmp_path / "indexes" / "faq-demo", progress=lambda *a: None)
    monkeypatch.setenv("STSDEMO_INDEXES", str(tmp_path / "indexes"))  # the app runs in this process

    page.get_by_role("tab", name="Corpus").click()
    page.get_by_role("tab", name="Indexes").click()
    page.locator("#index-refresh").click()
    page.wait_for_selector("#index-status :text('1 index(es) built.')")
    assert "faq-demo" in page.locator("#index-list").text_content()
    page.locator("#index-query textarea, #index-query input").first.fill("I forgot my password")
    page.locator("#index-search-btn").click()
    page.wait_for_selector("#index-status :text('result(s)')")
    text = page.locator("#index-hits").text_content()
    assert "How do I reset my password?" in text and "faq.txt" in text
    assert text.index("How do I reset my password?") < text.index("guitar")
    assert "Traceback" not in page.content()
    screenshot("corpus-index-panel")
