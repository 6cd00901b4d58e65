"""Variance shares of principal components on data with known variances."""

import numpy as np
import pytest

from stsdemo.metrics import top_k_variance_share, variance_shares


def test_known_axis_variances():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200000, 3)) * np.sqrt([6.0, 3.0, 1.0])  # variances 6, 3, 1 of 10
    np.testing.assert_allclose(variance_shares(x), [0.6, 0.3, 0.1], atol=0.005)
    assert top_k_variance_share(x, 2) == pytest.approx(0.9, abs=0.005)


def test_one_direction_and_constant_data():
    t = np.linspace(-1, 1, 50)[:, None]
    assert top_k_variance_share(t @ np.array([[1.0, 2.0, 2.0]]) + 7.0, 1) == pytest.approx(1.0)
    assert top_k_variance_share(np.ones((5, 3)), 1) == 0.0
