#!/usr/bin/env bash
# Rebuild the shipped teaching models assets/models/mlm-mini-zh (20 minutes, 2 threads, on an otherwise
# idle 2-core CPU: 7,055 steps) and mlm-mini-en (18 minutes, 1 thread). The runs stop at a wall-time
# budget, so a faster or busier machine trains for more or fewer steps. Needs the shared data folder
# (../shared/data or STSDEMO_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=. HF_HUB_OFFLINE=1
DATA=${STSDEMO_DATA:-../shared/data}
python scripts/gather_corpus.py zh models/corpus-zh.txt --data-dir "$DATA"
python scripts/gather_corpus.py en models/corpus-en.txt --data-dir "$DATA"
python -m stsdemo train mlm --corpus models/corpus-zh.txt --vocab "$DATA/vocab/bert-base-chinese-vocab.txt" \
  --exclude stsb-zh:test --exclude lcqmc:test --exclude pawsx-zh:test --exclude atec:test --data-dir "$DATA" \
  --layers 4 --hidden 256 --min-count 20 --batch-size 32 --time-budget 1200 --threads 2 \
  --out assets/models/mlm-mini-zh
python -m stsdemo train mlm --corpus models/corpus-en.txt --vocab-size 6000 --exclude stsb:test \
  --layers 4 --hidden 128 --batch-size 32 --time-budget 1080 --threads 1 --out assets/models/mlm-mini-en
