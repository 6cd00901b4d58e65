"""A 2-D map of a built index, computed once at index time and stored beside the vectors.

Why fit on a sample: UMAP's fit grows faster than linearly (its neighbour graph and layout), while
``transform`` of new points against a fitted model is a nearest-neighbour lookup plus a short
optimisation per point. So UMAP is fitted on ``sample`` rows and the other rows are placed with
``transform``, in chunks. When there are rows to transform, the fit builds NN-descent's search
index even below 4,096 rows (``force_approximation_algorithm``): UMAP's exact small-data path would
find the new points' neighbours through scikit-learn's ``pairwise_distances`` with UMAP's numba
metric, a Python call per pair (measured: ~60 s per 5,000 rows against a 4,000-row sample on the
busy 2-CPU machine), while the search index answers them in a fraction of that after a one-off
compilation. At most
``points`` rows (a random subset, seed 0) are mapped: a WebGL scatter stays fluid up to ~100k points,
and a map of a million sentences shows nothing more.

The result is the LanceDB table ``projection`` (``id``, ``x``, ``y``, ``text``, ``source``) in the
index's database, so the app draws the map with one read and no model. Optional (``stsdemo index
--projection N``) because it costs a minute or more at 100k points.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from stsdemo.corpus.index_store import IndexStore

#: Most points a map holds (WebGL scatter limit for a fluid page).
MAX_POINTS = 100_000
#: Rows UMAP is fitted on; the rest are placed by ``transform``.
FIT_SAMPLE = 4_000
CHUNK = 5_000


def build_projection(
    store: IndexStore,
    points: int = 20_000,
    sample: int = FIT_SAMPLE,
    seed: int = 0,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Map up to ``points`` rows of ``store`` to 2-D and save them as its projection; returns the count."""
    import umap

    table = store.table()
    if table is None:
        return 0
    rows = table.to_arrow().select(["id", "text", "source", "vector"])
    n = rows.num_rows
    keep = np.sort(np.random.default_rng(seed).choice(n, min(n, points, MAX_POINTS), replace=False))
    rows = rows.take(keep)
    dim = store.manifest["dim"]
    x = rows.column("vector").combine_chunks().flatten().to_numpy().reshape(-1, dim).astype(np.float32)
    fit = np.random.default_rng(seed + 1).permutation(len(x))[: min(sample, len(x))]
    reducer = umap.UMAP(
        n_components=2,
        n_neighbors=min(15, len(fit) - 1),
        metric="cosine",
        random_state=seed,
        force_approximation_algorithm=len(fit) < len(x),  # a search index for transform (module doc)
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)  # n_jobs/random_state and small-data notes
        reducer.fit(x[fit])
        coords = np.empty((len(x), 2), np.float32)
        for start in range(0, len(x), CHUNK):
            coords[start : start + CHUNK] = reducer.transform(x[start : start + CHUNK])
            if progress:
                progress(min(start + CHUNK, len(x)), len(x), "project (UMAP transform)")
    coords[fit] = reducer.embedding_  # the fitted rows keep their own layout positions
    store.save_projection(rows.column("id"), coords, rows.column("text"), rows.column("source"))
    return len(x)
