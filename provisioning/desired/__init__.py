"""The voice-app sections of the desired-state YAML (schedules, resource accounts, call queues, auto
attendants, emergency modes): pydantic models with friendly keys, each converting to and from the domain
model in provisioning.voiceapps.model, which plans diff against the tenant as read."""

from provisioning.desired.targets import TargetSpec

__all__ = ["TargetSpec"]
