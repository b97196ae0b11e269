"""An HR spreadsheet (upn, department, city, optional number) becomes desired-state additions.

Header names are case-insensitive and common aliases are accepted; every bad row is reported with its
line number, and nothing is applied unless all rows are valid (or the caller asks to skip them).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from provisioning.current import CurrentState
from provisioning.export import slug
from provisioning.model import PhoneSystem, PhoneUser, Pool, e164

ALIASES = {
    "upn": {"upn", "userprincipalname", "user principal name", "email", "mail", "e-mail", "login"},
    "department": {"department", "dept", "division", "agency"},
    "city": {"city", "office city", "location", "office", "site"},
    "number": {
        "number",
        "phone",
        "phone number",
        "phonenumber",
        "telephone",
        "telephonenumber",
        "telephone number",
        "did",
    },
}
_UPN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class StaffRow:
    line: int
    upn: str
    department: str
    city: str
    number: str | None


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def render(self, source: str) -> str:
        return f"{source}:{self.line}: {self.field}: {self.message}"


def _column_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = " ".join(raw.strip().lower().replace("_", " ").split())
        for canonical, names in ALIASES.items():
            if name in names or name.replace(" ", "") in names:
                found.setdefault(canonical, index)
    missing = [c for c in ("upn", "department", "city") if c not in found]
    return found, missing


def parse_staff_csv(text: str) -> tuple[list[StaffRow], list[RowError]]:
    """Rows and row errors (line numbers as a spreadsheet shows them: the header is line 1)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "(file)", "the file is empty; expected a header with upn, department, city")]
    columns, missing = _column_map(header)
    if missing:
        return [], [
            RowError(1, "header", f"missing column(s) {', '.join(missing)} (found: {', '.join(header)})")
        ]
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue

        def cell(name: str, record: list[str] = record) -> str:
            index = columns.get(name)
            return record[index].strip() if index is not None and index < len(record) else ""

        upn, department, city, raw_number = (
            cell("upn").lower(),
            cell("department"),
            cell("city"),
            cell("number"),
        )
        problems = []
        if not _UPN.match(upn):
            problems.append(
                RowError(line, "upn", f"{upn!r} is not a user principal name" if upn else "is empty")
            )
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
        if problems:
            errors.extend(problems)
            continue
        seen[upn] = line
        rows.append(StaffRow(line, upn, department, city, number))
    return rows, errors


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
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # spreadsheets saved by older Excel
    return parse_staff_csv(text)
