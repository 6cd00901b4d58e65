"""Real browser on the Corpus tab's inputs: a preset then an upload, and a preset dropdown closed empty.

Both were bugs (issue 16): the upload reused the preset's column choices ("no column 'question'"
with the old corpus left in the box, or its labels silently dropped), and closing the preset
dropdown without a choice raised ``KeyError`` in the server log.
"""

import pytest

pytestmark = pytest.mark.browser

FAQ = "FAQ questions (English, 6 categories)"
ECOM = "E-commerce queries (中文电商搜索)"


def _pick_preset(page, name: str) -> None:
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name=name).click()


def test_upload_after_a_preset_uses_the_new_files_columns(page, tmp_path):
    page.get_by_role("tab", name="Corpus").click()
    _pick_preset(page, FAQ)  # columns question / category
    page.wait_for_selector("#corpus-status :text('Loaded 38 sentences from faq-en.jsonl')")
    path = tmp_path / "tickets.csv"
    path.write_text("body,topic\nMy parcel is late,shipping\nRefund please,returns\nWhere is my order,shipping\n")
    page.locator("#corpus-file input[type=file]").set_input_files(str(path))
    page.wait_for_selector("#corpus-status :text('Loaded 3 sentences from tickets.csv, labels from 2 groups')")
    assert page.locator("#corpus-text textarea").input_value() == "My parcel is late\nRefund please\nWhere is my order"
    assert page.locator("#corpus-text-col input").input_value() == "body"
    assert page.locator("#corpus-label-col input").input_value() == "topic"


def test_upload_after_an_unlabelled_preset_keeps_the_files_labels(page, tmp_path):
    page.get_by_role("tab", name="Corpus").click()
    _pick_preset(page, ECOM)  # a TXT preset: no label column
    page.wait_for_selector("#corpus-status :text('from ecom-queries-zh.txt')")
    path = tmp_path / "faq.csv"
    path.write_text("text,label\nHow do I pay?,payment\nCan I pay by card?,payment\nWhere is my parcel?,shipping\n")
    page.locator("#corpus-file input[type=file]").set_input_files(str(path))
    page.wait_for_selector("#corpus-status :text('Loaded 3 sentences from faq.csv, labels from 2 groups')")


def test_changing_the_column_of_a_preset_rereads_it(page):
    page.get_by_role("tab", name="Corpus").click()
    _pick_preset(page, FAQ)
    page.wait_for_selector("#corpus-status :text('Loaded 38 sentences from faq-en.jsonl')")
    page.locator("#corpus-text-col input").click()
    page.get_by_role("option", name="answer", exact=True).click()
    page.wait_for_selector("#corpus-status :text('Loaded 38 sentences from faq-en.jsonl')")
    page.wait_for_function(
        "() => document.querySelector('#corpus-text textarea').value.startsWith('Click ')", timeout=30_000
    )


def test_closing_the_preset_dropdown_empty_is_quiet(page, capfd):
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#corpus-preset input").click()
    page.get_by_role("option", name=FAQ).wait_for()
    page.locator("#corpus-preset input").press("Escape")
    page.locator("#corpus-text textarea").click()  # blur: the dropdown closes with no value
    page.wait_for_timeout(1500)
    assert page.locator(".toast-body").count() == 0, "an error toast appeared"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyError" not in err, err[-2000:]
