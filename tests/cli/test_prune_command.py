"""`switchboard prune` end to end: the real CLI process on its own city sandbox. It applies the file with
prune on, so a number held by someone the file no longer lists goes back to the pool, while `apply` of the
same file leaves it alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.server import SandboxThread
from tests.cli.test_commands import switchboard
from tests.conftest import FAST, seeded


@pytest.fixture
def city() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("city"), FAST).start()
    yield thread
    thread.stop()


def holders(city: SandboxThread) -> dict[str, str]:
    """Number → holder id, from the sandbox's own records."""
    assert city.sandbox is not None
    return {
        n.telephoneNumber: n.assignmentTargetId
        for n in city.sandbox.state.numbers.values()
        if n.assignmentTargetId
    }


def test_prune_frees_what_the_file_no_longer_lists_and_apply_does_not(
    city: SandboxThread, tmp_path: Path
) -> None:
    url = str(city.base_url)
    assert city.sandbox is not None
    state = city.sandbox.state
    people = [u for u in state.users.values() if u.department and u.accountEnabled][:2]
    free = sorted(
        n.telephoneNumber
        for n in state.numbers.values()
        if not n.assignmentTargetId and "userAssignment" in n.capabilities
    )[:2]
    upns = [p.userPrincipalName.lower() for p in people]
    both = tmp_path / "both.yaml"
    both.write_text(
        "users:\n" + "".join(f"  - {{upn: {u}, number: '{n}'}}\n" for u, n in zip(upns, free, strict=True))
    )
    applied = switchboard(url, "apply", "-f", str(both), "--yes")
    assert applied.returncode == 0, applied.stderr
    assert {free[0], free[1]} <= set(holders(city))

    one = tmp_path / "one.yaml"
    one.write_text(f"users:\n  - {{upn: {upns[0]}, number: '{free[0]}'}}\n")
    kept = switchboard(url, "apply", "-f", str(one), "--yes")
    assert kept.returncode == 0, kept.stderr
    assert free[1] in holders(city)  # apply never removes what the file does not mention

    pruned = switchboard(url, "prune", "-f", str(one), "--yes")
    assert pruned.returncode == 0, pruned.stderr
    assert free[1] not in holders(city) and free[0] in holders(city)
