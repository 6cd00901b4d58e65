"""Alignment and uniformity (Wang & Isola 2020) on sets with closed-form answers."""

import numpy as np
import pytest

from stsdemo.metrics import alignment, uniformity


def test_alignment_identical_and_orthogonal_pairs():
    a = np.eye(3)
    assert alignment(a, 5 * a) == pytest.approx(0.0, abs=1e-6)  # scale is ignored (unit sphere)
    assert alignment(a, np.roll(a, 1, axis=0)) == pytest.approx(2.0)  # ‖u − v‖² = 2 when u ⊥ v


def test_uniformity_antipodal_and_collapsed():
    assert uniformity(np.array([[1.0, 0.0], [-2.0, 0.0]])) == pytest.approx(-8.0)  # log e^{-2·4}
    assert uniformity(np.tile([[1.0, 1.0]], (4, 1))) == pytest.approx(0.0, abs=1e-6)


def test_uniformity_of_orthonormal_basis_and_sampling():
    # every pair of distinct basis vectors: ‖u − v‖² = 2  ->  log e^{-4} = -4 (exact or sampled)
    assert uniformity(np.eye(50)) == pytest.approx(-4.0)
    assert uniformity(np.eye(500), n_pairs=1000) == pytest.approx(-4.0)
