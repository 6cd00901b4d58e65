"""Every UI string in English and 中文, from one file (``stsdemo/ui/i18n.yaml``), without Gradio.

The page (:mod:`stsdemo.ui.i18n`) and the figures (:mod:`stsdemo.plots`, given the page's language)
read their texts here; this module imports neither, so a plot can name its axes in Chinese without
pulling in the UI. Texts are found by key (:func:`text`), or, for what the core writes, by their
English text: an error's template (:class:`stsdemo.errors.UserError`), a
:class:`~stsdemo.errors.Message` (a warning, verdict or caveat) or a choice's English label
(:func:`message_text`, :func:`choices_in`).

>>> text("score.button", "zh")
'打分'
>>> from stsdemo.errors import DataError
>>> message_text(DataError("{name} has no sentences: give one sentence per line.", name="The pasted text"), "zh")
'粘贴的文本没有句子：请每行写一句。'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yaml

from stsdemo.errors import Message, UserError

STRINGS_FILE = Path(__file__).parent / "ui" / "i18n.yaml"
#: Language code -> its name on the switch.
LANGUAGES = {"en": "English", "zh": "中文"}


def _lesson_strings() -> dict[str, dict[str, str]]:
    from stsdemo.lessons import LESSONS

    strings = {}
    for lesson in LESSONS:
        strings[f"lesson.{lesson.key}.body"] = {
            lang: f"#### {lesson.title[lang]}\n\n{lesson.text[lang]}" for lang in LANGUAGES
        }
        strings[f"lesson.{lesson.key}.button"] = dict(lesson.button)
        strings[f"lesson.{lesson.key}.question"] = {
            "en": f"Question: {lesson.question['en']}",
            "zh": f"问题：{lesson.question['zh']}",
        }
        strings[f"lesson.{lesson.key}.answer"] = dict(lesson.answer)
        strings[f"lesson.{lesson.key}.figure"] = dict(lesson.key_figure)
    return strings


@cache
def translations() -> dict[str, dict[str, str]]:
    """``{language: {key: text}}`` for :class:`gr.I18n`; figures (``{{KEY|METRIC|DIGITS}}``) are filled in
    from the results file (:func:`stsdemo.results.render`); a missing ``zh`` falls back to English."""
    from stsdemo.results import render

    strings = yaml.safe_load(STRINGS_FILE.read_text(encoding="utf-8"))
    strings.update(_lesson_strings())
    return {lang: {key: render(entry.get(lang, entry["en"])) for key, entry in strings.items()} for lang in LANGUAGES}


def text(key: str, lang: str, **values) -> str:
    """The text ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    strings = translations()
    template = strings.get(lang, strings["en"]).get(key, strings["en"][key])
    return template.format(**values) if values else template


#: Entries found by their English text: errors, texts the core writes (warnings, verdicts, caveats),
#: fixed values put into them and the labels of choices (presets).
_BY_ENGLISH = ("error.", "core.", "name.", "choice.")


@cache
def _keys_by_english() -> dict[str, str]:
    """English template -> its ``error.*`` / ``core.*`` key; ``name.*`` English texts -> their key."""
    return {english: key for key, english in translations()["en"].items() if key.startswith(_BY_ENGLISH)}


def message_text(message: UserError | Message | str, lang: str) -> str:
    """``message`` (an error or a :class:`~stsdemo.errors.Message` from the core) in ``lang``: its
    template's ``error.*``/``core.*`` entry with its values filled in (a value that is itself a
    ``name.*`` text or a message is translated too), else ``str(message)``; a plain ``str`` as it is."""
    keys = _keys_by_english()
    key = keys.get(getattr(message, "template", None))
    if lang not in LANGUAGES or lang == "en" or key is None or not key.startswith(("error.", "core.")):
        return str(message)

    def value(v):
        if isinstance(v, Message):
            return message_text(v, lang)
        if isinstance(v, str) and keys.get(v, "").startswith("name."):
            return text(keys[v], lang)
        return v

    return text(key, lang, **{name: value(v) for name, v in message.values.items()})


def choices_in(choices: Sequence[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """Radio/dropdown choices ``(English label, value)`` with their labels in ``lang`` (a ``choice.*``
    or ``name.*`` entry with that English text); the values, which callbacks and the API receive,
    never change with the language.

    >>> choices_in([("STS-B test pairs", "STS-B test pairs"), ("no entry", "x")], "zh")
    [('STS-B 测试句对', 'STS-B test pairs'), ('no entry', 'x')]
    """
    keys = _keys_by_english()
    return [
        (text(keys[label], lang) if keys.get(label, "").startswith(("choice.", "name.")) else label, value)
        for label, value in choices
    ]
