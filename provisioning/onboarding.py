"""An HR spreadsheet (upn, department, city, optional number) becomes desired-state additions.

Header names are case-insensitive and common aliases are accepted; every bad row is reported with its
line number, and nothing is applied unless all rows are valid (or the caller asks to skip them).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provisioning.current import CurrentState
from provisioning.export import slug
from provisioning.model import PhoneSystem, PhoneUser, Pool
from provisioning.phone_numbers import e164
from provisioning.textfiles import UnreadableFile, read_text

if TYPE_CHECKING:
    import _csv

# Each canonical column and the header names accepted for it, most specific first: an HR export with
# both "Email" and "UserPrincipalName" columns is read by its UPN.
ALIASES = {
    "upn": ("upn", "userprincipalname", "user principal name", "login", "email", "e-mail", "mail"),
    "department": ("department", "dept", "division", "agency"),
    "city": ("city", "office city", "location", "office", "site"),
    "number": (
        "number",
        "telephonenumber",
        "telephone number",
        "phonenumber",
        "phone number",
        "telephone",
        "phone",
        "did",
    ),
}
REQUIRED = ("upn", "department", "city")
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}  # Excel writes ";" in many locales
_SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
_UPN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXCEL_UNICODE_HINT = (
    'this looks like Excel\'s "Unicode text" export (UTF-16, tab-separated): in Excel use '
    'Save As → "CSV UTF-8 (Comma delimited) (*.csv)" and try again'
)


@dataclass(frozen=True)
class StaffRow:
    line: int
    upn: str
    department: str
    city: str
    number: str | None


@dataclass(frozen=True)
class RowError:
    line: int  # 0: the whole file
    field: str
    message: str

    def render(self, source: str) -> str:
        if self.line == 0:
            return f"{source}: {self.message}"
        return f"{source}:{self.line}: {self.field}: {self.message}"


class _Unreadable(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


def _header_name(raw: str) -> str:
    return " ".join(raw.strip().lower().replace("_", " ").split())


def _column_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """canonical → column index (the most specific alias wins), and the required columns missing."""
    ranked: dict[str, tuple[int, int]] = {}
    for index, raw in enumerate(header):
        name = _header_name(raw)
        for canonical, names in ALIASES.items():
            key = name if name in names else name.replace(" ", "")
            if key in names and (canonical not in ranked or names.index(key) < ranked[canonical][0]):
                ranked[canonical] = (names.index(key), index)
    found = {canonical: index for canonical, (_rank, index) in ranked.items()}
    return found, [c for c in REQUIRED if c not in found]


def _header_problem(header: list[str], columns: dict[str, int], missing: list[str]) -> str | None:
    names = [_header_name(raw) for raw in header]
    for index in columns.values():
        if names.count(names[index]) > 1:
            second = names.index(names[index], index + 1) + 1
            return f"column {header[index].strip()!r} appears twice (columns {index + 1} and {second})"
    if not missing:
        return None
    looks_like_data = next((cell.strip() for cell in header if _UPN.match(cell.strip())), None)
    if looks_like_data:
        return (
            f"this line is data ({looks_like_data}), not a header: add a header line such as "
            "upn,department,city,number"
        )
    accepted = "; ".join(f"{c}: {', '.join(ALIASES[c])}" for c in missing)
    found = ", ".join(cell.strip() for cell in header) or "nothing"
    return f"missing column(s) {', '.join(missing)} (found: {found}; accepted names {accepted})"


def _open_reader(text: str) -> tuple[_csv.Reader, list[str], dict[str, int], str | None]:
    """The reader past its header, for the first delimiter whose header names every required column.

    Excel's `sep=;` first line, when present, decides the delimiter and is skipped.
    """
    text = text.lstrip("\ufeff")
    declared = _SEP_LINE.match(text)
    candidates = [declared.group(1)] if declared else list(_DELIMITERS)
    for delimiter in [*candidates, candidates[0]]:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        if declared:
            next(reader, None)
        header = next(reader, [])
        columns, missing = _column_map(header)
        if not missing:
            break
    return reader, header, columns, _header_problem(header, columns, missing)


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"a cell is longer than {csv.field_size_limit()} characters from this line on: "
            'is a quote (") left open?'
        )
    return f"not a readable CSV ({text})"


def parse_staff_csv(text: str) -> tuple[list[StaffRow], list[RowError]]:
    """Rows and row errors (line numbers as a spreadsheet shows them: the header is line 1).

    A problem with the file itself (header, encoding, an unreadable cell) returns no rows at all, so
    --skip-invalid never onboards half a file.
    """
    if not text.strip("\ufeff \r\n"):
        return [], [RowError(1, "(file)", "the file is empty; expected a header with upn, department, city")]
    reader, header, columns, problem = _open_reader(text)
    if problem:
        return [], [RowError(reader.line_num, "header", problem)]
    try:
        records = _records(reader)
    except _Unreadable as exc:
        return [], [exc.error]
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    numbers: dict[str, int] = {}
    typical = _typical_width(records)
    for line, record in records:
        extra = [cell for cell in record[len(header) :] if cell.strip()]
        if extra or len(record) > max(len(header), typical):
            errors.append(_extra_cells(line, record, header, reader.dialect.delimiter))
            continue
        row, problems = _row(line, record, columns, seen, numbers)
        errors.extend(problems)
        rows.extend([row] if row else [])
    return rows, errors


def _records(reader: _csv.Reader) -> list[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on (a quoted cell may span lines)."""
    out = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                out.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _Unreadable(RowError(line, "(file)", _csv_problem(exc))) from None
    return out


