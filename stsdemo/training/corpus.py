"""Training inputs that are not labelled pairs: sentence corpora and NLI triplets.

* A *corpus* (unsupervised SimCSE) is a list of sentences: one per line of a text file, the
  ``wiki1m`` head, the Multi-CPR e-commerce queries, or the sentences of any pair set.
* An *NLI triplet* (supervised SimCSE, Gao et al. 2021, sec. 4) is ``(premise, entailment,
  contradiction)``: the entailed hypothesis is the positive, the contradicted one a hard negative.
  SNLI / Chinese-SNLI give labelled (premise, hypothesis) pairs; triplets are formed per premise.
"""

from __future__ import annotations

from pathlib import Path

from stsdemo.data import load_pairs
from stsdemo.data.catalog import CATALOG
from stsdemo.data.lines import read_lines
from stsdemo.data.text import read_text
from stsdemo.errors import DataError
from stsdemo.paths import data_dir

MAX_CORPUS = 2_000_000
NLI_LABELS = ("entailment", "neutral", "contradiction")

#: corpus name -> (splits, path relative to the data folder with ``{split}``, description)
CORPORA = {
    "wiki1m": (("train",), "en/wiki1m-head/wiki1m_for_simcse.head.txt", "wiki1m head (SimCSE), 11,913 sentences"),
    "multicpr-ecom": (("train", "dev"), "zh/multicpr-ecom/{split}.query.txt", "Multi-CPR e-commerce queries"),
}
#: NLI set name -> (splits, description); join several with commas, e.g. ``snli-zh:dev,cmnli:dev``
NLI_SETS = {
    "snli": (("dev", "test"), "SNLI (English), triplets per premise"),
    "snli-zh": (("dev", "test"), "Chinese-SNLI, triplets per premise"),
    "cmnli": (("dev",), "Chinese-MNLI (its test split is unlabelled)"),
    "ocnli": (("dev",), "OCNLI, native Chinese NLI (its test split is unlabelled)"),
}
_ZH_NLI_FOLDERS = {"snli-zh": "Chinese-SNLI", "cmnli": "Chinese-MNLI", "ocnli": "OCNLI"}


def _data_file(rel: str, name: str) -> Path:
    root = data_dir()
    if root is None:
        raise DataError(f"{name} is read from the data folder: set STSDEMO_DATA to the shared data folder.")
    path = root / rel
    if not path.is_file():
        raise DataError(f"{name}: {rel} not found in the data folder.")  # relative: no server path
    return path


def read_sentences(path: str | Path, name: str | None = None, column: int | None = None) -> list[str]:
    """One sentence per line (:func:`stsdemo.data.lines.read_lines`), or field ``column`` of tab-separated lines.

    Training corpora take long lines (the tokenizer truncates) and need at least 2 sentences. Without
    ``column`` a tab means the user gave a pair file, so it is refused with the line number; a line
    reading ``nan`` is refused as a missing value a spreadsheet wrote out.
    """
    lines = read_lines(
        path, name=name, column=column, refuse_tabs=column is None, min_lines=2, max_lines=MAX_CORPUS, max_chars=None
    )
    for text, number in zip(lines.texts, lines.numbers, strict=True):
        if text.lower() == "nan":
            raise DataError(f"{name or Path(path).name}, line {number}: the sentence is 'nan' (a missing value?).")
    return lines.texts


def load_corpus(spec: str, limit: int | None = None) -> list[str]:
    """Sentences for unsupervised training: a corpus name, a pair or NLI set's sentences, or a text file."""
    name, sep, split = spec.partition(":")
    if sep and name in CORPORA:
        splits, rel, _ = CORPORA[name]
        if split not in splits:
            raise DataError(f"{name} has splits {', '.join(splits)}; got {split!r}.")
        column = 1 if name == "multicpr-ecom" else None  # "qid<TAB>query" lines
        sentences = read_sentences(_data_file(rel.format(split=split), spec), spec, column)
    elif sep and name in NLI_SETS:
        sentences = list(dict.fromkeys(s for triplet in load_nli(spec) for s in triplet))
    elif sep and name in CATALOG:
        sentences = load_pairs(spec).sentences()
    elif Path(spec).is_file():
        sentences = read_sentences(spec)
    else:
        known = ", ".join(f"{n}:{'|'.join(s)}" for n, (s, _, _) in CORPORA.items())
        raise DataError(f"Unknown corpus {spec!r}: give {known}, a pair set NAME:SPLIT, or a text file.")
    return sentences[:limit] if limit else sentences


