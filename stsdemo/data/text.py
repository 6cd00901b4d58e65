"""Reading user text files whatever their encoding (UTF-8, UTF-8 with BOM, GBK)."""

from __future__ import annotations

from pathlib import Path

from stsdemo.errors import DataError

#: Tried in order; GBK last because almost any byte string decodes as GBK.
ENCODINGS = ("utf-8-sig", "gb18030")
MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes, name: str = "file") -> str:
    """Decode bytes as UTF-8 (BOM stripped) or GBK/GB18030; refuse binary data clearly."""
    if b"\x00" in data[:4096]:
        raise DataError(f"{name} looks like a binary file, not text (CSV, TSV, JSONL or TXT expected).")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding).replace("\ufeff", "")
        except UnicodeDecodeError:
            continue
    raise DataError(f"{name}: could not decode the text as UTF-8 or GBK. Save it as UTF-8 and try again.")


def read_bytes(source: str | Path | bytes, name: str | None = None, max_bytes: int | None = None) -> tuple[bytes, str]:
    """A file's bytes (refusing files over ``max_bytes`` before reading) or an upload's, and its name."""
    if isinstance(source, bytes):
        return source, name or "upload"
    path = Path(source)
    if not path.is_file():
        raise DataError(f"No such file: {path}")
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(f"{path.name} is {size / 1e6:,.0f} MB; the limit is {max_bytes / 1e6:,.0f} MB.")
    return path.read_bytes(), name or path.name


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a text file with :func:`decode`, refusing files over ``max_bytes``."""
    data, name = read_bytes(path, max_bytes=max_bytes)
    return decode(data, name)
