"""The offline cross-encoder (issue 12, item 7): built by ``scripts/warm_cache.py --cross-encoder``,
offered where cross-encoders are picked when present, and a one-line how-to-build when absent."""

from __future__ import annotations

import importlib.util

import pytest

from stsdemo.encoders import discovery
from stsdemo.encoders.base import PairScorer
from stsdemo.encoders.discovery import BUILD_CROSS_ENCODER, cross_encoder_choices, cross_encoder_note
from stsdemo.paths import REPO_ROOT


@pytest.fixture()
def only_models_dir(models_dir, monkeypatch):
    """The allowed model roots are just the empty ``models_dir`` (the repo's models/ may hold a built one)."""
    monkeypatch.setattr(discovery, "model_roots", lambda: [models_dir.resolve()])
    return models_dir


def _warm_cache():
    spec = importlib.util.spec_from_file_location("warm_cache", REPO_ROOT / "scripts" / "warm_cache.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_cross_encoder_says_how_to_build_one(only_models_dir):
    assert cross_encoder_choices() == []
    note = cross_encoder_note()
    assert BUILD_CROSS_ENCODER in note and "\n" not in note


def test_a_cross_encoder_folder_is_offered_and_the_note_goes(only_models_dir):
    from sentence_transformers import CrossEncoder

    folder = only_models_dir / "tiny-cross"
    CrossEncoder(str(REPO_ROOT / "assets/models/mlm-mini-en"), num_labels=1).save(str(folder))
    assert cross_encoder_choices() == [str(folder)]
    assert cross_encoder_note() == ""


def test_warm_cache_builds_a_cross_encoder_with_the_stsb_recipe(only_models_dir, shared_data, capsys):
    """The script's recipe, shrunk to a few steps: the folder it writes is a cross-encoder the pickers list."""
    from stsdemo.encoders import registry

    warm_cache = _warm_cache()
    assert warm_cache.CROSS_RECIPE == dict(recipe="cross-bce", data="stsb:train", base="minilm", epochs=4)
    out = only_models_dir / "cross-minilm-stsb"
    assert warm_cache.build_cross_encoder(str(out), limit=32, eval_limit=16, max_steps=2, batch_size=8)
    printed = capsys.readouterr().out
    assert "cross-encoder: training: step 2/2 (100%)" in printed and "STS-B test Spearman" in printed
    assert cross_encoder_choices() == [str(out)] and cross_encoder_note() == ""
    assert isinstance(registry.load(str(out)), PairScorer)
    assert warm_cache.build_cross_encoder(str(out))  # already built: skipped, not retrained
    assert "already built" in capsys.readouterr().out


def test_score_and_corpus_tabs_show_the_note_only_while_no_cross_encoder_is_here(only_models_dir):
    """Both places that pick cross-encoders carry the note, re-read on every page load by a private event."""
    from sentence_transformers import CrossEncoder

    from stsdemo.ui import build_app
    from stsdemo.ui.common import MODEL_PICKERS

    demo = build_app()
    notes = {b.elem_id: b for b in demo.blocks.values() if b.elem_id in ("score-cross-note", "corpus-rerank-note")}
    assert sorted(notes) == ["corpus-rerank-note", "score-cross-note"]
    refreshes = {out: fn for fn in demo.fns.values() for out in fn.outputs if getattr(out, "elem_id", None) in notes}
    assert {note.elem_id for note in refreshes} == set(notes)
    assert all(fn.api_visibility == "private" for fn in refreshes.values())  # no new public endpoint
    for note, fn in refreshes.items():
        assert BUILD_CROSS_ENCODER in note.value
        assert fn.fn() == cross_encoder_note()
    CrossEncoder(str(REPO_ROOT / "assets/models/mlm-mini-en"), num_labels=1).save(str(only_models_dir / "ce"))
    assert all(fn.fn() == "" for fn in refreshes.values())
    rerank = [choices for component, choices in MODEL_PICKERS if component.elem_id == "corpus-rerank"][-1]
    score = [choices for component, choices in MODEL_PICKERS if component.elem_id == "encoders"][-1]
    assert [c if isinstance(c, str) else c[1] for c in rerank()] == ["none", str(only_models_dir / "ce")]
    assert " — " in rerank()[1][0]  # grouped and described like every picker
    assert str(only_models_dir / "ce") in [value for _, value in score()]
    demo.close()
