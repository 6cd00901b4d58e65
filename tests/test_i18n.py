"""The English / 中文 strings: complete in both languages, every key the UI asks for exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import stsdemo
from stsdemo.errors import DataError
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
    used = {m for path in UI.glob("*.py") for m in re.findall(r'\bt\("([\w.]+)"[,)]', path.read_text(encoding="utf-8"))}
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


def _string_constants() -> set[str]:
    """Every string literal of the package (adjacent literals joined, as Python joins them)."""
    root = Path(stsdemo.__file__).parent
    return {
        node.value
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_translated_error_is_raised_as_written():
    """An ``error.*`` entry is found by its English template: edited at the raise site, the entry would
    silently stop matching and the page would fall back to English."""
    raised = _string_constants()
    english = i18n.translations()["en"]
    stale = [key for key, text in english.items() if key.startswith(("error.", "name.")) and text not in raised]
    assert stale == []


def test_a_core_error_is_shown_in_the_page_language_and_stays_english_on_the_cli():
    from stsdemo.corpus.reader import parse_lines

    with pytest.raises(DataError) as raised:
        parse_lines("\n\n")
    err = raised.value
    assert str(err) == "The pasted text has no sentences: give one sentence per line."  # what the CLI prints
    assert i18n.error_text(err, "en") == str(err)
    assert i18n.error_text(err, "zh") == "粘贴的文本没有句子：请每行写一句。"  # the value "The pasted text" too


def test_an_untranslated_error_stays_as_raised():
    assert i18n.error_text(DataError("An error with no {entry}.", entry="x"), "zh") == "An error with no x."


def test_error_message_follows_the_request_gradio_is_serving(monkeypatch):
    """A callback need not pass its request on: the status line reads the language of the request
    being served (the switch's cookie), as Gradio's own ``gr.Progress`` finds it."""
    from gradio.context import LocalContext

    from stsdemo.ui.common import error_message

    err = DataError("{name} is empty.", name="notes.txt")
    assert error_message(err) == "⚠️ notes.txt is empty."  # called from Python: English
    request = SimpleNamespace(headers={"accept-language": "en-US", "cookie": f"{i18n.COOKIE}=zh"})
    token = LocalContext.request.set(request)
    try:
        assert error_message(err) == "⚠️ notes.txt 是空的。"
    finally:
        LocalContext.request.reset(token)


def test_build_time_values_get_a_key_of_their_own():
    data = i18n.t("corpus.text", max_lines=20000)
    assert i18n.translations()["zh"][data.key] == "语料：每行一句（最多 20,000 句）"
    assert i18n.translations()["en"][data.key] == "Corpus: one sentence per line (up to 20,000)"


def test_lesson_key_figures_read_in_both_languages():
    values = {"paraphrase": 0.912, "unrelated": 0.031}
    assert i18n.text("lesson.cosine.figure", "en", **values) == "minilm cosine: paraphrase 0.91 · unrelated 0.03"
    assert i18n.text("lesson.cosine.figure", "zh", **values) == "minilm 余弦：同义句 0.91 · 无关句 0.03"
