"""Bot Framework routes: OpenID metadata + JWKS, the token endpoint, and the Bot Connector's v3 routes.

`/botframework/v1/.well-known/openidconfiguration` and `/botframework/v1/keys` stand in for
login.botframework.com; `/botframework/oauth2/v2.0/token` for login.microsoftonline.com; and
`/botframework/connector/{region}/v3/conversations…` for smba.trafficmanager.net. Connector routes share
the Graph middleware's fault group `connector`, so `--faults connector:429@0.3` throttles replies.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.botframework.issuer import CHANNEL_ISSUER, CONNECTOR_SCOPE, TEAMS_KEY_ID, Issuer
from sandbox.botframework.records import ConnectorRecords, SentActivity
from sandbox.context import STATE

ISSUER: web.AppKey[Issuer] = web.AppKey("botframework_issuer")
RECORDS: web.AppKey[ConnectorRecords] = web.AppKey("botframework_records")
CONNECTOR = "/botframework/connector/{region}/v3/conversations"


def service_url(root_url: str, region: str = "amer") -> str:
    """The serviceUrl the sandbox's activities carry (Teams' carry a region path and a trailing slash)."""
    return f"{root_url}/botframework/connector/{region}/"


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


async def openid_configuration(request: web.Request) -> web.Response:
    root = f"{request.scheme}://{request.host}"
    return web.json_response(
        {
            "issuer": CHANNEL_ISSUER,
            "authorization_endpoint": "https://invalid.botframework.com",
            "jwks_uri": f"{root}/botframework/v1/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        }
    )


async def keys(request: web.Request) -> web.Response:
    return web.json_response(request.app[ISSUER].jwks())


async def token(request: web.Request) -> web.Response:
    """Client credentials (form-encoded), answered with AAD's shapes and AADSTS error codes."""
    form = await request.post()
    if form.get("grant_type") != "client_credentials":
        return web.json_response(
            {"error": "unsupported_grant_type", "error_description": "AADSTS70003: grant type not supported"},
            status=400,
        )
    client_id, secret = str(form.get("client_id") or ""), str(form.get("client_secret") or "")
    if not client_id or not secret:
        return web.json_response(
            {"error": "invalid_client", "error_description": "AADSTS7000216: client_secret is missing"},
            status=401,
        )
    if form.get("scope") != CONNECTOR_SCOPE:
        return web.json_response(
            {"error": "invalid_scope", "error_description": f"AADSTS70011: scope must be {CONNECTOR_SCOPE}"},
            status=400,
        )
    access = request.app[ISSUER].issue_access_token(client_id)
    return web.json_response(
        {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": access}
    )


async def _record(request: web.Request, operation: str, activity_id: str | None) -> web.Response:
    app_id = request.app[ISSUER].app_for(request.headers.get("Authorization", ""))
    if app_id is None:
        return _error(401, "Unauthorized", "Authorization has been denied for this request.")
    body: dict[str, Any] | None = None
    if request.method in {"POST", "PUT"}:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "BadArgument", "The request body is not JSON.")
        if not isinstance(body, dict) or not body.get("type"):
            return _error(400, "BadArgument", "Activity type is required.")
    records = request.app[RECORDS]
    answer_id = activity_id if operation in {"update", "delete"} else records.next_id()
    records.add(
        SentActivity(
            seq=len(records.sent) + 1,
            method=request.method,
            path=request.path,
            operation=operation,
            conversation_id=request.match_info.get("conversation", ""),
            activity_id=answer_id,
            reply_to_id=activity_id if operation == "reply" else None,
            app_id=app_id,
            body=body,
        )
    )
    if operation == "delete":
        return web.Response(status=200)
    return web.json_response({"id": answer_id}, status=200 if operation == "update" else 201)


async def send(request: web.Request) -> web.Response:
    return await _record(request, "send", None)


async def reply(request: web.Request) -> web.Response:
    return await _record(request, "reply", request.match_info["activity"])


async def update(request: web.Request) -> web.Response:
    return await _record(request, "update", request.match_info["activity"])


async def delete(request: web.Request) -> web.Response:
    return await _record(request, "delete", request.match_info["activity"])


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


