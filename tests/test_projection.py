import numpy as np

from stsdemo.projection import align_to, exact_cosine_knn, project


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


def test_procrustes_recovers_a_rotated_reflected_scaled_shifted_copy():
    rng = np.random.default_rng(1)
    reference = rng.normal(size=(200, 2))
    angle = 1.1
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]) @ np.diag([1.0, -1.0])
    copy = 0.37 * reference @ turn + np.array([4.0, -2.0])
    np.testing.assert_allclose(align_to(reference, copy), reference, atol=1e-5)
    # a noisy copy lands close; an unrelated cloud does not
    noisy = copy + rng.normal(scale=0.01, size=copy.shape)
    assert np.abs(align_to(reference, noisy) - reference).max() < 0.2
    unrelated = rng.normal(size=(200, 2))
    assert np.abs(align_to(reference, unrelated) - reference).mean() > 0.5


def test_separate_umaps_of_a_rotated_copy_align():
    """Two UMAP runs (different seeds) of a curved sheet in 16-d, the second on rotated vectors:
    aligned, a point lies near its twin. (Well-separated clusters are placed anywhere relative to each
    other by UMAP, which no rigid turn can undo: a sheet is what this can promise.)"""
    rng = np.random.default_rng(0)
    uv = rng.uniform(size=(200, 2))
    x = np.hstack([uv, np.sin(3 * uv), rng.normal(scale=0.02, size=(200, 12))]) + 1
    q, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    first, second = project(x, method="umap", seed=0), project(x @ q, method="umap", seed=3)
    spread = np.linalg.norm(first - first.mean(0), axis=1).mean()
    unaligned = np.linalg.norm(second - first, axis=1).mean()
    aligned = np.linalg.norm(align_to(first, second) - first, axis=1).mean()
    assert aligned < 0.4 * spread and aligned < 0.5 * unaligned


def test_the_same_vectors_are_projected_once(monkeypatch):
    """project() keeps its (deterministic) answer per content: a repeated call does not run UMAP
    again, a changed vector does."""
    from stsdemo import projection

    calls = []
    real = projection._project
    monkeypatch.setattr(projection, "_project", lambda *a: calls.append(1) or real(*a))
    x = np.random.default_rng(7).normal(size=(60, 8)).astype(np.float32)
    first = projection.project(x, seed=3)
    first[0] = 99.0  # a caller changing its copy does not change the kept answer
    again = projection.project(x.copy(), seed=3)
    assert len(calls) == 1 and again[0, 0] != 99.0
    y = x.copy()
    y[5, 2] += 1e-3
    projection.project(y, seed=3)
    projection.project(x, seed=4)
    assert len(calls) == 3
