"""An admin's file read as text, or one clear refusal: a directory, a missing file, a UTF-16 or UTF-32
export, NUL bytes, bytes that are not UTF-8 (instead of an IsADirectoryError or UnicodeDecodeError)."""

from __future__ import annotations

import codecs
from pathlib import Path

SAVE_AS_UTF8 = "save it as UTF-8"
MAX_BYTES = 64 * 1024 * 1024  # a county's whole tenant is ~10 MB of YAML; /dev/zero must not hang us


class UnreadableFile(Exception):
    """The file cannot be read as text; `line` is 1-based, or None when the whole file is at fault."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.message, self.line = source, message, line
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


def read_bytes(path: Path) -> bytes:
    source = str(path)
    if path.is_dir():
        raise UnreadableFile(source, "is a directory, not a file")
    try:
        with path.open("rb") as stream:  # read, not stat: a pipe (`-f <(…)`) has no size to ask
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableFile(source, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(source, f"cannot read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            source,
            f"is larger than {MAX_BYTES // (1024 * 1024)} MB, the most Switchboard reads from one file",
        )
    return data


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode(data: bytes, source: str, *, wide_hint: str = SAVE_AS_UTF8, legacy: str | None = None) -> str:
    """UTF-8 (a leading BOM dropped); `legacy` is tried before refusing bytes that are not UTF-8.

    `wide_hint` says how to re-save a UTF-16 file (Excel's "Unicode text" export for spreadsheets).
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise UnreadableFile(source, f"is saved as UTF-32; {SAVE_AS_UTF8}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile(source, f'is saved as UTF-16 ("Unicode"); {wide_hint}')
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(source, "is a zip file (an Excel .xlsx workbook?), not a text file")
    nul = data.find(b"\0")
    if nul >= 0:
        line, _ = _line_and_column(data, nul)
        raise UnreadableFile(
            source,
            f"contains NUL bytes: UTF-16 without a byte-order mark, or not a text file; {SAVE_AS_UTF8}",
            line,
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if legacy is not None:
            try:
                return data.decode(legacy)
            except UnicodeDecodeError:
                pass
        line, column = _line_and_column(data, exc.start)
        raise UnreadableFile(
            source, f"is not UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); {SAVE_AS_UTF8}", line
        ) from None


def read_text(path: Path, *, wide_hint: str = SAVE_AS_UTF8, legacy: str | None = None) -> str:
    return decode(read_bytes(path), str(path), wide_hint=wide_hint, legacy=legacy)
