"""Write the MLM pretraining corpus of one language (every distinct sentence of the shared data).

    PYTHONPATH=. python scripts/gather_corpus.py zh models/corpus-zh.txt [--data-dir DIR]

Evaluation sets are removed later, by ``train mlm --exclude NAME:SPLIT``, so the model card records them.
"""

import argparse
from pathlib import Path

from stsdemo.paths import data_dir
from stsdemo.training.mlm import gather_corpus

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("lang", choices=["zh", "en"])
parser.add_argument("out")
parser.add_argument("--data-dir", default=None)
args = parser.parse_args()
root = data_dir(args.data_dir)
if root is None:
    raise SystemExit("error: no data folder (pass --data-dir or set STSDEMO_DATA)")
sentences = gather_corpus(args.lang, root)
Path(args.out).parent.mkdir(parents=True, exist_ok=True)
Path(args.out).write_text("\n".join(sentences) + "\n", encoding="utf-8")
print(f"{args.out}: {len(sentences):,} sentences")
