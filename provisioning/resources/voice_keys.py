"""Voice-app names as plan subjects. Journal keys are ':'-separated (provisioning.plan.Step), and the
county's holiday schedules are named "County Holiday: Thanksgiving", so a name's ':' (and '%') are
percent-encoded in the subject and decoded wherever the name is needed again (observers after a crash)."""

from __future__ import annotations

from provisioning.plan import stable_hash
from provisioning.states import to_jsonable


def subject_of(name: str) -> str:
    return name.replace("%", "%25").replace(":", "%3A")


def name_of(subject: str) -> str:
    return subject.replace("%3A", ":").replace("%25", "%")


def state_hash(state: object) -> str:
    """A short fingerprint of a state dataclass: an update's journal key carries the `after` it writes, so
    an observer after a crash can tell whether what it reads back is that write."""
    return stable_hash(to_jsonable(state))[:16]