async def create(request: web.Request) -> web.Response:
    """`POST v3/conversations` takes ConversationParameters, not an activity: a 1:1 chat needs one member
    (the person's 29: or Entra id) and the tenant; a new channel thread needs channelData.channel.id and
    the activity that opens it. Answers `{"id", "activityId"}` as the connector does."""
    app_id = request.app[ISSUER].app_for(request.headers.get("Authorization", ""))
    if app_id is None:
        return _error(401, "Unauthorized", "Authorization has been denied for this request.")
    try:
        body = await request.json()
    except ValueError:
        return _error(400, "BadArgument", "The request body is not JSON.")
    if not isinstance(body, dict):
        return _error(400, "BadArgument", "ConversationParameters are required.")
    channel_data = _object(body.get("channelData"))
    channel = _object(channel_data.get("channel"))
    members = body.get("members")
    members = members if isinstance(members, list) else []
    activity = body.get("activity")
    records = request.app[RECORDS]
    answer_id = records.next_id()
    if channel.get("id"):
        if not isinstance(activity, dict) or not activity.get("type"):
            return _error(400, "BadArgument", "Activity is required to start a conversation in a channel.")
        conversation = f"{channel['id']};messageid={answer_id.rsplit('-', 1)[-1]}"
    elif len(members) == 1 and isinstance(members[0], dict) and members[0].get("id"):
        if not (body.get("tenantId") or isinstance(channel_data.get("tenant"), dict)):
            return _error(400, "BadArgument", "Tenant id is required to create a conversation.")
        conversation = f"a:sandbox-{answer_id}"
    else:
        return _error(400, "BadArgument", "Exactly one member is required to create a 1:1 conversation.")
    records.add(
        SentActivity(
            seq=len(records.sent) + 1,
            method=request.method,
            path=request.path,
            operation="create",
            conversation_id=conversation,
            activity_id=answer_id,
            reply_to_id=None,
            app_id=app_id,
            body=body,
        )
    )
    return web.json_response({"id": conversation, "activityId": answer_id}, status=201)


async def member(request: web.Request) -> web.Response:
    if request.app[ISSUER].app_for(request.headers.get("Authorization", "")) is None:
        return _error(401, "Unauthorized", "Authorization has been denied for this request.")
    state = request.app[STATE]
    wanted = request.match_info["member"]
    user = state.users.get(wanted)
    if user is not None:
        return web.json_response(
            {
                "id": wanted,
                "aadObjectId": user.id,
                "name": user.displayName,
                "userPrincipalName": user.userPrincipalName,
                "email": user.mail,
                "tenantId": state.tenantId,
            }
        )
    return _error(404, "MemberNotFoundInConversation", "The member was not found in the conversation.")


async def sent(request: web.Request) -> web.Response:
    return web.json_response([record.as_json() for record in request.app[RECORDS].sent])


async def reset_sent(request: web.Request) -> web.Response:
    request.app[RECORDS].clear()
    return web.Response(status=204)


async def sign(request: web.Request) -> web.Response:
    """Control plane: a signed channel token for {"appId", "serviceUrl"}, for demos and benches that post
    activities to a bot from another process."""
    body = await request.json()
    try:
        signed = request.app[ISSUER].sign(
            app_id=str(body["appId"]),
            service_url=str(body["serviceUrl"]),
            kid=str(body.get("kid", TEAMS_KEY_ID)),
            lifetime_s=int(body.get("lifetimeS", 3600)),
        )
    except (KeyError, ValueError, TypeError) as exc:
        return web.json_response({"error": f"bad request: {exc}"}, status=400)
    return web.json_response({"token": signed})


def register(app: web.Application) -> None:
    app[ISSUER] = Issuer()
    app[RECORDS] = ConnectorRecords()
    app.router.add_get("/botframework/v1/.well-known/openidconfiguration", openid_configuration)
    app.router.add_get("/botframework/v1/keys", keys)
    app.router.add_post("/botframework/oauth2/v2.0/token", token)
    app.router.add_post(CONNECTOR, create)
    app.router.add_post(CONNECTOR + "/{conversation}/activities", send)
    app.router.add_post(CONNECTOR + "/{conversation}/activities/{activity}", reply)
    app.router.add_put(CONNECTOR + "/{conversation}/activities/{activity}", update)
    app.router.add_delete(CONNECTOR + "/{conversation}/activities/{activity}", delete)
    app.router.add_get(CONNECTOR + "/{conversation}/members/{member}", member)
    app.router.add_get("/_sandbox/botframework/sent", sent)
    app.router.add_post("/_sandbox/botframework/reset-sent", reset_sent)
    app.router.add_post("/_sandbox/botframework/sign", sign)
