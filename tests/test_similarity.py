import numpy as np

from stsdemo.similarity import cosine_matrix, normalize, paired_cosine


def test_known_cosines():
    a = np.array([[1.0, 0], [1, 1], [0, 0]])
    b = np.array([[0.0, 2], [2, 2], [1, 0]])
    np.testing.assert_allclose(paired_cosine(a, b), [0.0, 1.0, 0.0], atol=1e-7)
    np.testing.assert_allclose(paired_cosine(a[:1], -a[:1]), [-1.0])


def test_matrix_and_normalize():
    x = np.array([[3.0, 4], [0, 1]])
    np.testing.assert_allclose(normalize(x), [[0.6, 0.8], [0, 1]])
    np.testing.assert_allclose(cosine_matrix(x), [[1, 0.8], [0.8, 1]], atol=1e-7)
