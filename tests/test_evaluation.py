"""Known answers for the evaluation metrics."""

import numpy as np
import pytest

from stsdemo.evaluation import correlation_metrics, matching_metrics


def test_spearman_on_a_tiny_hand_made_set():
    gold = np.array([0.0, 1, 2, 3, 4])
    # ranks of sim: 1 2 3 5 4 -> d^2 = 0+0+0+1+1 = 2, rho = 1 - 6*2/(5*24) = 0.9
    sim = np.array([0.1, 0.2, 0.3, 0.9, 0.5])
    m = correlation_metrics(sim, gold)
    assert m["spearman"] == pytest.approx(0.9)
    assert m["n"] == 5
    assert correlation_metrics(-sim, gold)["spearman"] == pytest.approx(-0.9)


def test_spearman_ignores_monotone_transforms():
    rng = np.random.default_rng(0)
    sim, gold = rng.random(50), rng.random(50)
    transformed = correlation_metrics(np.exp(3 * sim), gold)["spearman"]
    assert correlation_metrics(sim, gold)["spearman"] == pytest.approx(transformed)


def test_constant_scores_give_nan_not_a_crash():
    assert np.isnan(correlation_metrics(np.ones(4), np.arange(4.0))["spearman"])


def test_matching_metrics_perfect_and_known_threshold():
    sim = np.array([0.9, 0.8, 0.3, 0.2])
    labels = np.array([1, 1, 0, 0])
    m = matching_metrics(sim, labels)
    assert m["accuracy"] == 1.0 and m["f1"] == 1.0 and m["auc"] == 1.0
    assert 0.3 <= m["accuracy_threshold"] <= 0.8
    # one mistake out of four
    m = matching_metrics(np.array([0.9, 0.1, 0.3, 0.2]), labels)
    assert m["accuracy"] == 0.75
    assert m["auc"] == pytest.approx(0.5)


def test_matching_metrics_also_report_spearman_against_the_label():
    # cosine ranks 4 3 2 1, label ranks 3.5 1.5 3.5 1.5: Pearson of ranks = 2 / (sqrt(5) * 2)
    m = matching_metrics(np.array([0.9, 0.8, 0.3, 0.2]), np.array([1, 0, 1, 0]))
    assert m["spearman"] == pytest.approx(2 / (np.sqrt(5) * 2)) and m["auc"] == pytest.approx(0.75)


def test_primary_metric_is_declared_not_guessed():
    from stsdemo.data.pairs import PairDataset
    from stsdemo.evaluation import primary_metric

    graded = PairDataset("g", ["a", "b"], ["c", "d"], np.array([1.0, 4.0]))
    binary = PairDataset("b", ["a", "b"], ["c", "d"], np.array([0, 1]), "binary")
    assert primary_metric(graded) == "spearman" and primary_metric(binary) == "auc"
