"""English / 中文 interface: every UI string in both languages, from one file (``i18n.yaml``).

Static text (tab names, labels, buttons, Markdown) is translated in the browser by Gradio's
:class:`gr.I18n`: a component gets ``t("score.button")`` instead of a string, and Gradio picks the
language from the browser's (``navigator.language``; ``zh-CN``/``zh-TW`` find the ``zh`` strings).
Gradio's own switch hides in the footer's Settings panel, so the page also has a visible
English / 中文 switch (:func:`language_switch`); it calls Gradio's ``changeLocale`` and remembers the
choice in a cookie. Static texts with build-time numbers in them (a size limit) get one key per
filling (``t("corpus.explain", max_lines=10000)``), still translated in the browser.

Messages built by callbacks (with numbers in them) are translated on the server by :func:`say`, in
the language of the request (the cookie, else ``Accept-Language``); a callback without a
``gr.Request`` parameter is answered in the language of the request Gradio is serving
(:func:`language`). Errors raised by the core carry an English template and its values
(:class:`stsdemo.errors.UserError`), and so do the warnings, verdicts and caveats it writes for the page
(:class:`stsdemo.errors.Message`); :func:`~stsdemo.strings.message_text` finds the template's
``error.*`` or ``core.*`` entry and fills the values into the page's language. The strings themselves
are read by :mod:`stsdemo.strings` (no Gradio: plots take the page's language and read their titles
there).

``i18n.yaml`` holds one entry per key with an ``en`` and a ``zh`` text; the lesson texts live
with the lessons (:data:`stsdemo.lessons.LESSONS`) and are added under ``lesson.KEY.*``.

>>> language_of("zh-CN,zh;q=0.9,en;q=0.8", None), language_of("en-US,zh-CN;q=0.8", "zh")
('zh', 'zh')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from http.cookies import SimpleCookie

import gradio as gr
from gradio.i18n import I18nData

from stsdemo.strings import (  # noqa: F401 - the UI's callbacks and tests read them from here
    LANGUAGES,
    STRINGS_FILE,
    choices_in,
    message_text,
    text,
    translations,
)

COOKIE = "stsdemo_lang"


@cache
def translator() -> gr.I18n:
    """The app's :class:`gr.I18n`, given to ``launch``."""
    return gr.I18n(**translations())


def t(key: str, **values):
    """The translatable text ``key`` for a component (translated in the browser).

    With ``values`` (numbers fixed when the app is built, such as a size limit), the filled-in texts
    are added under a key of their own: the browser has no way to fill in fields.
    """
    strings = translations()
    if key not in strings["en"]:
        raise KeyError(f"no UI string {key!r} in {STRINGS_FILE.name}")
    if values:
        filled = key + "?" + "&".join(f"{name}={value}" for name, value in sorted(values.items()))
        for lang in LANGUAGES:
            strings[lang][filled] = text(key, lang, **values)
        key = filled
    return translator()(key)


def language_of(accept_language: str | None, cookie: str | None) -> str:
    """The UI language: the switch's cookie if set, else the browser's first language (``zh*`` -> zh)."""
    if cookie in LANGUAGES:
        return cookie
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"


def language(request: gr.Request | None = None) -> str:
    """The language of ``request``, else of the request Gradio is serving now (a callback without a
    ``gr.Request`` parameter, an error turned into a message); English when called from Python."""
    if request is None:
        from gradio.context import LocalContext

        request = LocalContext.request.get(None)
    headers = getattr(request, "headers", None) or {}
    cookies = SimpleCookie(headers.get("cookie", ""))
    return language_of(headers.get("accept-language"), cookies[COOKIE].value if COOKIE in cookies else None)


def say(key: str, request: gr.Request | None = None, **values) -> str:
    """A callback's message ``key`` in the request's language."""
    return text(key, language(request), **values)


#: Gradio's ``changeLocale`` lives in its ``core-*.js`` module, loaded with the page: importing the
#: same URL again gives the same module instance, so the switch changes the page's language in place.
_CHANGE_LOCALE = """
async function stsdemoLocale(lang) {
  const url = performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => /\\/assets\\/core-[^/]*\\.js$/.test(name));
  if (url) { const core = await import(url); if (core.changeLocale) await core.changeLocale(lang); }
}
"""

#: The switch: remember the choice for a year, change the page's language now.
_SWITCH_JS = (
    "async (name, ...rest) => {" + _CHANGE_LOCALE + f"const lang = name === '{LANGUAGES['zh']}' ? 'zh' : 'en';"
    f"document.cookie = '{COOKIE}=' + lang + '; path=/; max-age=31536000; SameSite=Lax';"
    "await stsdemoLocale(lang === 'zh' ? 'zh-CN' : 'en'); return [name, ...rest]; }"
)

#: On page load: a language chosen on an earlier visit wins over the browser's; the page's language
#: goes to the server as the switch's value.
_RESTORE_JS = (
    "async (name, ...rest) => {" + _CHANGE_LOCALE + f"const m = document.cookie.match(/(?:^|; ){COOKIE}=(en|zh)/);"
    "if (m) await stsdemoLocale(m[1] === 'zh' ? 'zh-CN' : 'en');"
    "const zh = m ? m[1] === 'zh' : (navigator.language || '').toLowerCase().startsWith('zh');"
    f"return [zh ? '{LANGUAGES['zh']}' : '{LANGUAGES['en']}', ...rest]; }}"
)

#: ``(fn(lang, *inputs) -> outputs, inputs, outputs)`` of each tab's part that follows the language.
_FOLLOWERS: list[tuple[Callable, Sequence, Sequence]] = []


def follow_language(fn: Callable, inputs: Sequence, outputs: Sequence) -> None:
    """Call ``fn(lang, *inputs)`` on page load and on every switch (e.g. Chinese examples first)."""
    _FOLLOWERS.append((fn, list(inputs), list(outputs)))


def language_switch() -> gr.Radio:
    """The visible English / 中文 switch; wired by :func:`wire_language` once every tab exists."""
    return gr.Radio(
        list(LANGUAGES.values()), value=LANGUAGES["en"], label=t("app.language"), elem_id="ui-lang", scale=0
    )


def wire_language(demo: gr.Blocks, switch: gr.Radio) -> None:
    """Page load and the switch: set the switch and every follower to the page's language."""
    followers = list(_FOLLOWERS)
    _FOLLOWERS.clear()  # they belong to this app: a second build_app() registers its own
    inputs = [c for _, ins, _ in followers for c in ins]
    # Gradio translates a tab's name when the tab is first shown, not again on a later change of
    # language: so the names are sent as plain text in the page's language.
    tabs = [b for b in demo.blocks.values() if isinstance(b, gr.Tab) and isinstance(b.label, I18nData)]
    outputs = [switch, *tabs, *(c for _, _, outs in followers for c in outs)]

    def follow(name: str, *values) -> list:
        lang = "zh" if name == LANGUAGES["zh"] else "en"
        updates, at = (
            [gr.update(value=LANGUAGES[lang]), *(gr.update(label=text(tab.label.key, lang)) for tab in tabs)],
            0,
        )
        for fn, ins, outs in followers:
            result = fn(lang, *values[at : at + len(ins)])
            at += len(ins)
            updates.extend(result if len(outs) > 1 else [result])
        return updates

    quick = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}
    demo.load(follow, [switch, *inputs], outputs, js=_RESTORE_JS, **quick)
    switch.input(follow, [switch, *inputs], outputs, js=_SWITCH_JS, **quick)
