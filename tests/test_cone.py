"""The cone made visible: known answers on synthetic clouds, and raw vs whitened MiniLM CLS."""

import re

import numpy as np
import pytest

from stsdemo.cone import angles_to_mean, cone_axes, sphere_coordinates
from stsdemo.ui.geometry_tab import run_cone


def test_a_cone_sits_at_the_pole_and_an_isotropic_cloud_does_not():
    rng = np.random.default_rng(0)
    isotropic = rng.normal(size=(2000, 32))
    cone = isotropic * 0.1 + np.eye(32)[5]  # a big shared direction
    axes = cone_axes(cone)
    assert axes @ axes.T == pytest.approx(np.eye(3), abs=1e-6)
    assert abs(axes[0][5]) == pytest.approx(1, abs=0.01)
    assert np.median(sphere_coordinates(cone)[:, 0]) > 0.9
    assert np.linalg.norm(sphere_coordinates(isotropic), axis=1) == pytest.approx(np.ones(2000), abs=1e-6)
    assert np.median(angles_to_mean(isotropic)) == pytest.approx(90, abs=3)
    assert np.median(angles_to_mean(cone)) < 40


def test_whitening_opens_the_cone_of_raw_cls():
    status, figure = run_cone("STS-B test pairs", "", 500, "minilm:cls")
    angles = [float(x) for x in re.findall(r"(\d+)°", status)]
    assert angles[0] < 60 and angles[1] > 80, status
    assert len(figure.data) == 4  # two spheres, two histograms
