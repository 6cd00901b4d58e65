"""The English / 中文 strings: complete in both languages, every key the UI asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stsdemo.ui import i18n

UI = Path(i18n.__file__).parent


def test_every_string_has_english_and_chinese():
    strings = i18n.translations()
    assert strings["en"].keys() == strings["zh"].keys()
    for key, english in strings["en"].items():
        chinese = strings["zh"][key]
        assert english.strip() and chinese.strip(), key
        if key != "app.language":  # the only text written in both languages on purpose
            assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key} has no Chinese: {chinese!r}"
        assert sorted(re.findall(r"\{\w+", english)) == sorted(re.findall(r"\{\w+", chinese)), f"{key}: fields differ"


def test_every_key_the_ui_uses_exists():
    used = {m for path in UI.glob("*.py") for m in re.findall(r'\bt\("([\w.]+)"\)', path.read_text(encoding="utf-8"))}
    used |= {m for path in UI.glob("*.py") for m in re.findall(r'\bsay\("([\w.]+)"', path.read_text(encoding="utf-8"))}
    assert used, "no UI string found: the pattern above is out of date"
    assert sorted(used - i18n.translations()["en"].keys()) == []


def test_unknown_key_fails_at_build_time():
    with pytest.raises(KeyError, match="no UI string"):
        i18n.t("score.no-such-key")


def test_messages_are_filled_in_the_request_language():
    assert i18n.text("score.done", "en", pairs=3, models=2) == "Scored 3 pair(s) with 2 model(s)."
    assert i18n.text("score.done", "zh", pairs=3, models=2) == "已用 2 个模型为 3 对句子打分。"


@pytest.mark.parametrize(
    ("accept", "cookie", "lang"),
    [
        ("zh-CN,zh;q=0.9", None, "zh"),
        ("zh-TW", None, "zh"),
        ("en-US,zh-CN;q=0.8", None, "en"),
        ("fr-FR", None, "en"),
        (None, None, "en"),
        ("zh-CN", "en", "en"),  # the switch wins over the browser
        ("en-US", "zh", "zh"),
        ("en-US", "xx", "en"),  # a forged cookie is ignored
    ],
)
def test_language_of_a_request(accept, cookie, lang):
    assert i18n.language_of(accept, cookie) == lang
