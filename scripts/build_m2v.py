"""Build ``m2v-minilm``: the bundled MiniLM distilled to a static token table (Model2Vec-style).

    python scripts/build_m2v.py [--dims 256] [--out assets/models/m2v-minilm] [--compare 64,128,256,none]

Needs no data (every vocabulary token goes through MiniLM once, then PCA + SIF weighting; see
``stsdemo/encoders/distill.py``). ``--compare`` also prints STS-B test Spearman for other PCA sizes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders.distill import distill_table, load_static, real_tokens, save_table, token_vectors  # noqa: E402
from stsdemo.encoders.registry import load  # noqa: E402
from stsdemo.encoders.sentence import SentenceEncoder  # noqa: E402
from stsdemo.evaluation import evaluate_pairs  # noqa: E402
from stsdemo.paths import ASSETS  # noqa: E402

CARD = """# m2v-minilm

A **static** sentence encoder: the bundled `sentence-transformers/all-MiniLM-L6-v2` distilled
Model2Vec-style (Tulkens & van Dongen 2024) into one vector per WordPiece token. A sentence vector is
the mean of its tokens' rows: no attention, no context, ~100x faster than MiniLM on a CPU.

## Rebuild

```bash
python scripts/build_m2v.py --dims {dims} --out assets/models/m2v-minilm
```

No data is needed; the build is deterministic (PCA with a fixed seed) and took {seconds:.0f} s here.

## Recipe (`stsdemo/encoders/distill.py`)
1. every one of the {vocab:,} vocabulary tokens goes through MiniLM as `[CLS] token [SEP]` with its
   trained mean pooling (before normalisation);
2. the `[unusedK]` placeholders and [PAD]/[CLS]/[SEP]/[MASK] are dropped (zero rows);
3. PCA to {dims} dimensions;
4. SIF weighting with Zipf frequencies from the (frequency-ordered) vocabulary rank:
   `w_r = 1e-4 / (1e-4 + p_r)`, `p_r ∝ 1/(r+1)`.

Stored as int8 with one fp16 scale per row (`embeddings.safetensors`, {mb:.1f} MB) with MiniLM's
`tokenizer.json`; loaded through sentence-transformers' `StaticEmbedding`. Hand-written rather than
`model2vec.distill` because the `model2vec[distill]` extra pins `transformers<5.4`.

## Measured (STS-B test Spearman x 100)
{table}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--out", default=str(ASSETS / "models" / "m2v-minilm"))
    parser.add_argument("--compare", default="", help="comma-separated PCA sizes to evaluate too (none = no PCA)")
    args = parser.parse_args()

    teacher = load("minilm")
    assert isinstance(teacher, SentenceEncoder)
    dataset = load_pairs("stsb:test")
    start = time.perf_counter()
    vectors = token_vectors(teacher.model, progress=lambda f: print(f"\rtokens through MiniLM: {f:.0%}", end=""))
    print()
    keep = real_tokens(teacher.model.tokenizer.convert_ids_to_tokens(list(range(len(vectors)))))
    table = distill_table(vectors, keep, args.dims)
    seconds = time.perf_counter() - start
    out = Path(args.out)
    save_table(table, teacher.model.tokenizer, out)
    shipped = evaluate_pairs(SentenceEncoder(load_static(out), "m2v-shipped"), dataset)["spearman"] * 100
    rows = [f"- {args.dims} dims (shipped): {shipped:.2f}"]
    for dims in [d for d in args.compare.split(",") if d]:
        with tempfile.TemporaryDirectory() as tmp:
            trial = Path(tmp)
            table_d = distill_table(vectors, keep, None if dims == "none" else int(dims))
            save_table(table_d, teacher.model.tokenizer, trial)
            spearman = evaluate_pairs(SentenceEncoder(load_static(trial), f"m2v-{dims}"), dataset)["spearman"] * 100
        rows.append(f"- {dims} dims: {spearman:.2f}")
    mb = (out / "embeddings.safetensors").stat().st_size / 1e6
    (out / "README.md").write_text(
        CARD.format(dims=args.dims, seconds=seconds, vocab=len(table), mb=mb, table="\n".join(rows)), encoding="utf-8"
    )
    print("\n".join(rows))
    print(f"built in {seconds:.0f} s, {mb:.1f} MB -> {out}")


if __name__ == "__main__":
    main()
