"""Errors whose message is meant for the user, not a traceback.

The UI and CLI catch :class:`UserError`; anything else is a bug. The CLI prints ``str(err)`` (English);
the page shows the message in its own language (English or 中文).

Why a template and values, not a finished string: the core raises these errors and must not import
the UI (where the languages live), yet the page has to show them in Chinese. So an error keeps its
English *template* and the *values* apart, gettext-style: the English template is the message's id.
The UI looks the template up in ``stsdemo/ui/i18n.yaml`` (an ``error.*`` entry whose ``en`` is the
same template) and fills the same values into the ``zh`` text; a template without an entry stays
English. A message written as an f-string cannot be translated (its id changes with its values).

>>> err = DataError("{name} has no sentences.", name="The pasted text")
>>> str(err), err.template, err.values
('The pasted text has no sentences.', '{name} has no sentences.', {'name': 'The pasted text'})
>>> str(UserError("Braces {stay} as written without values."))
'Braces {stay} as written without values.'

Text the core writes for the page that is not an error (a warning, a verdict, a caveat) is a
:class:`Message`: the same template and values, in a ``str`` that reads as its English text, so the
CLI, JSON and tests use it as a string and the page translates it by the same lookup.

>>> note = Message("{model} cannot read this text.", model="minilm")
>>> note, note.template, note.values
('minilm cannot read this text.', '{model} cannot read this text.', {'model': 'minilm'})
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, a missing model or dataset: the message says what to do."""

    def __init__(self, template: str, /, **values):
        self.template, self.values = template, values
        super().__init__(template.format(**values) if values else template)


class ModelNotAvailable(UserError):
    """A model that cannot be loaded here (offline hub id, path outside the model roots, ...)."""


class DataError(UserError):
    """A data file or typed input that cannot be used (encoding, columns, NaN, size, ...)."""


class Message(str):
    """A text for the user that keeps its English template and values (see the module's docstring)."""

    template: str
    values: dict

    def __new__(cls, template: str, /, **values) -> Message:
        message = super().__new__(cls, template.format(**values) if values else template)
        message.template, message.values = template, values
        return message
