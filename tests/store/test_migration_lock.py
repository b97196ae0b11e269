"""Several processes opening a new database at once: one migrates, the others wait and find it at head.

Each child slows Alembic down right after it has read the database's revision, so without the lock
every child reads "no tables" and then creates them (`table … already exists`): the race is certain,
not left to scheduling luck.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from alembic.runtime.migration import MigrationContext
    from store import Store

    url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    real = MigrationContext.get_current_heads
    slowed = []

    def slow_heads(self):
        heads = real(self)
        slowed.append(heads)
        time.sleep(1.0)  # another process reads the same revision meanwhile, unless a lock keeps it out
        return heads

    MigrationContext.get_current_heads = slow_heads

    async def main():
        store = await Store.open(url)
        await store.close()

    ready.touch()
    while not go.exists():
        time.sleep(0.01)
    asyncio.run(main())
    print("read revisions:", slowed)
    """
)
PROCESSES = 3


def test_concurrent_first_opens_migrate_once(database_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, database_url, str(tmp_path / f"ready{i}"), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready{i}").exists() for i in range(PROCESSES)):
        assert time.monotonic() < deadline, "children did not start"
        time.sleep(0.05)
    go.touch()
    outcomes = [child.communicate(timeout=180) for child in children]
    codes = [child.returncode for child in children]
    assert codes == [0] * PROCESSES, [err[-600:] for _out, err in outcomes]
    reads = [out for out, _err in outcomes]
    assert all("read revisions: [" in out for out in reads)  # the slowdown was in the path of each
    # Exactly one child found an empty database; the others waited and read the head revision.
    assert sum("read revisions: [()" in out for out in reads) == 1, reads
