"""New object ids for voice apps: random like the service's, or from a seeded generator while a seed
builds its voice apps through the same cmdlets (so the same seed date gives the same ids)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_RNG: ContextVar[random.Random | None] = ContextVar("teams_id_rng", default=None)


def new_id() -> str:
    rng = _RNG.get()
    if rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@contextmanager
def seeded_ids(rng: random.Random) -> Iterator[None]:
    token = _RNG.set(rng)
    try:
        yield
    finally:
        _RNG.reset(token)
