"""Offline validation of a Teams app manifest against the vendored v1.30 JSON schema (draft-04).

The schema file is Microsoft's own, as bundled in npm `@microsoft/app-manifest` (see schema/SOURCE.md).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, ValidationError

SCHEMA_VERSION = "1.30"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"MicrosoftTeams.v{SCHEMA_VERSION}.schema.json"


@cache
def validator() -> Draft4Validator:
    # quirk: Microsoft's schema files may start with a UTF-8 BOM; utf-8-sig reads both forms.
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8-sig"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def pointer(path: Any) -> str:
    """A JSON pointer such as /bots/0/botId (what Microsoft's validator prints too)."""
    return "/" + "/".join(str(part) for part in path)


def manifest_errors(manifest: dict[str, Any]) -> list[str]:
    """Every schema violation as 'POINTER: message', sorted by location so output is stable."""
    errors = sorted(validator().iter_errors(manifest), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{pointer(error.absolute_path)}: {describe(error)}" for error in errors]


def describe(error: ValidationError) -> str:
    """jsonschema's message quotes the whole offending value; say what is wrong with it instead."""
    if error.validator in ("maxItems", "minItems") and isinstance(error.instance, list):
        bound = "at most" if error.validator == "maxItems" else "at least"
        return f"has {len(error.instance)} items; {bound} {error.validator_value} allowed"
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return f"is {len(error.instance)} characters long; at most {error.validator_value} allowed"
    message = " ".join(error.message.split())
    quoted = repr(error.instance)
    if len(quoted) > 60 and message.startswith(quoted):
        message = "value" + message[len(quoted) :]
    return message if len(message) <= 160 else message[:159] + "…"
