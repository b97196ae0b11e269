"""New/Set/Get/Remove-CsCallQueue, with the service's rules for queues.

Rules: ≤ 20 direct users, each an existing user; groups exist; supported LanguageId; action targets of
the right kind (Forward: person, resource account, voice app or tel: URI; Voicemail: a user;
SharedVoicemail: a group, with LanguageId and exactly one prompt); authorized users are users; LongestIdle
turns presence-based routing on; TimeoutThreshold rounded to 15 s; a queue
with an associated resource account or that another voice app sends calls to cannot be removed.
Alert time 15–180 s, overflow 0–200 and timeout 0–2700 s are refused earlier, while binding.
"""

from __future__ import annotations

from typing import Any

from sandbox.teams.binding import contract, contract_defaults, type_kind
from sandbox.teams.builders import as_list
from sandbox.teams.catalog import language
from sandbox.teams.context import Ctx
from sandbox.teams.errors import bad_request, not_found
from sandbox.teams.ids import new_id
from sandbox.teams.targets import references, target_kind

MAX_DIRECT_USERS = 20
MAX_AGENTS = 200
CONDITIONS = ("Overflow", "Timeout", "NoAgent")
HIDDEN = {"User", "Users", "Tenant", "LineUri", "Identity"}
# quirk: the yaml defaults of NoAgentAction / NoAgentApplyTo say "Disconnect"; the text says Queue and
# AllCalls (voice-apps.md §1.2). The text is what the service does.
DEFAULTS = {"NoAgentAction": "Queue", "NoAgentApplyTo": "AllCalls"}


def queue_fields() -> list[str]:
    """Every property New-CsCallQueue can set, named as Get-CsCallQueue prints it."""
    return sorted(set(contract()["New-CsCallQueue"].parameters) - HIDDEN)


def queue_json(ctx: Ctx, queue: dict[str, Any]) -> dict[str, Any]:
    instances = sorted(
        a.objectId for a in ctx.teams.associations.values() if a.configurationId == queue["Identity"]
    )
    return {**queue, "ApplicationInstances": instances}


