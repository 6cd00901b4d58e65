"""Errors whose message is meant for the user, not a traceback.

The UI and CLI catch :class:`UserError` and show ``str(err)``; anything else is a bug.
"""


class UserError(Exception):
    """Bad input, a missing model or dataset: the message says what to do."""


class ModelNotAvailable(UserError):
    """A model that cannot be loaded here (offline hub id, path outside the model roots, ...)."""


class DataError(UserError):
    """A data file or typed input that cannot be used (encoding, columns, NaN, size, ...)."""
