import numpy as np

from stsdemo.projection import exact_cosine_knn, project


def test_exact_knn_known_answer():
    x = np.array([[1.0, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]])
    idx, dist = exact_cosine_knn(x, 2, chunk=3)
    np.testing.assert_array_equal(idx, [[0, 1], [1, 0], [2, 3], [3, 2]])
    assert dist[0, 0] == 0 and 0 < dist[0, 1] < 0.01


def test_projection_separates_two_groups():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(30, 16)) + 8 * np.eye(16)[0]
    b = rng.normal(size=(30, 16)) - 8 * np.eye(16)[0]
    for method in ("pca", "umap"):
        p = project(np.vstack([a, b]), method=method)
        assert p.shape == (60, 2)
        ca, cb = p[:30].mean(0), p[30:].mean(0)
        spread = max(p[:30].std(0).max(), p[30:].std(0).max())
        assert np.linalg.norm(ca - cb) > 2 * spread


def test_tiny_sets_fall_back_to_pca():
    assert project(np.ones((3, 5))).shape == (3, 2)
    assert project(np.zeros((0, 5))).shape == (0, 2)
