#!/usr/bin/env bash
# Refresh the README gallery: the browser tests take the screenshots (tests/artifacts/gallery-*.png),
# then each is copied into docs/img/ as a 256-colour PNG (the total stays under ~3 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python )}
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False TOKENIZERS_PARALLELISM=false
rm -f tests/artifacts/gallery-*.png
"$PY" -m pytest -q tests/test_browser_gallery.py
mkdir -p docs/img
rm -f docs/img/gallery-*.png
"$PY" - <<'PYEOF'
from pathlib import Path

from PIL import Image

total = 0
for src in sorted(Path("tests/artifacts").glob("gallery-*.png")):
    image = Image.open(src).convert("RGB")
    if image.width > 1440:
        image = image.resize((1440, round(image.height * 1440 / image.width)))
    out = Path("docs/img") / src.name
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    total += out.stat().st_size
print(f"docs/img: {total / 1e6:.2f} MB")
PYEOF
