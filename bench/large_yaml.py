"""Loading a large desired-state file: a generated ~10 MB phone-system.yaml (90,000 users), timed.

Prints the wall and CPU seconds of `load_phone_system` (libyaml events composed once, bounded, then
validated) and which YAML loader was used. On a shared machine CPU seconds are the steadier figure; the
loader before the bounded parse spent ~71 CPU seconds (376 s wall) on the same file.
Usage: python bench/large_yaml.py [--users 90000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from provisioning.loader import load_phone_system
from provisioning.yaml_safety import LOADER


def write_file(path: Path, users: int) -> None:
    head = (
        "tenant:\n  usage_location: US\n  emergency_locations: {HQ: loc-1}\n"
        "pools:\n  - {name: hq, city: Lakeside}\nusers:\n"
    )
    body = "".join(
        f"  - upn: person.number{i:07d}@lakeside-county.example.gov\n"
        f"    number: '+1561{2_000_000 + i:07d}'\n    emergency_location: HQ\n"
        for i in range(users)
    )
    path.write_text(head + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=90_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "phone-system.yaml"
        write_file(path, args.users)
        size_mb = path.stat().st_size / 1_000_000
        wall, cpu = time.perf_counter(), time.process_time()
        system = load_phone_system(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{size_mb:.1f} MB, {len(system.users)} users with {LOADER.__name__}: "
        f"{wall:.1f} s wall, {cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
