"""Resource accounts and who Teams sees: New/Get/Find-CsOnlineApplicationInstance,
New/Get/Remove-CsOnlineApplicationInstanceAssociation and Get-CsOnlineUser.

A resource account is a disabled Entra user (Graph /users returns it at once) plus an application
instance that Teams sees only after the sync delay. Rules: a UPN on the tenant's domain and not taken;
the RA's ApplicationId must match the voice app type; one RA → one voice app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sandbox.state import ApplicationInstance, User, VoiceAppAssociation
from sandbox.teams.builders import as_list
from sandbox.teams.context import APP_ID_BY_TYPE, Ctx, plans
from sandbox.teams.errors import bad_request, conflict, not_found
from sandbox.teams.ids import new_id


def instance_json(ctx: Ctx, user: User) -> dict[str, Any]:
    instance = ctx.instance(user)
    return {
        "ObjectId": user.id,
        "TenantId": ctx.tenant.tenantId,
        "UserPrincipalName": user.userPrincipalName,
        "ApplicationId": instance.applicationId if instance else None,
        "DisplayName": user.displayName,
        "PhoneNumber": line_uri(ctx, user),
    }


def line_uri(ctx: Ctx, user: User) -> str | None:
    for number in ctx.tenant.numbers.values():
        if number.assignmentTargetId == user.id and number.assignmentCategory in (None, "primary"):
            return f"tel:{number.telephoneNumber}"
    return None


def association_json(assoc: VoiceAppAssociation) -> dict[str, Any]:
    return {
        "Id": assoc.objectId,
        "ConfigurationId": assoc.configurationId,
        "ConfigurationType": assoc.configurationType,
        "CallPriority": assoc.callPriority,
    }


def new_instance(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    cmdlet = "New-CsOnlineApplicationInstance"
    upn = params["UserPrincipalName"].strip()
    domain = upn.rpartition("@")[2].lower()
    if domain != ctx.tenant.defaultDomain.lower():
        raise bad_request(
            cmdlet, f"UserPrincipalName '{upn}' is not on a verified online domain of this tenant."
        )
    if ctx.tenant.user_by_upn(upn) is not None:
        raise conflict(
            cmdlet,
            "A conflicting object with one or more of the specified property values is present in the directory.",
        )
    user = User(
        id=new_id(),
        userPrincipalName=upn,
        displayName=params.get("DisplayName") or upn.partition("@")[0],
        accountEnabled=False,  # resource accounts are disabled users (voice-apps.md §3.1)
        accountType="resourceAccount",
        createdDateTime=dt.datetime.fromtimestamp(ctx.now, dt.UTC),
    )
    ctx.tenant.users[user.id] = user
    ctx.teams.applicationInstances[user.id] = ApplicationInstance(
        objectId=user.id, applicationId=str(params.get("ApplicationId") or ""), visibleAt=ctx.now + ctx.delay
    )
    return instance_json(ctx, user)


def _instance_user(ctx: Ctx, cmdlet: str, identity: str, *, synced: bool) -> User:
    user = ctx.user(identity)
    if user is None or ctx.instance(user) is None or (synced and not ctx.visible(user)):
        raise not_found(cmdlet, f"Application instance '{identity}' was not found.")
    return user


def get_instance(ctx: Ctx, params: dict[str, Any]) -> Any:
    cmdlet = "Get-CsOnlineApplicationInstance"
    if params.get("Identity"):
        return instance_json(ctx, _instance_user(ctx, cmdlet, params["Identity"], synced=False))
    if params.get("Identities"):
        wanted = [i.strip() for i in str(params["Identities"]).split(",") if i.strip()]
        return [instance_json(ctx, _instance_user(ctx, cmdlet, i, synced=False)) for i in wanted]
    users = sorted(
        (ctx.tenant.users[i] for i in ctx.teams.applicationInstances if i in ctx.tenant.users),
        key=lambda u: u.userPrincipalName.lower(),
    )
    skip = params.get("Skip") or 0
    size = params.get("ResultSize") or len(users)
    return [instance_json(ctx, u) for u in users[skip : skip + size]]


def find_instance(ctx: Ctx, params: dict[str, Any]) -> list[dict[str, Any]]:
    query = params["SearchQuery"].lower()
    found = []
    for object_id in sorted(ctx.teams.applicationInstances):
        user = ctx.tenant.users.get(object_id)
        if user is None:
            continue
        names = (user.displayName.lower(), user.userPrincipalName.lower())
        hit = query in names if params.get("ExactMatchOnly") else any(query in n for n in names)
        associated = object_id in ctx.teams.associations
        if (params.get("AssociatedOnly") and not associated) or (
            params.get("UnAssociatedOnly") and associated
        ):
            continue
        if hit:
            number = line_uri(ctx, user)
            found.append({"Id": user.id, "Name": user.displayName, "TelephoneNumber": number})
    return found[: params.get("MaxResults") or 10]


def new_association(ctx: Ctx, params: dict[str, Any]) -> list[dict[str, Any]]:
    cmdlet = "New-CsOnlineApplicationInstanceAssociation"
    config_id, config_type = params["ConfigurationId"].lower(), params["ConfigurationType"]
    if ctx.config_kind(config_id) != config_type:
        raise not_found(cmdlet, f"{config_type} '{params['ConfigurationId']}' was not found.")
    users = [_instance_user(ctx, cmdlet, i, synced=True) for i in as_list(params["Identities"])]
    for user in users:  # all checked before any is applied
        instance = ctx.instance(user)
        assert instance is not None
        if instance.applicationId.lower() != APP_ID_BY_TYPE[config_type]:
            raise bad_request(
                cmdlet,
                f"Application instance '{user.userPrincipalName}' has ApplicationId '{instance.applicationId}', "
                f"which cannot be associated with a {config_type} (expected {APP_ID_BY_TYPE[config_type]}).",
            )
        existing = ctx.teams.associations.get(user.id)
        if existing is not None:
            raise conflict(
                cmdlet,
                f"Application instance '{user.userPrincipalName}' is already associated with "
                f"{existing.configurationType} '{existing.configurationId}'.",
            )
    out = []
    for user in users:
        assoc = VoiceAppAssociation(user.id, config_id, config_type, int(params.get("CallPriority", 3)))
        ctx.teams.associations[user.id] = assoc
        out.append(association_json(assoc))
    return out


def remove_association(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Remove-CsOnlineApplicationInstanceAssociation"
    users = [_instance_user(ctx, cmdlet, i, synced=True) for i in as_list(params["Identities"])]
    for user in users:
        if user.id not in ctx.teams.associations:
            raise not_found(cmdlet, f"Application instance '{user.userPrincipalName}' has no association.")
    for user in users:
        del ctx.teams.associations[user.id]


def get_association(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    cmdlet = "Get-CsOnlineApplicationInstanceAssociation"
    user = _instance_user(ctx, cmdlet, params["Identity"], synced=True)
    assoc = ctx.teams.associations.get(user.id)
    if assoc is None:
        raise not_found(cmdlet, f"Application instance '{user.userPrincipalName}' has no association.")
    return association_json(assoc)


def online_user_json(ctx: Ctx, user: User) -> dict[str, Any]:
    number = line_uri(ctx, user)
    is_ra = ctx.instance(user) is not None or user.accountType == "resourceAccount"
    features = ["PhoneSystemVirtualUser"] if is_ra else ["Teams", "AudioConferencing"]
    if not is_ra and plans(user):
        features.append("PhoneSystem")
    return {
        "Identity": user.id,
        "UserPrincipalName": user.userPrincipalName,
        "DisplayName": user.displayName,
        "GivenName": user.givenName,
        "Surname": user.surname,
        "Department": user.department,
        "Title": user.jobTitle,
        "City": user.city,
        "UsageLocation": user.usageLocation,
        "AccountEnabled": user.accountEnabled,
        "AccountType": "ResourceAccount" if is_ra else "User",
        "EnterpriseVoiceEnabled": ctx.teams.enterpriseVoice.get(user.id, number is not None),
        "LineUri": number,
        "SipAddress": f"sip:{user.userPrincipalName}",
        "FeatureTypes": features,
        "AssignedPlan": plans(user),
        "ProvisionedPlan": plans(user),
        "TenantId": ctx.tenant.tenantId,
    }


def get_online_user(ctx: Ctx, params: dict[str, Any]) -> Any:
    if params.get("Identity"):
        return online_user_json(ctx, ctx.teams_user("Get-CsOnlineUser", params["Identity"]))
    wanted = params.get("AccountType")
    users = [u for u in ctx.tenant.users.values() if ctx.visible(u)]
    rows = [online_user_json(ctx, u) for u in sorted(users, key=lambda u: u.userPrincipalName.lower())]
    if wanted:
        rows = [r for r in rows if r["AccountType"] == wanted]
    if params.get("Filter"):
        from sandbox.teams.filters import matches

        rows = [r for r in rows if matches("Get-CsOnlineUser", params["Filter"], r)]
    return rows[: params.get("ResultSize") or len(rows)]
