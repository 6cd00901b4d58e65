"""Downloads: embeddings as ``.npy`` or CSV, and any result table (hits, clusters, duplicates) as CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def save_npy(vectors: np.ndarray, path: str | Path) -> Path:
    """Float32 ``(n, d)`` array, row ``i`` = sentence ``i`` (``np.load`` reads it back)."""
    path = Path(path)
    np.save(path, np.asarray(vectors, np.float32))
    return path


def embeddings_frame(texts: list[str], vectors: np.ndarray) -> pd.DataFrame:
    """One row per sentence: ``text``, then ``e0 .. e{d-1}``."""
    frame = pd.DataFrame(np.asarray(vectors, np.float32), columns=[f"e{i}" for i in range(vectors.shape[1])])
    frame.insert(0, "text", texts)
    return frame


def save_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """UTF-8 with BOM, so Excel opens Chinese text correctly."""
    path = Path(path)
    frame.to_csv(path, index=False, encoding="utf-8-sig", float_format="%.6g")
    return path
