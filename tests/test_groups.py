"""The grouped encoder picker: every offline spec gets a group and a description; values stay specs."""

from stsdemo.encoders.groups import GROUPS, describe, labelled_choices
from stsdemo.ui.common import all_model_choices, labelled_model_choices


def test_groups_and_descriptions():
    assert describe("minilm")[0] == "trained models"
    assert describe("minilm:static") == ("raw views of MiniLM", "embedding layer only: no context (GloVe-like)")
    assert (
        describe("mlm-mini-zh:cls")[0] == "teaching models"
        and "not a sentence encoder" in describe("mlm-mini-zh:cls")[1]
    )
    assert describe("tfidf-zh")[0] == "lexical"
    assert describe("BAAI/bge-small-zh-v1.5")[0] == "hub"


def test_picker_keeps_every_spec_as_value_in_group_order():
    labelled = labelled_model_choices()
    assert sorted(value for _, value in labelled) == sorted(all_model_choices())
    order = [GROUPS.index(label.split(" · ")[0]) for label, _ in labelled]
    assert order == sorted(order)
    assert labelled_choices(["tfidf", "minilm:cls", "minilm"])[0] == (
        "trained models · minilm — all-MiniLM-L6-v2, trained for sentence similarity (English)",
        "minilm",
    )
