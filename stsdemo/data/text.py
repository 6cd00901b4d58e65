"""Bytes from a user's file to text, whatever its encoding, without ever guessing silently wrong.

Order of decisions (first that applies):

1. A byte-order mark says the encoding: UTF-8, UTF-16 (LE/BE) or UTF-32 -> decoded strictly.
2. NUL bytes (without a UTF-16/32 mark) -> binary data, refused (UTF-16 without a BOM lands here too;
   the message says to save the file as UTF-8).
3. Strict UTF-8.
4. A Chinese double-byte code: GB18030 (a superset of GBK and GB2312) or Big5. Almost any byte string
   decodes under both, so "it decoded" proves nothing: Big5 read as GBK gives kana, Cyrillic and rare
   ideographs (``今天天氣很好`` -> ``さぱぱ...``). Each reading is scored by the share of its non-ASCII
   characters that are *common* in its own standard - GB2312's symbol rows and hanzi (the 6,763 of
   everyday simplified text) for GB18030, Big5's symbols and level-1 hanzi (its 5,401 frequent
   characters) for Big5 - and the better reading wins; GB wins ties (a one-character file cannot be
   told apart). When neither reading looks like text, the file is refused with a message rather than
   shown as mojibake.

Why hand-written rather than ``charset-normalizer`` (installed): on one short GBK line it answers
``cp949`` (Korean) and would garble the most common case here; the question asked here is narrower
(which of two Chinese codes), and both standards publish which of their characters are the common ones.

Example:
    >>> decode("今天天氣很好。我們一起去公園散步吧。".encode("big5"))
    '今天天氣很好。我們一起去公園散步吧。'
    >>> decode("今天天气很好".encode("gbk")), decode("\\ufeffhi".encode("utf-16"))
    ('今天天气很好', 'hi')
"""

from __future__ import annotations

import codecs
from pathlib import Path

from stsdemo.errors import DataError

MAX_BYTES = 200 * 1024 * 1024

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A reading whose non-ASCII characters are common in its own standard at least this often is text.
_PLAUSIBLE = 0.6
_SAMPLE = 20_000  # characters scored per reading: enough to decide, cheap on a 200 MB file


def _common_gb(char: str) -> bool:
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return lead <= 0xA3 or lead >= 0xB0  # rows 1-3: punctuation, full-width forms; from row 16: hanzi


def _common_big5(char: str) -> bool:
    try:
        code = int.from_bytes(char.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E  # symbols; level-1 hanzi


def _plausibility(text: str, common) -> float:
    """Share of ``text``'s non-ASCII characters that ``common`` accepts (1.0 when all are ASCII)."""
    wide = [c for c in text[:_SAMPLE] if ord(c) > 0x7F and not c.isspace()]
    return sum(map(common, wide)) / len(wide) if wide else 1.0


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _chinese_double_byte(data: bytes, name: str) -> str:
    readings = {}
    for label, encodings, common in (
        ("GBK", ("gb18030",), _common_gb),
        ("Big5", ("cp950", "big5hkscs"), _common_big5),  # Windows' Big5 first, then the Hong Kong superset
    ):
        text = next((t for t in (_strict(data, e) for e in encodings) if t is not None), None)
        if text is not None:
            readings[label] = (_plausibility(text, common), text)
    if not readings:
        raise DataError(
            "{name}: could not decode the text as UTF-8, GBK or Big5. Save it as UTF-8 and try again.", name=name
        )
    score, text = max(readings.values(), key=lambda r: r[0])  # dicts keep order: GBK first, so GBK wins ties
    if score < _PLAUSIBLE:
        tried = " or ".join(readings)
        raise DataError(
            "{name}: not UTF-8, and read as {tried} it gives unlikely characters (wrong encoding?). "
            "Save it as UTF-8 and try again.",
            name=name,
            tried=tried,
        )
    return text


def decode(data: bytes, name: str = "file") -> str:
    """Decode a text file's bytes (see the module docstring); BOMs are dropped, binary is refused.

    Raises :class:`DataError` for binary data or text in an encoding that cannot be told apart.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                label = encoding.upper().removesuffix("-SIG")
                raise DataError(f"{name}: starts with a {label} byte-order mark but is not valid {label}.")
            return text.replace("\ufeff", "")
    if b"\x00" in data[:4096]:
        raise DataError(
            "{name} looks like a binary file, not text (CSV, TSV, JSONL or TXT expected; "
            "UTF-16 needs its byte-order mark, or save it as UTF-8).",
            name=name,
        )
    text = _strict(data, "utf-8")
    if text is None:
        text = _chinese_double_byte(data, name)
    return text.replace("\ufeff", "")  # BOMs inside fields (ATEC's train file has them)


def read_bytes(source: str | Path | bytes, name: str | None = None, max_bytes: int | None = None) -> tuple[bytes, str]:
    """A file's bytes (refusing files over ``max_bytes`` before reading) or an upload's, and its name.

    The name shown in messages is ``name`` or the path as the user gave it, never a resolved path.
    A symbolic link is followed: the CLI reads the local user's own files (the app's path gate
    decides, before this, which paths a web visitor may name).
    """
    if isinstance(source, bytes):
        return source, name or "upload"
    path = Path(source)
    shown = name or str(source)
    if path.is_dir():
        raise DataError(f"{shown} is a folder; give a file.")
    if not path.is_file():
        raise DataError(f"No such file: {shown} (not found; check the path).")
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(
            "{name} is {mb:,.0f} MB; the limit is {limit:,.0f} MB.",
            name=path.name,
            mb=size / 1e6,
            limit=max_bytes / 1e6,
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError(f"{shown}: cannot be read ({err.strerror or type(err).__name__}).") from None
    return data, name or path.name


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a text file with :func:`decode`, refusing files over ``max_bytes``."""
    data, name = read_bytes(path, max_bytes=max_bytes)
    return decode(data, name)
