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


def test_every_encoder_picker_of_the_app_is_the_grouped_one():
    import gradio as gr

    from stsdemo.ui import build_app

    pickers = {"encoders", "bench-encoders", "corpus-model", "corpus-model-b", "geo-encoder", "why-model",
               "train-base", "calibration-model", "corpus-rerank", "index-rerank"}  # fmt: skip
    found = {}
    for block in build_app().blocks.values():
        if isinstance(block, gr.Dropdown | gr.CheckboxGroup) and block.elem_id in pickers:
            found[block.elem_id] = [c for c in block.choices if c[1] != "none"]  # a reranker's "no reranking"
    assert found.keys() == pickers
    assert any(label.startswith("teaching models · mlm-mini-zh") for label, _ in found["train-base"])
    assert "mlm-mini-zh:cls+whitening" in [value for _, value in found["calibration-model"]]
    for elem_id, choices in found.items():
        groups = [GROUPS.index(label.split(" · ")[0]) for label, _ in choices]
        assert groups == sorted(groups), elem_id
        assert all(" — " in label for label, _ in choices), elem_id
    assert (
        "raw views of MiniLM · minilm:cls+whitening — the [CLS] token of the last layer, no trained pooling; "
        "+ whitening",
        "minilm:cls+whitening",
    ) in found["corpus-model"]
