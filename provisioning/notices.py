"""Notices for the owner of something provisioning manages (a pop-up line about to expire, …): plain data
a scheduled job hands to the bot, which sends each to the owner's personal chat (bot/scheduler.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OwnerWarning:
    owner_upn: str
    title: str  # one line: "Pop-up line Flu clinic expires in 3 days"
    text: str  # what to do about it, in a sentence or two
    facts: tuple[tuple[str, str], ...] = ()  # ("Number", "+1 561 555 0100"), ("Expires", "Fri 6 Nov")
