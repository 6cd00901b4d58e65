"""Pair datasets: the public sets by name, and the user's own files."""

from stsdemo.data.catalog import CATALOG, load_pairs
from stsdemo.data.pairfile import read_pair_file
from stsdemo.data.pairs import PairDataset
from stsdemo.data.text import decode, read_text

__all__ = ["CATALOG", "PairDataset", "decode", "load_pairs", "read_pair_file", "read_text"]
