"""Real browser: the Score and Geometry tabs' encoders follow the text's language (issue 16)."""

import pytest

from stsdemo.encoders.vocabulary import better_encoder

pytestmark = pytest.mark.browser


def test_chinese_pairs_tick_a_chinese_encoder(page):
    page.get_by_role("tab", name="Score pairs").click()
    chinese = page.locator("#encoders label").filter(has_text=f"· {better_encoder('中')} —").locator("input")
    assert not chinese.is_checked()
    page.locator("#examples").get_by_text("中文").click()
    page.wait_for_function(
        "(name) => [...document.querySelectorAll('#encoders label')].some(l => l.innerText.includes('· ' + name + ' —')"
        " && l.querySelector('input').checked)",
        arg=better_encoder("中"),
    )
    assert page.locator("#encoders label").filter(has_text="· minilm —").locator("input").is_checked()  # kept


def test_chinese_sentences_switch_the_geometry_encoder(page):
    page.get_by_role("tab", name="Geometry").click()
    page.locator("#geo-text textarea").fill("今天天气很好。\n花呗如何还款\n一个男人在弹吉他。")
    page.wait_for_function(
        "(name) => document.querySelector('#geo-encoder input').value.includes(name)", arg=better_encoder("中")
    )
