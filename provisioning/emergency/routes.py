"""A traced call in a few words, for the confirmation card, `emergency status` and the drill table (pure):
the apps the call passes through, then where it ends ("Main Line → holiday Emergency eoc → EOC Public
Information → shared voicemail EOC Staff").
"""

from __future__ import annotations

from provisioning.voiceapps import Target, Trace

_PASSES = {"auto_attendant", "call_queue", "period", "overflow"}


def route(traced: Trace) -> str:
    steps: list[str] = []
    for hop in traced.hops:
        if hop.kind not in _PASSES:
            continue
        if hop.kind == "period":
            label = hop.detail.split(":", 1)[0]
            text = f"{label}: {hop.name}" if label.startswith(("holiday", "after hours")) else None
            if text is None:
                continue
        elif hop.kind == "overflow":
            text = "overflow at 0"
        else:
            text = hop.name
        if not steps or steps[-1] != text:
            steps.append(text)
    end = traced.final
    steps.append(f"{end.kind.replace('_', ' ')}{' ' + end.ref if end.ref else ''}")
    return " → ".join(steps)


def reaches(traced: Trace, target: Target) -> bool:
    """Whether the call gets to the mode's target (the drill's check that a line lands in the EOC): an app
    on the way, or the person, number or mailbox the call ends at."""
    if target.kind in ("auto_attendant", "call_queue"):
        return any(h.kind == target.kind and h.name.casefold() == target.ref.casefold() for h in traced.hops)
    return traced.final.kind == target.kind and traced.final.ref.casefold() == target.ref.casefold()
