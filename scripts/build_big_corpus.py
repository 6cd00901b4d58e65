"""Gather every distinct sentence of the data folder (Chinese and English) into one Parquet file.

    PYTHONPATH=. python scripts/build_big_corpus.py [--out corpora/big.parquet] [--langs zh,en]
        [--sets LCQMC,stsb] [--limit 500]

Columns: id, text, lang, source, split, in_test (see ``stsdemo/data/big_corpus.py``). ``corpora/`` is
gitignored: the full file is tens of MB. Prints one line per source and the totals.
"""

import argparse
import sys
import time
from collections import Counter

from stsdemo.data.big_corpus import collect, write_parquet
from stsdemo.paths import data_dir

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", default="corpora/big.parquet")
parser.add_argument("--data-dir", default=None)
parser.add_argument("--sets", default="", help="comma-separated parts of source paths to keep (e.g. LCQMC,stsb)")
parser.add_argument("--langs", default="zh,en", help="comma-separated languages to keep (zh, en)")
parser.add_argument("--limit", type=int, default=None, help="at most N distinct sentences per source")
args = parser.parse_args()
root = data_dir(args.data_dir)
if root is None:
    sys.exit("error: no data folder (pass --data-dir or set STSDEMO_DATA)")
start = time.perf_counter()
columns = collect(root, args.sets.split(","), args.limit, langs=tuple(args.langs.split(",")))
out = write_parquet(columns, args.out)
counts = Counter(zip(columns["source"], columns["split"], strict=True))
for (source, split), n in sorted(counts.items()):
    print(f"{source:32s} {split:6s} {n:>9,}")
langs = Counter(columns["lang"])
print(
    f"{out}: {len(columns['id']):,} distinct sentences ({langs['zh']:,} zh, {langs['en']:,} en; "
    f"{sum(columns['in_test']):,} in a test split), {out.stat().st_size / 1e6:.1f} MB, "
    f"{time.perf_counter() - start:.0f} s"
)
