"""Telephone numbers as an admin types them → E.164, refusing what libphonenumber would silently change.

libphonenumber drops an extension (`;ext=12`, `x99`, `#99`) and turns vanity letters into digits
(`1-800-FLOWERS`); Teams assigns whole E.164 numbers, so either would hand someone a different line.
"""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "US"
_TEL_URI = re.compile(r"^\s*tel:", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")
_SCIENTIFIC = re.compile(r"^\s*\d(?:[.,]\d+)?[eE]\+?\d+\s*$")  # what Excel shows for a long number


def e164(value: str) -> str:
    """Validate and normalise a telephone number to E.164 (`+13215550100`)."""
    text = _TEL_URI.sub("", value, count=1)
    if _SCIENTIFIC.match(text):
        raise ValueError(
            f"{value!r} is in scientific notation, so its last digits are lost: format the column as "
            "Text in the spreadsheet and export it again"
        )
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{value!r} is not a telephone number ({exc})") from None
    if parsed.extension:
        raise ValueError(
            f"{value!r} has an extension ({parsed.extension}); Teams assigns whole numbers: remove it"
        )
    letters = _LETTERS.findall(text)
    if letters:
        raise ValueError(
            f"{value!r} contains letters ({''.join(letters)}); vanity letters are not converted: "
            "write the digits"
        )
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError(f"{value!r} is not a possible telephone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
