"""The `-Filter` strings Get-CsOnlineUser and Get-CsPhoneNumberAssignment take, for the common subset:
`Prop -eq 'v'`, `-ne`, `-like` (with `*`), `-contains`, joined by `-and`; anything else is refused.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from sandbox.teams.errors import bad_request

CLAUSE = re.compile(
    r"^\s*(\w+)\s+-(eq|ne|like|contains)\s+(?:'([^']*)'|\"([^\"]*)\"|\[?'?([^\]']*)'?\]?)\s*$", re.I
)


def matches(cmdlet: str, expression: str, row: dict[str, Any]) -> bool:
    for clause in re.split(r"\s+-and\s+", expression.strip(), flags=re.I):
        match = CLAUSE.match(clause)
        if not match:
            raise bad_request(cmdlet, f"The filter '{expression}' is not valid: cannot parse '{clause}'.")
        prop, op = match.group(1), match.group(2).lower()
        wanted = next(g for g in match.groups()[2:] if g is not None)
        key = next((k for k in row if k.lower() == prop.lower()), None)
        if key is None:
            raise bad_request(cmdlet, f"The filter '{expression}' is not valid: unknown property '{prop}'.")
        value = row[key]
        if not _test(op, value, wanted):
            return False
    return True


def _test(op: str, value: Any, wanted: str) -> bool:
    if isinstance(value, list):
        texts = [str(v).lower() for v in value]
        return wanted.lower() in texts if op in {"contains", "eq"} else wanted.lower() not in texts
    text = "" if value is None else str(value).lower()
    if isinstance(value, bool):
        text = "true" if value else "false"
    if op == "eq":
        return text == wanted.lower()
    if op == "ne":
        return text != wanted.lower()
    if op == "like":
        return fnmatch.fnmatchcase(text, wanted.lower())
    return wanted.lower() in text