def _nli_rows(spec: str) -> list[tuple[str, str, str]]:
    """``(premise, hypothesis, label)`` rows of a named NLI set."""
    name, _, split = spec.partition(":")
    splits, _ = NLI_SETS[name]
    if split not in splits:
        raise DataError(f"{name} has splits {', '.join(splits)}; got {split!r}.")
    if name == "snli":  # parallel files s1.SPLIT, s2.SPLIT, labels.SPLIT (tokenised text)
        s1, s2, labels = (
            read_text(_data_file(f"en/snli/{f}.{split}", spec)).splitlines() for f in ("s1", "s2", "labels")
        )
        if not len(s1) == len(s2) == len(labels):
            raise DataError(f"{spec}: s1, s2 and labels files differ in length.")
        return [(a.strip(), b.strip(), c.strip()) for a, b, c in zip(s1, s2, labels, strict=True)]
    return _tsv_nli(_data_file(f"zh/csts/{_ZH_NLI_FOLDERS[name]}/{split}.txt", spec), spec)


def _tsv_nli(path: str | Path, name: str) -> list[tuple[str, str, str]]:
    rows = []
    for i, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 3:
            raise DataError(f"{name}, line {i}: expected 3 tab-separated fields, found {len(fields)}.")
        rows.append((fields[0], fields[1], fields[2]))
    return rows


def triplets_from_nli(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Group ``(premise, hypothesis, label)`` rows by premise into ``(premise, entailed, contradicted)``.

    Each entailed hypothesis is paired with one contradiction of the same premise (cycled when there
    are fewer), as in SimCSE's supervised data; premises lacking either label are dropped.
    """
    by_premise: dict[str, dict[str, list[str]]] = {}
    for premise, hypothesis, label in rows:
        if label in ("entailment", "contradiction") and premise and hypothesis:
            by_premise.setdefault(premise, {"entailment": [], "contradiction": []})[label].append(hypothesis)
    triplets = []
    for premise, groups in by_premise.items():
        ent, con = groups["entailment"], groups["contradiction"]
        triplets += [(premise, e, con[i % len(con)]) for i, e in enumerate(ent)] if con else []
    return triplets


def load_nli(spec: str, limit: int | None = None) -> list[tuple[str, str, str]]:
    """NLI triplets from named sets (``snli:dev``, ``snli-zh:test``, ``cmnli:dev``, ``ocnli:dev``;
    several joined by commas) or a user's file.

    A user file is tab-separated: ``premise<TAB>hypothesis<TAB>label`` (label entailment / neutral /
    contradiction) or ready triplets ``anchor<TAB>positive<TAB>negative``.
    """
    parts = [part.strip() for part in spec.split(",")]
    if all(":" in part and part.partition(":")[0] in NLI_SETS for part in parts):
        triplets = [t for part in parts for t in triplets_from_nli(_nli_rows(part))]
    elif Path(spec).is_file():
        rows = _tsv_nli(spec, Path(spec).name)
        if all(r[2] in NLI_LABELS for r in rows):
            triplets = triplets_from_nli(rows)
        else:
            for i, row in enumerate(rows, 1):
                if not all(row):
                    raise DataError(f"{Path(spec).name}, row {i}: an empty field.")
            triplets = rows
    else:
        known = ", ".join(f"{n}:{'|'.join(s)}" for n, (s, _) in NLI_SETS.items())
        raise DataError(f"Unknown NLI set {spec!r}: give {known} (several joined by commas) or a TSV file.")
    if not triplets:
        raise DataError(f"{spec}: no (premise, entailment, contradiction) triplets found.")
    return triplets[:limit] if limit else triplets