def _agents(
    ctx: Ctx, users: list[str], groups: list[str], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    opt_in = {a["ObjectId"]: a["OptIn"] for a in previous}
    ids = list(users)
    members = []
    for group_id in groups:
        members += [
            ctx.tenant.users[m] for m in ctx.tenant.groups[group_id].memberIds if m in ctx.tenant.users
        ]
    for member in sorted(members, key=lambda u: u.displayName):
        if member.id not in ids:
            ids.append(member.id)
    return [{"ObjectId": i, "OptIn": opt_in.get(i, True)} for i in ids[:MAX_AGENTS]]


def _check_members(ctx: Ctx, cmdlet: str, queue: dict[str, Any]) -> None:
    users = queue["Users"]
    if len(users) > MAX_DIRECT_USERS:
        raise bad_request(
            cmdlet,
            f"A call queue can have at most {MAX_DIRECT_USERS} users added directly; {len(users)} given.",
        )
    for user_id in users:
        user = ctx.user(user_id)
        if user is None or ctx.instance(user) is not None:
            raise bad_request(cmdlet, f"Users: {user_id} is not a user in this tenant.")
    for group_id in queue["DistributionLists"]:
        if not ctx.group_exists(group_id):
            raise bad_request(cmdlet, f"DistributionLists: group {group_id} was not found.")
    for user_id in queue.get("AuthorizedUsers") or []:
        user = ctx.user(str(user_id))
        if user is None or ctx.instance(user) is not None:
            raise bad_request(cmdlet, f"AuthorizedUsers: {user_id} is not a user in this tenant.")
    for ra_id in queue.get("OboResourceAccountIds") or []:
        user = ctx.user(ra_id)
        if user is None or ctx.instance(user) is None:
            raise bad_request(cmdlet, f"OboResourceAccountIds: {ra_id} is not a resource account.")
    if queue.get("ChannelId") and not queue.get("ChannelUserObjectId"):
        raise bad_request(cmdlet, "ChannelUserObjectId (a team owner) is required with ChannelId.")


def _check_action(ctx: Ctx, cmdlet: str, queue: dict[str, Any], condition: str) -> None:
    action = queue[f"{condition}Action"]
    raw = queue.get(f"{condition}ActionTarget")
    target = raw["Id"] if isinstance(raw, dict) else raw
    kind = target_kind(ctx, target) if target else None
    where = f"{condition}Action {action}"
    if action in {"Forward", "Voicemail", "SharedVoicemail"} and not target:
        raise bad_request(cmdlet, f"{where} needs {condition}ActionTarget.")
    if action == "Forward" and kind not in {"User", "ApplicationEndpoint", "ConfigurationEndpoint", "Phone"}:
        raise bad_request(
            cmdlet, f"{where}: {target} is not a user, resource account, voice app or tel: URI."
        )
    if action == "Voicemail" and kind != "User":
        raise bad_request(cmdlet, f"{where}: {target} is not a user.")
    if action == "SharedVoicemail":
        if kind != "SharedVoicemail":
            raise bad_request(cmdlet, f"{where}: {target} is not a Microsoft 365 group.")
        if not queue.get("LanguageId"):
            raise bad_request(cmdlet, f"{where} requires LanguageId.")
        prompts = [queue.get(f"{condition}SharedVoicemail{k}Prompt") for k in ("TextToSpeech", "AudioFile")]
        if sum(p is not None for p in prompts) != 1:
            raise bad_request(cmdlet, f"{where} needs exactly one of the TextToSpeech or AudioFile prompts.")
    queue[f"{condition}ActionTarget"] = {"Id": target, "Type": kind} if target else None


def _check(ctx: Ctx, cmdlet: str, queue: dict[str, Any]) -> None:
    _check_members(ctx, cmdlet, queue)
    if queue.get("LanguageId") and language(queue["LanguageId"]) is None:
        raise bad_request(cmdlet, f"LanguageId '{queue['LanguageId']}' is not a supported language.")
    if queue.get("UseDefaultMusicOnHold") and queue.get("MusicOnHoldAudioFileId"):
        raise bad_request(cmdlet, "Use either UseDefaultMusicOnHold or MusicOnHoldAudioFileId, not both.")
    for condition in CONDITIONS:
        _check_action(ctx, cmdlet, queue, condition)
    if queue.get("IsCallbackEnabled"):
        needed = ("CallbackRequestDtmf", "CallbackEmailNotificationTarget")
        offers = ("CallbackOfferTextToSpeechPrompt", "CallbackOfferAudioFilePromptResourceId")
        thresholds = (
            "WaitTimeBeforeOfferingCallbackInSecond",
            "NumberOfCallsInQueueBeforeOfferingCallback",
            "CallToAgentRatioThresholdBeforeOfferingCallback",
        )
        if not all(queue.get(k) for k in needed) or not any(queue.get(k) for k in offers):
            raise bad_request(
                cmdlet, "Callback needs a request key, an offer prompt and a notification group."
            )
        if all(queue.get(k) is None for k in thresholds):
            raise bad_request(cmdlet, "Callback needs at least one condition for offering it.")
    queue["TimeoutThreshold"] = int(round(queue["TimeoutThreshold"] / 15) * 15)  # quirk: 15-second steps
    if str(queue.get("RoutingMethod")).lower() == "longestidle":  # LongestIdle forces presence on (§1.3)
        queue["PresenceBasedRouting"] = True
    queue["UseDefaultMusicOnHold"] = not queue.get("MusicOnHoldAudioFileId")


def _apply(queue: dict[str, Any], params: dict[str, Any]) -> None:
    for name, value in params.items():
        if name in {"User", "Users"}:
            queue["Users"] = [str(v).lower() for v in as_list(value)]
        elif name not in {"Tenant", "LineUri", "Identity"}:
            queue[name] = value
    queue["DistributionLists"] = [str(g).lower() for g in as_list(queue.get("DistributionLists"))]


def new_queue(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    defaults = contract_defaults("New-CsCallQueue")
    queue: dict[str, Any] = {"Identity": new_id(), "TenantId": ctx.tenant.tenantId}
    spec = contract()["New-CsCallQueue"].parameters
    for name in queue_fields():
        queue[name] = DEFAULTS.get(name, defaults.get(name))
        if queue[name] is None:  # unset lists print as empty, unset booleans as False
            queue[name] = {"list": [], "bool": False}.get(type_kind(spec[name].type))
    queue["Users"] = []
    _apply(queue, params)
    _check(ctx, "New-CsCallQueue", queue)
    queue["Agents"] = _agents(ctx, queue["Users"], queue["DistributionLists"], [])
    ctx.teams.callQueues[queue["Identity"]] = queue
    return queue_json(ctx, queue)


def set_queue(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Set-CsCallQueue"
    current = ctx.teams.callQueues.get(str(params["Identity"]).lower())
    if current is None:
        raise not_found(cmdlet, f"Call queue '{params['Identity']}' was not found.")
    queue = {k: v for k, v in current.items()}
    for condition in CONDITIONS:  # stored as {Id, Type}; the service takes ids back
        target = queue.get(f"{condition}ActionTarget")
        queue[f"{condition}ActionTarget"] = target["Id"] if isinstance(target, dict) else target
    _apply(queue, params)
    _check(ctx, cmdlet, queue)
    queue["Agents"] = _agents(ctx, queue["Users"], queue["DistributionLists"], current["Agents"])
    ctx.teams.callQueues[queue["Identity"]] = queue
    return None  # quirk: Set-CsCallQueue prints a diagnostic record, not the queue


def get_queue(ctx: Ctx, params: dict[str, Any]) -> Any:
    if "Identity" in params:
        queue = ctx.teams.callQueues.get(str(params["Identity"]).lower())
        if queue is None:
            raise not_found("Get-CsCallQueue", f"Call queue '{params['Identity']}' was not found.")
        return queue_json(ctx, queue)
    queues = list(ctx.teams.callQueues.values())
    if params.get("NameFilter"):
        needle = params["NameFilter"].lower()  # quirk: "contains", not equality (TACO issue #30)
        queues = [q for q in queues if needle in q["Name"].lower()]
    key = params.get("Sort") or "Name"
    queues.sort(key=lambda q: str(q.get(key) or "").lower(), reverse=bool(params.get("Descending")))
    skip, first = params.get("Skip") or 0, params.get("First") or 100
    page = queues[skip : skip + first]
    if params.get("ExcludeContent"):
        return [{"Identity": q["Identity"], "Name": q["Name"]} for q in page]
    return [queue_json(ctx, q) for q in page]


def remove_queue(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Remove-CsCallQueue"
    queue_id = str(params["Identity"]).lower()
    queue = ctx.teams.callQueues.get(queue_id)
    if queue is None:
        raise not_found(cmdlet, f"Call queue '{params['Identity']}' was not found.")
    associated = queue_json(ctx, queue)["ApplicationInstances"]
    if associated:
        raise bad_request(
            cmdlet,
            f"Call queue '{queue['Name']}' still has resource account(s) {', '.join(associated)} associated; "
            "remove them with Remove-CsOnlineApplicationInstanceAssociation first.",
        )
    users = [
        obj.get("Name")
        for obj in [*ctx.teams.autoAttendants.values(), *ctx.teams.callQueues.values()]
        if obj is not queue and references(obj, queue_id)
    ]
    if users:
        raise bad_request(
            cmdlet, f"Call queue '{queue['Name']}' is still a call target of {', '.join(map(str, users))}."
        )
    del ctx.teams.callQueues[queue_id]
