"""I(W) = min_c Z(c) / max_c Z(c) on hand-computed sets."""

import math

import numpy as np
import pytest

from stsdemo.metrics import isotropy


def test_all_vectors_equal_gives_one_over_e():
    # c1 = v: Z = n e^1; every other eigenvector is orthogonal to v: Z = n e^0  ->  I = 1/e
    x = np.tile([[0.6, 0.8, 0.0]], (10, 1))
    assert isotropy(x) == pytest.approx(1 / math.e, rel=1e-6)


def test_hand_computed_axis_set():
    # rows ±e1 (twice) and ±e2: WᵀW = diag(4, 2), eigenvectors e1, e2
    x = np.array([[1, 0], [-1, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], float)
    e = math.e
    expected = (e + 1 / e + 4) / (2 * e + 2 / e + 2)
    assert isotropy(x) == pytest.approx(expected, rel=1e-6)


def test_random_gaussian_is_nearly_isotropic_and_a_cone_is_not():
    x = np.random.default_rng(0).normal(size=(20000, 64))
    assert isotropy(x) > 0.95
    assert isotropy(x + 3.0) < 0.5  # shared offset: a narrow cone
