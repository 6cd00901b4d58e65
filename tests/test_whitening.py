"""Whitening: the formula on known data, the guards, and Su et al.'s figures on the bundled MiniLM."""

from __future__ import annotations

import numpy as np
import pytest

from stsdemo.errors import UserError
from stsdemo.postprocess import Whitening, load_post, parse_post, save_post


def correlated(n=2000, d=8, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + 5.0


def test_whitened_vectors_have_zero_mean_and_identity_covariance():
    x = correlated()
    y = Whitening().fit(x).transform(x, normalize_rows=False)
    assert np.abs(y.mean(axis=0)).max() < 1e-5
    np.testing.assert_allclose(np.cov(y, rowvar=False), np.eye(8), atol=1e-4)


def test_matches_bojone_compute_kernel_bias():
    x = correlated()
    # bojone/BERT-whitening: mu = mean, cov = np.cov(vecs.T), u, s, vh = svd(cov), W = u @ diag(1/sqrt(s))
    u, s, _ = np.linalg.svd(np.cov(x.T))
    expected = (x - x.mean(axis=0)) @ (u @ np.diag(1 / np.sqrt(s)))[:, :3]
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    got = Whitening(3).fit(x).transform(x)
    assert got.shape == (2000, 3)
    # eigenvector signs are arbitrary only up to the SVD's convention, which is the same call here
    np.testing.assert_allclose(got, expected, atol=1e-5)


def test_rows_are_unit_length_by_default():
    x = correlated()
    np.testing.assert_allclose(np.linalg.norm(Whitening().fit(x).transform(x), axis=1), 1.0, atol=1e-5)


def test_null_direction_is_dropped_not_amplified():
    x = correlated(d=6)
    x = np.hstack([x, -x.sum(axis=1, keepdims=True)])  # 7 columns summing to 0: rank 6, like LayerNorm
    post = Whitening().fit(x)
    assert post.dim == 6
    np.testing.assert_allclose(np.cov(post.transform(x, normalize_rows=False), rowvar=False), np.eye(6), atol=1e-4)


def test_too_few_rows_says_how_many_are_needed():
    x = np.random.default_rng(0).normal(size=(30, 384))
    with pytest.raises(UserError, match=r"at least 385 distinct sentences.*got 30.*whitening-K with K < 30"):
        Whitening().fit(x)
    assert Whitening(16).fit(x).transform(x).shape == (30, 16)  # fewer kept directions: enough rows


def test_rank_deficient_k_and_nan_are_user_errors():
    x = np.repeat(np.random.default_rng(0).normal(size=(1, 8)), 100, axis=0)
    x[:, 0] += np.arange(100)  # only one direction varies
    with pytest.raises(UserError, match="span only 1 independent"):
        Whitening(4).fit(x)
    bad = correlated()
    bad[3, 2] = np.nan
    with pytest.raises(UserError, match="NaN"):
        Whitening().fit(bad)


def test_parse_post_specs():
    assert parse_post("whitening").k is None
    assert parse_post("whitening-256").k == 256
    assert parse_post("flow").name == "flow"
    with pytest.raises(UserError, match="Unknown post-processing"):
        parse_post("pca")


def test_save_and_load_round_trip(tmp_path):
    x = correlated()
    post = Whitening(5).fit(x)
    save_post(post, tmp_path / "w", encoder="toy")
    loaded = load_post(tmp_path / "w")
    assert loaded.name == "whitening-5"
    np.testing.assert_allclose(loaded.transform(x), post.transform(x), atol=1e-6)
    with pytest.raises(UserError, match="no saved post-processor"):
        load_post(tmp_path)


# --- Su et al. 2021 on the bundled MiniLM, STS-B test, whitening fitted on the test sentences ---


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pooling", "raw", "whitened", "tol"),
    [
        ("cls", 73.5, 78.7, 0.3),
        # the trained mean pooling before the model's final L2 normalisation; whitening hurts it
        ("mean", 82.0, 78.1, 0.3),
        ("static", 55.6, 71.0, 0.3),
    ],
)
def test_whitening_reproduces_su_et_al_protocol(stsb_test, pooling, raw, whitened, tol):
    from stsdemo.evaluation import evaluate_pairs
    from stsdemo.postprocess import fit_post
    from stsdemo.specs import load

    encoder = load("minilm", pooling)
    assert 100 * evaluate_pairs(encoder, stsb_test)["spearman"] == pytest.approx(raw, abs=0.05)
    white = fit_post(encoder, "whitening", stsb_test.occurrences())
    assert 100 * evaluate_pairs(white, stsb_test)["spearman"] == pytest.approx(whitened, abs=tol)


@pytest.mark.slow
def test_layer1_cone_opens_and_covariance_is_identity(stsb_test):
    from stsdemo.metrics import random_pair_cosine
    from stsdemo.specs import load

    x = load("minilm:layer-1").encode(stsb_test.sentences())
    assert random_pair_cosine(x) == pytest.approx(0.60, abs=0.01)
    post = Whitening().fit(x)
    assert abs(random_pair_cosine(post.transform(x))) < 0.01
    y = post.transform(x, normalize_rows=False).astype(np.float64)
    np.testing.assert_allclose(np.cov(y, rowvar=False), np.eye(post.dim), atol=1e-4)
