"""Bad YAML and bad CSV: every case gives the message that names the file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioning.loader import DesiredStateError, load_phone_system, parse_phone_system
from provisioning.onboarding import parse_staff_csv

CASES = Path(__file__).parent / "cases"


def cases(name: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((CASES / name).read_text()))


@pytest.mark.parametrize("case", cases("bad_yaml.yaml"), ids=lambda c: c["name"])
def test_bad_yaml_names_line_and_field(case: dict[str, Any]) -> None:
    with pytest.raises(DesiredStateError) as exc:
        parse_phone_system(case["text"], "case.yaml")
    assert any(p.startswith(case["expect"]) for p in exc.value.problems), exc.value.problems


@pytest.mark.parametrize("case", cases("bad_csv.yaml"), ids=lambda c: c["name"])
def test_bad_csv_rows_are_reported_by_line(case: dict[str, Any]) -> None:
    _rows, errors = parse_staff_csv(case["text"])
    rendered = [e.render("staff.csv") for e in errors]
    for expected in case["expect"]:
        assert any(r.startswith(expected) for r in rendered), rendered


def test_csv_aliases_bom_and_blank_lines() -> None:
    rows, errors = parse_staff_csv(
        "\ufeffUserPrincipalName;x\n".replace(";x", ",Department,Office City,Telephone Number")
        + "A@X.example,Transit,Lakeside,(561) 555-2001\n\n"
    )
    assert errors == []
    assert rows[0].upn == "a@x.example" and rows[0].number == "+15615552001" and rows[0].line == 2


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DesiredStateError, match=r"absent\.yaml: no such file"):
        load_phone_system(tmp_path / "absent.yaml")


def test_good_file_normalises(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "tenant:\n  emergency_locations: {HQ: loc-1}\npools:\n  - {name: hq, city: Lakeside, "
        "reserved: ['+15615552000-+15615552009', '+15615552100']}\nusers:\n"
        "  - {upn: Ann@X.example, number: '561-555-2500', emergency_location: HQ}\n"
    )
    system = load_phone_system(path)
    assert system.users[0].upn == "ann@x.example" and system.users[0].number == "+15615552500"
    pool = system.pools[0]
    assert (
        pool.is_reserved("+15615552005")
        and pool.is_reserved("+15615552100")
        and not pool.is_reserved("+15615552010")
    )
