"""Every sentence of a data folder laid out like ``shared/data``, with the file it came from.

Why one walker: the MLM pretraining corpus (``scripts/gather_corpus.py``) and the big search corpus
(``scripts/build_big_corpus.py``) must agree on what a "sentence of the data folder" is, and the big
corpus also needs each sentence's source set and split (so benchmarks can leave test splits out).

A line is split into fields on tab / ``||`` (JSON lines: their string values). A field counts as
Chinese when it holds a CJK ideograph, as English when it has at least 3 words; SenTEval's inline
labels (``DESC:manner How ...``, ``3 a gorgeous film``) are stripped. English STS-B (a gzip file) is
read through its dataset reader, split by split.

>>> split_of("zh/csts/LCQMC/test.txt"), split_of("en/snli/s1.dev"), split_of("en/senteval/MR/rt-polarity.neg")
('test', 'dev', 'all')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from stsdemo.data.language import has_cjk

_WORD = re.compile(r"[A-Za-z]+")
#: test sets whose file name does not say "test" (TREC_10 is TREC's test set)
_TEST_FILES = {"TREC_10.label"}


def split_of(relpath: str) -> str:
    """``train`` / ``dev`` / ``test`` from a data file's name, ``all`` when the name says none."""
    name = PurePosixPath(relpath).name
    if name in _TEST_FILES:
        return "test"
    for split in ("test", "dev", "train"):
        if split in name.lower():
            return split
    return "all"


def _fields(line: str) -> list[str]:
    line = line.strip().lstrip("\ufeff")
    if line.startswith("{"):
        try:
            return [v for v in json.loads(line).values() if isinstance(v, str)]
        except ValueError:
            return []
    return [f.strip().lstrip("\ufeff") for f in re.split(r"\t|\|\|", line)]


def _english_text(field: str) -> str:
    # SenTEval keeps labels in the line: "DESC:manner How did ...", "3 a gorgeous film".
    return re.sub(r"^([A-Z]+:\S+|[0-4]) ", "", field).strip()


def _read(path: Path, lang: str) -> str:
    """The file's text; an English file that is not UTF-8 is read as Latin-1 (SenTEval's TREC files
    are ISO-8859-1, which the Chinese-minded decoder refuses as unlikely GBK or Big5)."""
    from stsdemo.data.text import read_text
    from stsdemo.errors import DataError

    try:
        return read_text(path)
    except DataError:
        if lang != "en":
            raise
        return path.read_bytes().decode("latin-1")


def folder_sentences(
    lang: str, root: str | Path, stsb_splits: tuple[str, ...] = ("train", "dev")
) -> Iterator[tuple[str, str]]:
    """``(sentence, relative file path)`` for every sentence field under ``root/lang`` (duplicates kept).

    English STS-B's ``stsb_splits`` are read from its gzip file; their path is reported as
    ``en/stsb/SPLIT`` so that :func:`split_of` sees the split.
    """
    from stsdemo.data.catalog import load_pairs

    root = Path(root)
    for path in sorted(p for p in (root / lang).rglob("*") if p.is_file() and not p.name.endswith(".gz")):
        if "labels." in path.name:
            continue
        rel = path.relative_to(root).as_posix()
        for line in _read(path, lang).splitlines():
            for field in _fields(line):
                if lang == "zh" and has_cjk(field):
                    yield field.strip(), rel
                elif lang == "en" and len(_WORD.findall(text := _english_text(field))) >= 3:
                    yield text, rel
    if lang == "en":
        for split in stsb_splits:
            for sentence in load_pairs(f"stsb:{split}", root).sentences():
                yield sentence.strip(), f"en/stsb/{split}"
