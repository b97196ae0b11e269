"""Bounded YAML: the alias budget and depth limit at their edges, repeated keys, and the same file:line
from libyaml (the C loader) as from PyYAML's pure-Python loader."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioning import yaml_safety
from provisioning.loader import DesiredStateError, parse_phone_system
from provisioning.yaml_safety import ALIAS_BUDGET, MAX_DEPTH, YamlRefused, safe_load

CASES = Path(__file__).parent / "cases"
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(yaml_safety, "LOADER", request.param)
    return request.param


def aliases(uses: int) -> str:
    """An anchored list of 99 values (100 nodes with the list) used `uses` times, one alias a line."""
    return "base: &b [" + ", ".join(["x"] * 99) + "]\nuses:\n" + "".join("  - *b\n" for _ in range(uses))


def test_aliases_up_to_the_budget_load(loader: Any) -> None:
    data, _ = safe_load(aliases(ALIAS_BUDGET // 100))
    assert len(data["uses"]) == 100 and data["uses"][0] == ["x"] * 99


def test_one_alias_past_the_budget_is_refused_on_its_line(loader: Any) -> None:
    with pytest.raises(YamlRefused) as refused:
        safe_load(aliases(ALIAS_BUDGET // 100 + 1))
    assert refused.value.line == 3 + ALIAS_BUDGET // 100  # base, "uses:", then one line per alias
    assert f"more than {ALIAS_BUDGET} values" in refused.value.message


def nested(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "leaf: 1\n"


def test_nesting_to_the_limit_loads_and_one_more_is_refused(loader: Any) -> None:
    data, _ = safe_load(nested(MAX_DEPTH))
    for level in range(MAX_DEPTH - 1):
        data = data[f"k{level}"]
    assert data == {"leaf": 1}
    with pytest.raises(YamlRefused) as refused:
        safe_load(nested(MAX_DEPTH + 1))
    assert refused.value.line == MAX_DEPTH + 1


def test_nesting_beyond_pythons_recursion_limit_is_a_message_not_recursion_error(loader: Any) -> None:
    with pytest.raises(DesiredStateError) as exc:
        parse_phone_system("users: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert exc.value.problems[0].startswith("deep.yaml:1: ")


def test_a_repeated_key_is_refused_but_a_merge_key_may_be_overridden(loader: Any) -> None:
    data, _ = safe_load("d: &d {city: Lakeside, type: oc}\npool: {<<: *d, city: Boca}\n")
    assert data["pool"] == {"city": "Boca", "type": "oc"}
    with pytest.raises(YamlRefused) as refused:
        safe_load("pools:\n  - name: a\n    city: Lakeside\n    name: b\n")
    assert refused.value.line == 4 and "'name' is repeated" in refused.value.message


def test_an_alias_inside_its_own_anchor_is_refused(loader: Any) -> None:
    with pytest.raises(YamlRefused, match=r"alias \*a has no anchor"):
        safe_load("a: &a [1, *a]\n")


def test_libyaml_is_used_when_installed() -> None:
    assert yaml_safety.LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_the_text_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    class Counting(yaml_safety.LOADER):  # type: ignore[name-defined,misc]
        def __init__(self, stream: str) -> None:
            made.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yaml_safety, "LOADER", Counting)
    with pytest.raises(DesiredStateError):
        parse_phone_system("users:\n  - {upn: a@x.example, number: '1-800-FLOWERS'}\n", "f.yaml")
    assert len(made) == 1


@pytest.mark.parametrize(
    "case", yaml.safe_load((CASES / "bad_yaml.yaml").read_text()), ids=lambda c: str(c["name"])
)
def test_both_loaders_point_at_the_same_line(case: dict[str, Any], loader: Any) -> None:
    with pytest.raises(DesiredStateError) as exc:
        parse_phone_system(case["text"], "case.yaml")
    assert any(p.startswith(case["expect"]) for p in exc.value.problems), exc.value.problems


def test_garbage_collection_is_back_on_after_a_refusal() -> None:
    """The parse pauses the collector for speed; a refused file must not leave it off for the process."""
    assert gc.isenabled()
    with pytest.raises(YamlRefused):
        safe_load("a: 1\na: 2\n")
    assert gc.isenabled()
