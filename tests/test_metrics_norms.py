"""Mean norm."""

import numpy as np
import pytest

from stsdemo.metrics import mean_norm


def test_mean_norm():
    assert mean_norm(np.array([[3.0, 4.0], [0.0, 1.0]])) == pytest.approx(3.0)
