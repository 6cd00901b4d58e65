"""GBK vs Big5: how often :func:`stsdemo.data.text.decode` reads a legacy-encoded Chinese file right,
against ``charset-normalizer`` (the library peer), on real sentences.

Samples of 1, 3 and 10 lines are drawn from the Chinese sets of the data folder (LCQMC, Chinese
STS-B, ATEC, QBQTC test splits), written as GBK, and - for the sentences that Big5 can encode at
all - as Big5 (cp950). Each sample counts as *right* (the original text back), *refused* (a
DataError asking for UTF-8) or *wrong* (silent mojibake, the failure that matters). The Big5
samples are simplified-Chinese sentences that happen to fit Big5, a harder case than real
traditional text. Usage::

    python -m benchmarks.encoding_detection [--trials 300] [--data-dir ../shared/data]
"""

from __future__ import annotations

import argparse
import random

from charset_normalizer import from_bytes

from stsdemo.data.catalog import load_pairs
from stsdemo.data.text import decode
from stsdemo.errors import DataError

SETS = ("lcqmc:test", "stsb-zh:test", "atec:test", "qbqtc:test")


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return any(ord(c) > 127 for c in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=300, help="samples per encoding and length")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sentences = [s for spec in SETS for s in load_pairs(spec, args.data_dir).sentences()]
    random.Random(args.seed).shuffle(sentences)
    print(f"| encoding | lines | ours right | ours refused | ours WRONG | charset-normalizer right (n={args.trials}) |")
    print("|---|---|---|---|---|---|")
    for encoding in ("gbk", "cp950"):
        pool = [s for s in sentences if _encodable(s, encoding)]
        for n in (1, 3, 10):
            right = refused = peer = 0
            for t in range(args.trials):
                text = "\n".join(pool[t * n : (t + 1) * n])
                data = text.encode(encoding)
                try:
                    right += decode(data) == text
                except DataError:
                    refused += 1
                best = from_bytes(data).best()
                peer += best is not None and str(best) == text
            wrong = args.trials - right - refused
            print(f"| {encoding} | {n} | {right} | {refused} | {wrong} | {peer} |")


if __name__ == "__main__":
    main()
