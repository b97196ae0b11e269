"""graph.teams_admin's errors as the engine's two outcomes, for the voice-app kinds.

Stand-in until the engine's `teams_outcomes` (provisioning/remote/base.py, helper `vaengine`) is merged:
the same mapping, so the lead can swap the import. A lost answer (the worker died, a 5xx, a transient
failure, no worker) is unknown and is read back before anything is sent again; a refusal is final.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.teams_admin import TeamsAdminError, Transient, UnknownOutcome, WorkerUnavailable
from provisioning.remote.base import WriteFailed, WriteUnknown


@contextmanager
def teams_outcomes() -> Iterator[None]:
    try:
        yield
    except (UnknownOutcome, Transient, WorkerUnavailable) as exc:
        raise WriteUnknown(str(exc), code=exc.code) from exc
    except TeamsAdminError as exc:
        raise WriteFailed(str(exc), code=exc.code) from exc
