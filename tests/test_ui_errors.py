"""A bug in a UI callback is logged with its traceback (through logging) and shown as one line."""

import logging


def test_unexpected_error_is_logged_with_its_traceback_and_summarised(caplog):
    from stsdemo.ui.common import error_message

    try:
        {}["missing"]
    except KeyError as err:
        with caplog.at_level(logging.ERROR, logger="stsdemo.ui"):
            shown = error_message(err)
    assert shown.startswith("⚠️ Something went wrong (KeyError") and "Traceback" not in shown
    (record,) = caplog.records
    assert record.exc_info[0] is KeyError
