"""Numbers as admins type them: the usual spellings normalise to E.164, while anything libphonenumber
would silently change (an extension dropped, letters turned into digits, Excel's 1.5E+10) is refused."""

from __future__ import annotations

import pytest

from provisioning.phone_numbers import e164


@pytest.mark.parametrize(
    "typed",
    [
        "+15615552001",
        "(561) 555-2001",
        "561.555.2001",
        "+1 561-555-2001",
        "1 561 555 2001",
        " tel:+15615552001 ",
        "５６１５５５２００１",  # full-width digits from a Japanese-locale spreadsheet
    ],
)
def test_usual_spellings_normalise(typed: str) -> None:
    assert e164(typed) == "+15615552001"


def test_other_countries_keep_their_code() -> None:
    assert e164("+44 20 7946 0958") == "+442079460958"


@pytest.mark.parametrize(
    ("typed", "extension"),
    [
        ("+1 561 555 2001;ext=12", "12"),
        ("561-555-2001 x99", "99"),
        ("561-555-2001 ext. 7", "7"),
        ("561-555-2001#4", "4"),
        ("tel:+15615552001;ext=5", "5"),
    ],
)
def test_an_extension_is_refused_not_dropped(typed: str, extension: str) -> None:
    with pytest.raises(ValueError, match=rf"has an extension \({extension}\)"):
        e164(typed)


@pytest.mark.parametrize(
    ("typed", "letters"),
    [("1-800-FLOWERS", "FLOWERS"), ("+1 561 555 CALL", "CALL"), ("+1 561 555 2001 (desk)", "desk")],
)
def test_letters_are_refused_not_converted(typed: str, letters: str) -> None:
    with pytest.raises(ValueError, match=rf"contains letters \({letters}\)"):
        e164(typed)


@pytest.mark.parametrize("typed", ["1.56156E+10", "1,56156E+10", "1.5615552001e10"])
def test_excel_scientific_notation_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="scientific notation"):
        e164(typed)


@pytest.mark.parametrize("typed", ["+1 555", "12", "+1561555200"])
def test_impossible_numbers_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a possible telephone number"):
        e164(typed)
