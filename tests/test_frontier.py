"""The speed/accuracy frontier: Pareto marking, the committed results file, the plot."""

import pandas as pd

from stsdemo.frontier import COLUMNS, frontier_figure, load_results, pareto_front


def test_pareto_front_known_answer():
    # (speed, spearman): the fastest and the most accurate are on the front; a point both slower
    # and worse than another is not; an equal point does not dominate.
    assert pareto_front([400, 4000, 40000, 300, 4000], [82, 81.7, 66, 80, 81.7]) == [True, True, True, False, True]


def test_missing_results_file_gives_an_empty_table(tmp_path):
    table, meta = load_results(tmp_path / "none.json")
    assert table.empty and list(table.columns) == COLUMNS and meta == {}


def test_figure_marks_the_front():
    table = pd.DataFrame({"model": ["a", "b", "c"], "sentences/s": [10.0, 100.0, 50.0], "spearman": [80.0, 60.0, 55.0]})
    table["pareto"] = pareto_front(table["sentences/s"], table["spearman"])
    fig = frontier_figure(table)
    front, stars, dominated = fig.data
    assert list(front.x) == [10.0, 100.0]
    assert list(stars.text) == ["a", "b"] and list(dominated.text) == ["c"]
