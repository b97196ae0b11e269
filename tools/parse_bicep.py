"""Parse every infra/*.bicep file with pycep (the parser checkov uses): checkov skips a file it cannot
parse and still exits 0, so `make lint` runs this first to turn a syntax error into a failure."""

from __future__ import annotations

import sys
from pathlib import Path

from pycep import BicepParser


def main(root: str = "infra") -> int:
    failures = 0
    for path in sorted(Path(root).rglob("*.bicep")):
        try:
            BicepParser().parse(file_path=path)
        except Exception as exc:  # lark raises several unrelated exception types
            failures += 1
            print(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
