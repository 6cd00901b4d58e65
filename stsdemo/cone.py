"""The cone made visible: unit sentence vectors seen on a 3-D sphere.

UMAP keeps neighbourhoods, not directions, so it cannot show the *cone* that makes raw cosines
high. Here each variant's unit vectors are expressed in three orthonormal axes chosen for that:
axis 1 = the mean direction of the vectors, axes 2-3 = the top two principal directions of what is
left after removing it. The 3-D coordinates are rescaled to unit length, so a point is the
direction of its sentence in that 3-D slice: raw vectors bunch on a cap around axis 1, whitened
ones (mean 0) spread over the sphere. The angle between each vector and the mean direction,
taken in the full space, is the honest number behind the picture.

>>> import numpy as np
>>> x = np.array([[1.0, 0.1, 0.0, 0.0], [1.0, -0.1, 0.0, 0.0], [1.0, 0.0, 0.1, 0.0], [1.0, 0.0, -0.1, 0.1]])
>>> bool(sphere_coordinates(x)[:, 0].min() > 0.9)  # all near the pole: a cone
True
"""

from __future__ import annotations

import numpy as np

from stsdemo.similarity import normalize


def cone_axes(x: np.ndarray) -> np.ndarray:
    """Three orthonormal rows: the mean direction of unit ``x`` and the top two principal
    directions of ``x`` with that direction projected out (fewer when ``x`` spans less)."""
    unit = normalize(np.asarray(x, np.float64))
    mean = unit.mean(axis=0)
    norm = np.linalg.norm(mean)
    first = mean / norm if norm > 1e-9 else np.eye(unit.shape[1])[0]
    rest = unit - np.outer(unit @ first, first)
    rest -= rest.mean(axis=0)
    _, _, vt = np.linalg.svd(rest, full_matrices=False)
    return np.vstack([first, vt[:2]])


def sphere_coordinates(x: np.ndarray) -> np.ndarray:
    """``(n, 3)`` unit-length coordinates of the rows of ``x`` in :func:`cone_axes`."""
    points = normalize(np.asarray(x, np.float64)) @ cone_axes(x).T
    return points / np.maximum(np.linalg.norm(points, axis=1, keepdims=True), 1e-12)


def angles_to_mean(x: np.ndarray) -> np.ndarray:
    """Angle in degrees between each row of ``x`` and the mean of the unit rows (full space):
    small for a cone, about 90 for vectors spread evenly around the origin."""
    unit = normalize(np.asarray(x, np.float64))
    mean = unit.mean(axis=0)
    mean /= max(np.linalg.norm(mean), 1e-12)
    return np.degrees(np.arccos(np.clip(unit @ mean, -1.0, 1.0)))
