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
"""


class UserError(Exception):
    """Bad input, a missing model or dataset: the message says what to do."""

    def __init__(self, template: str, /, **values):
        self.template, self.values = template, values
        super().__init__(template.format(**values) if values else template)


class ModelNotAvailable(UserError):
    """A model that cannot be loaded here (offline hub id, path outside the model roots, ...)."""


class DataError(UserError):
    """A data file or typed input that cannot be used (encoding, columns, NaN, size, ...)."""
