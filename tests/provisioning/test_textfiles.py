"""Reading an admin's file: encodings Excel and Notepad produce, and the refusals that replace
UnicodeDecodeError and IsADirectoryError tracebacks."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from provisioning import textfiles
from provisioning.onboarding import read_staff_csv
from provisioning.textfiles import UnreadableFile, decode, read_text


def test_utf8_with_and_without_bom() -> None:
    assert decode(codecs.BOM_UTF8 + "Café\n".encode(), "f") == "Café\n"
    assert decode("Café\n".encode(), "f") == "Café\n"


def test_legacy_encoding_is_tried_before_refusing() -> None:
    assert decode("Café\n".encode("cp1252"), "f", legacy="cp1252") == "Café\n"


def test_bytes_that_are_not_utf8_are_refused_with_line_and_column() -> None:
    with pytest.raises(UnreadableFile) as refused:
        decode(b"a: 1\nb: caf\xe9\n", "f.yaml")
    assert refused.value.render() == "f.yaml:2: is not UTF-8 (byte 0xe9 at column 7); save it as UTF-8"


def test_utf16_is_refused_with_the_hint_given() -> None:
    data = codecs.BOM_UTF16_LE + "upn\tcity\n".encode("utf-16-le")
    with pytest.raises(UnreadableFile) as refused:
        decode(data, "staff.csv", wide_hint="use CSV UTF-8")
    assert refused.value.render() == 'staff.csv: is saved as UTF-16 ("Unicode"); use CSV UTF-8'


def test_nul_bytes_name_their_line() -> None:
    with pytest.raises(UnreadableFile) as refused:
        decode(b"one\ntwo\nth\0ree\n", "f")
    assert refused.value.line == 3


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="is a directory, not a file"):
        read_text(tmp_path)
    with pytest.raises(UnreadableFile, match="no such file"):
        read_text(tmp_path / "absent.yaml")


def test_excel_unicode_text_export_gets_the_save_as_hint(tmp_path: Path) -> None:
    path = tmp_path / "staff.txt"
    path.write_bytes(
        codecs.BOM_UTF16_LE + "upn\tdepartment\tcity\r\na@x.example\tParks\tLakeside\r\n".encode("utf-16-le")
    )
    rows, errors = read_staff_csv(path)
    assert rows == [] and len(errors) == 1
    rendered = errors[0].render(str(path))
    assert rendered.startswith(f"{path}: is saved as UTF-16")
    assert '"Unicode text" export' in rendered and "CSV UTF-8 (Comma delimited)" in rendered


def test_a_latin1_spreadsheet_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes("upn,department,city\na@x.example,Café,Lakeside\n".encode("cp1252"))
    rows, errors = read_staff_csv(path)
    assert errors == [] and rows[0].department == "Café"


def test_a_file_past_the_size_cap_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textfiles, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(UnreadableFile, match="is larger than 1 MB"):
        read_text(path)
    path.write_bytes(b"#" * (1024 * 1024))
    assert len(read_text(path)) == 1024 * 1024


def test_nul_bytes_get_the_plain_hint_not_the_excel_one() -> None:
    """Excel's Unicode export always starts with a byte-order mark; NULs without one are something else."""
    with pytest.raises(UnreadableFile) as refused:
        decode(b"upn\0", "staff.csv", wide_hint="Excel hint")
    assert refused.value.message.endswith("; save it as UTF-8")
