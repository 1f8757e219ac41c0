"""Bytes to text: size limit, binary detection, encoding detection.

A byte-order mark decides UTF-8/16/32 first; otherwise NUL bytes mean binary,
UTF-8 is tried strictly, then as UTF-8 with a few stray bytes replaced (with a
warning naming the file), and charset-normalizer guesses among the legacy
encodings this field's text comes in (cp1251, koi8-r, cp1252...).
Whatever cannot be decoded into readable text is rejected with the reason.
"""

from __future__ import annotations

import codecs
import warnings

from charset_normalizer import from_bytes

from accord.errors import InputRejected

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Legacy encodings news text in this field arrives in: Cyrillic (Russian, Kyrgyz, Uzbek,
# Kazakh) and Western European. Guessing among all code pages lets short Western text
# come out as Central European (cp1250: "à" read as "ŕ").
_LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "cp1254"]
# Magic numbers of formats people drop into folders by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "a SQLite database",
    b"\xd0\xcf\x11\xe0": "an MS Office document",
}


def check_size(size: int, limit: int, source: str) -> None:
    """Reject inputs over ``limit`` bytes before reading them."""
    if size > limit:
        raise InputRejected(
            source,
            f"too large: {size:,} bytes, over the limit of {limit:,} "
            "(raise it with --max-bytes or ACCORD_MAX_BYTES)",
        )


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` to text or raise :class:`InputRejected` saying why it is not text."""
    if not data.strip():
        raise InputRejected(source, "empty file")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputRejected(source, f"binary file ({what}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _readable(data.decode(encoding), source)
            except UnicodeDecodeError as exc:
                raise InputRejected(source, f"cannot decode as {encoding}: {exc.reason}") from exc
    # NUL is valid UTF-8 but never part of an article; without a UTF-16/32 mark it means binary
    # (and PostgreSQL text columns cannot hold it).
    if b"\x00" in data:
        raise InputRejected(source, "binary file (contains NUL bytes), not text")
    try:
        return _readable(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, bad = mostly
        warnings.warn(
            f"{source}: {bad} byte sequence(s) are not valid UTF-8; read as UTF-8 with each "
            "replaced by U+FFFD",
            DecodingWarning,
            stacklevel=2,
        )
        return _readable(text, source)
    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best() or from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputRejected(source, "cannot detect the text encoding")
    return _readable(str(best), source)


class DecodingWarning(UserWarning):
    """A text was read with a few undecodable bytes replaced."""


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few stray bytes: the text with them replaced, and how many. Read as
    a legacy code page it would be garbled whole ('ASTANA вЂ” President'). A legacy text
    has no valid multi-byte sequence, or many invalid ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if wide and bad <= max(_STRAY_BYTES, len(text) // 200):
        return text, bad
    return None


_STRAY_BYTES = 8  # undecodable sequences tolerated in a UTF-8 text (more in long ones)


def _readable(text: str, source: str) -> str:
    if not text.strip():
        raise InputRejected(source, "empty file")
    sample = text[:20000]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if control > max(8, len(sample) // 50):
        raise InputRejected(source, "binary file (control characters), not text")
    return text