def _typical_width(records: list[tuple[int, list[str]]]) -> int:
    """The commonest number of cells (the smaller on a tie): a row wider than the rest has a stray comma
    even when its extra cell is empty, while a file whose every row ends in a comma is fine."""
    counts = Counter(len(record) for _line, record in records)
    return min((-n, width) for width, n in counts.items())[1] if counts else 0


def _extra_cells(line: int, record: list[str], header: list[str], delimiter: str) -> RowError:
    return RowError(
        line,
        "(row)",
        f"{len(record)} cells but the header has {len(header)}: "
        f"put a cell that contains a {_DELIMITERS.get(delimiter, repr(delimiter))} in double quotes",
    )


def _row(
    line: int, record: list[str], columns: dict[str, int], seen: dict[str, int], numbers: dict[str, int]
) -> tuple[StaffRow | None, list[RowError]]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return record[index].strip() if index is not None and index < len(record) else ""

    upn, department, city, raw_number = cell("upn").lower(), cell("department"), cell("city"), cell("number")
    problems = []
    if not _UPN.match(upn):
        problems.append(RowError(line, "upn", f"{upn!r} is not a user principal name" if upn else "is empty"))
    elif upn in seen:
        problems.append(RowError(line, "upn", f"{upn} is also on line {seen[upn]}"))
    if not department:
        problems.append(RowError(line, "department", "is empty"))
    if not city:
        problems.append(RowError(line, "city", "is empty"))
    number = None
    if raw_number:
        try:
            number = e164(raw_number)
        except ValueError as exc:
            problems.append(RowError(line, "number", str(exc)))
        else:
            if number in numbers:
                problems.append(RowError(line, "number", f"{number} is also on line {numbers[number]}"))
    if problems:
        return None, problems
    seen[upn] = line
    if number:
        numbers[number] = line
    return StaffRow(line, upn, department, city, number), []


def check_against_tenant(
    rows: list[StaffRow], current: CurrentState, pools: dict[str, Pool]
) -> list[RowError]:
    errors = []
    for row in rows:
        if row.upn not in current.users:
            errors.append(RowError(row.line, "upn", f"{row.upn} does not exist in the tenant"))
        if row.number is None and row.city.casefold() not in pools:
            errors.append(
                RowError(
                    row.line, "city", f"no number pool for {row.city!r} (known: {', '.join(sorted(pools))})"
                )
            )
        if row.number is not None and row.number not in current.numbers:
            errors.append(
                RowError(row.line, "number", f"{row.number} is not in the tenant's number inventory")
            )
    return errors


def city_pools(base: PhoneSystem | None, current: CurrentState, pool_name: str | None) -> dict[str, Pool]:
    """casefolded city → the pool its rows draw from: the file's pools, else one per city in the inventory."""
    pools = list(base.pools) if base else []
    if pool_name:
        chosen = next((p for p in pools if p.name == pool_name), None)
        if chosen is None:
            raise ValueError(f"--pool {pool_name!r} is not a pool of the desired-state file")
        cities = {(n.city or "").casefold() for n in current.numbers.values()}
        return dict.fromkeys(cities, chosen)
    out = {(p.city or "").casefold(): p for p in pools if p.city and p.capability == "userAssignment"}
    number_type = base.tenant.number_type if base else "operatorConnect"
    for n in current.numbers.values():
        city = (n.city or "").casefold()
        if city and city not in out and "userAssignment" in n.capabilities and n.number_type == number_type:
            out[city] = Pool(name=slug(n.city or ""), city=n.city, number_type=number_type)
    return out


def onboarding_state(rows: list[StaffRow], base: PhoneSystem | None, pools: dict[str, Pool]) -> PhoneSystem:
    tenant = base.tenant if base else PhoneSystem().tenant
    used = {pools[r.city.casefold()].name: pools[r.city.casefold()] for r in rows if r.number is None}
    users = [
        PhoneUser(
            upn=r.upn,
            number=r.number or "auto",
            pool=None if r.number else pools[r.city.casefold()].name,
            emergency_location=next(
                (k for k in tenant.emergency_locations if k.casefold() == r.city.casefold()), None
            ),
        )
        for r in rows
    ]
    all_pools = {p.name: p for p in (base.pools if base else [])} | used
    return PhoneSystem(tenant=tenant, pools=list(all_pools.values()), users=users)


def read_staff_csv(path: Path) -> tuple[list[StaffRow], list[RowError]]:
    """Rows of an HR spreadsheet file; a file that cannot be read is one whole-file error, not a crash."""
    try:
        text = read_text(path, wide_hint=EXCEL_UNICODE_HINT, legacy="cp1252")  # cp1252: older Excel
    except UnreadableFile as exc:
        return [], [RowError(exc.line or 0, "(file)", exc.message)]
    return parse_staff_csv(text)
