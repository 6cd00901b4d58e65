"""analyse() raw vs whitened vs flow, the inputs of the Geometry tab, and the CLI contracts
(``geometry --json``, ``eval --post/--fit-on/--save-post``)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stsdemo.cli import main
from stsdemo.errors import DataError, UserError
from stsdemo.geometry import METRICS, analyse, positive_pairs, preset, sentences_from_text
from stsdemo.postprocess import fit_sentences


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_presets_ship_with_the_app():
    trec = preset("TREC questions")
    assert len(trec.sentences) == 500 and set(trec.labels) == {"ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"}
    assert trec.sentences[0] == "How far is it from Denver to Aspen ?"
    ecom = preset("E-commerce queries 电商")
    assert len(ecom.sentences) == 600 and ecom.sentences[0] == "大落地窗"
    stsb = preset("STS-B test pairs", limit=200)
    assert len(stsb.dataset) == 100 and stsb.sentences == stsb.dataset.sentences()
    with pytest.raises(UserError, match="Unknown preset"):
        preset("nope")


def test_own_sentences_are_cleaned_and_limited():
    assert sentences_from_text(" a \n\nb\na\n").sentences == ["a", "b"]
    with pytest.raises(DataError, match="at most 3"):
        sentences_from_text("a\nb\nc\nd", limit=3)
    with pytest.raises(DataError, match="characters"):
        sentences_from_text("x" * 5000)


def test_fit_sources(tmp_path, stsb_test):
    assert fit_sentences("target", ["a", "b", "a"]) == ["a", "b", "a"]  # occurrences weigh
    assert len(fit_sentences("stsb:train", [])) > 10_000
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("one\ntwo\n\none\n", encoding="utf-8")
    assert fit_sentences(str(corpus), []) == ["one", "two"]
    with pytest.raises(UserError, match="--fit-on"):
        fit_sentences("no-such-file.txt", [])
    assert len(positive_pairs(stsb_test)) == int((stsb_test.labels >= 4).sum()) > 300


@pytest.mark.slow
def test_analyse_cls_raw_vs_whitened(stsb_test):
    from stsdemo.specs import load

    result = analyse(load("minilm:cls"), dataset=stsb_test, posts=["whitening"])
    table = result.table()
    assert list(table.index) == list(METRICS) and list(table.columns) == ["raw", "whitening"]
    raw, white = result.metrics["raw"], result.metrics["whitening"]
    assert raw["random_pair_cosine"] == pytest.approx(0.559, abs=0.01)  # the cone
    assert abs(white["random_pair_cosine"]) < 0.01
    assert raw["isotropy"] < 0.6 < 0.95 < white["isotropy"]
    assert white["top1_variance_share"] < raw["top1_variance_share"]
    assert white["uniformity"] < raw["uniformity"]  # spread over the sphere
    assert 100 * raw["spearman"] == pytest.approx(73.5, abs=0.05)
    assert 100 * white["spearman"] == pytest.approx(78.7, abs=0.1)
    assert result.vectors["whitening"].shape == (2552, 381)  # 3 null directions of CLS dropped
    assert np.all(result.positive_cosines["raw"] > result.random_cosines["raw"].mean() - 0.3)


@pytest.mark.slow
def test_cli_geometry_json_contract(capsys):
    code, out, _ = run_cli(
        capsys, "geometry", "--model", "minilm", "--pooling", "layer-1", "--post", "whitening", "--data", "stsb:test",
        "--json",
    )  # fmt: skip
    assert code == 0
    obj = json.loads(out)
    assert obj["post"] == "whitening" and obj["fit_on"] == "target" and obj["n_sentences"] == 2552
    for key in ("random_pair_cosine", "isotropy", "top1_variance_share", "alignment", "uniformity", "spearman"):
        assert key in obj and key in obj["variants"]["raw"]
    assert obj["variants"]["raw"]["random_pair_cosine"] == pytest.approx(0.60, abs=0.01)
    assert abs(obj["random_pair_cosine"]) < 0.01  # top level = the post-processed variant
    assert obj["fit"]["whitening"]["dim"] == 383


@pytest.mark.slow
def test_cli_eval_post_save_and_reload(capsys, tmp_path):
    args = ["eval", "--model", "minilm", "--pooling", "cls", "--data", "stsb:test", "--json"]
    code, out, _ = run_cli(capsys, *args, "--post", "whitening", "--save-post", str(tmp_path / "w"))
    fitted = json.loads(out)
    assert code == 0 and fitted["post"] == "whitening" and fitted["fit_on"] == "target" and fitted["n_fit"] == 2758
    assert 100 * fitted["spearman"] == pytest.approx(78.7, abs=0.1)
    code, out, _ = run_cli(capsys, *args, "--post", str(tmp_path / "w"))
    assert code == 0 and json.loads(out)["spearman"] == pytest.approx(fitted["spearman"], abs=1e-6)


@pytest.mark.slow
def test_cli_too_few_fit_sentences_is_a_clear_error(capsys, tmp_path):
    corpus = tmp_path / "few.txt"
    corpus.write_text("A man plays a guitar.\nA dog runs.\nIt rains.\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys, "eval", "--model", "minilm:cls", "--data", "stsb:test", "--limit", "5", "--post", "whitening",
        "--fit-on", str(corpus),
    )  # fmt: skip
    assert code == 2 and out == ""
    assert "error: Whitening of 384-dimensional vectors needs at least 385 distinct sentences" in err
    assert "nan" not in err.lower() and "Traceback" not in err


@pytest.mark.slow
def test_a_repeated_analysis_reuses_its_fits_and_says_so(stsb_test, monkeypatch):
    """The second identical request reuses the fitted whitening and flow (same objects, so the same
    numbers) and the isotropy of unchanged vectors; other fit sentences or another time cap refit."""
    from stsdemo import geometry
    from stsdemo.specs import load

    svds = []
    monkeypatch.setattr(geometry, "isotropy", lambda x, real=geometry.isotropy: svds.append(1) or real(x))
    encoder = load("minilm:cls")
    sentences = stsb_test.sentences()[:500]
    options = {"max_seconds": 2.0}
    first = analyse(encoder, sentences, ["whitening", "flow"], flow_options=options)
    again = analyse(encoder, sentences, ["whitening", "flow"], flow_options=options)
    assert len(svds) == 3  # raw, whitening, flow: once each
    assert [i["reused"] for i in first.fit_info.values()] == [False, False]
    assert [i["reused"] for i in again.fit_info.values()] == [True, True]
    assert np.array_equal(first.vectors["flow"], again.vectors["flow"])
    assert first.table().equals(again.table())  # NaN-aware: alignment and Spearman need pairs
    other = analyse(encoder, sentences[:499], ["flow"], flow_options=options)
    longer = analyse(encoder, sentences, ["flow"], flow_options={"max_seconds": 3.0})
    assert not other.fit_info["flow"]["reused"] and not longer.fit_info["flow"]["reused"]


def test_a_shipped_set_survives_a_restart_and_a_visitors_text_never_reaches_the_disk(stsb_test, monkeypatch, tmp_path):
    """With ``keep_on_disk`` (the tab's presets) the raw vectors, the fits and the UMAP panels are read
    back from the disk cache after a restart (memory cleared): nothing is encoded, fitted or projected
    again, and the numbers are the same. Without it (a visitor's own text) nothing is written."""
    from stsdemo import cache, projection
    from stsdemo.geometry import project_variants
    from stsdemo.postprocess import Flow, Whitening
    from stsdemo.specs import load

    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path / "visitor"))
    sentences = stsb_test.sentences()[:500]
    options = {"max_seconds": 2.0}
    analyse(load("minilm:cls"), sentences[:450], ["whitening"], flow_options=options)
    assert not (tmp_path / "visitor").exists()

    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path / "shipped"))
    first = analyse(load("minilm:cls"), sentences, ["whitening", "flow"], flow_options=options, keep_on_disk=True)
    first_points = project_variants(first, np.arange(200), keep_on_disk=True)
    assert {p.name for p in (tmp_path / "shipped").iterdir()} == {"embeddings", "post", "projections"}

    cache.invalidate()  # a new process starts with an empty memory layer
    encoder = load("minilm:cls")

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed although the disk cache holds it")

    monkeypatch.setattr(type(encoder), "encode", refuse)
    monkeypatch.setattr(Whitening, "fit", refuse)
    monkeypatch.setattr(Flow, "fit", refuse)
    monkeypatch.setattr(projection, "_project", refuse)
    again = analyse(encoder, sentences, ["whitening", "flow"], flow_options=options, keep_on_disk=True)
    points = project_variants(again, np.arange(200), keep_on_disk=True)
    assert [i["reused"] for i in again.fit_info.values()] == [True, True]
    assert again.fit_info["flow"]["steps"] == first.fit_info["flow"]["steps"] > 0
    np.testing.assert_allclose(again.vectors["flow"], first.vectors["flow"], atol=1e-6)
    for name in first_points:
        np.testing.assert_allclose(points[name], first_points[name], atol=1e-5)


def test_the_warm_up_precomputes_the_lesson_the_tab_asks_for(stsb_test, monkeypatch, tmp_path):
    """``warm_geometry`` fills the disk cache with what ``/geometry`` then reads after a restart: the
    tab's request (the same preset, limit and settings) fits nothing and projects nothing."""
    from stsdemo import cache, projection
    from stsdemo.postprocess import Flow, Whitening
    from stsdemo.ui.geometry_tab import FIT_SOURCES, run_geometry
    from stsdemo.warmup import warm_geometry

    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path))
    small = {"limit": 900, "flow_seconds": 2.0}
    assert warm_geometry(report=lambda line: None, show_progress=False, **small) is not None
    cache.invalidate()  # the restart

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed although the warm-up kept it")

    monkeypatch.setattr(Whitening, "fit", refuse)
    monkeypatch.setattr(Flow, "fit", refuse)
    monkeypatch.setattr(projection, "_project", refuse)
    status, table, *figures = run_geometry(
        "STS-B test pairs", "", small["limit"], "minilm:cls", ["whitening", "flow"], 0, list(FIT_SOURCES)[0], 2.0
    )
    assert status.count("reused") == 2, status
    assert all(figure is not None for figure in figures[2:5])  # the three UMAP panels
