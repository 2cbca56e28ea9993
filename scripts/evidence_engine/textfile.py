"""An editor's file as text: UTF-8, with or without a byte-order mark, or a problem at the first byte that is not."""

from __future__ import annotations

from .problems import Problem


def decode(data: bytes, shown: str, hint: str = "save the file as UTF-8") -> tuple[str, list[Problem]]:
    """The text (bytes that are not UTF-8 replaced, so the rest still reads) and the problem of the first of them,
    at its line, naming the byte (a Latin-1 or Windows export shows as 0xe9, 0xfc, …)."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"bytes that are not UTF-8 (byte 0x{data[error.start]:02x})"
        return data.decode("utf-8-sig", errors="replace"), [Problem(shown, line, message, hint)]
