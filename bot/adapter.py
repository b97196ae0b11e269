"""The one module that imports botbuilder: Bot Framework activities ↔ the bot's plain-data conversation.

We own the HTTP handling (bot/app.py) because botbuilder 4.17.1's CloudAdapter.process answers every
invoke that returns a body with 500 and lets bad tokens escape as 500 (see docs: bot). botbuilder-core
still gives us the Activity schema, TurnContext (addressing replies) and the middleware pipeline.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference, ResourceResponse

from bot.auth import Authenticator, AuthError, InboundRequest
from bot.connector import Connector
from bot.conversation import Conversation
from bot.keys import KeySourceError
from bot.model import FOLLOW_UP, Caller, Reply
from bot.references import ReferenceKeeper, Seen
from store import BotMember, StoredConversation

log = logging.getLogger(__name__)
CARD = "application/vnd.microsoft.card.adaptive"
_INVOKE = "switchboard.invoke_response"
_RAW = "switchboard.inbound_json"


class BadActivity(ValueError):
    """The body is not an activity we can read (→ 400)."""


@dataclass(frozen=True)
class TurnResult:
    status: int
    body: dict[str, Any] | None = None


def tenant_of(activity: Activity) -> str | None:
    # quirk: Teams sends conversation.tenantId, which the SDK maps to `tenantID` and so drops;
    # channelData.tenant.id is what Teams reliably sets.
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    return str(tenant["id"]) if isinstance(tenant, dict) and tenant.get("id") else None


def caller_of(activity: Activity) -> Caller:
    sender = activity.from_property
    return Caller(
        teams_user_id=str(sender.id) if sender and sender.id else "",
        aad_object_id=sender.aad_object_id if sender else None,
        tenant_id=tenant_of(activity),
        name=sender.name if sender else None,
    )


def _channel_data(activity: Activity) -> dict[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, dict) else {}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _event_of(activity: Activity) -> str:
    """installed / removed / activity: what this activity means for the bot's stored reference."""
    if activity.type == ActivityTypes.installation_update:
        action = activity.action or ""
        return (
            "installed"
            if action.startswith("add")
            else "removed"
            if action.startswith("remove")
            else "activity"
        )
    if activity.type == ActivityTypes.conversation_update and activity.recipient is not None:
        bot_id = activity.recipient.id
        if any(m.id == bot_id for m in activity.members_added or []):
            return "installed"
        if any(m.id == bot_id for m in activity.members_removed or []):
            return "removed"
    return "activity"


def seen_of(activity: Activity) -> Seen:
    """The conversation (and the person) an inbound activity shows, as the store keeps them."""
    data = _channel_data(activity)
    team = _object(data.get("team"))
    channel = _object(data.get("channel"))
    kind = activity.conversation.conversation_type or ("channel" if team else "personal")
    conversation_id = str(activity.conversation.id)
    if kind == "channel":  # one row per channel, not per thread: "19:…@thread.tacv2;messageid=…"
        conversation_id = conversation_id.split(";messageid=", 1)[0]
    sender = activity.from_property
    personal = kind == "personal" and sender is not None
    tenant = tenant_of(activity)
    conversation = StoredConversation(
        conversation_id=conversation_id,
        scope=kind,
        service_url=activity.service_url,
        reference=TurnContext.get_conversation_reference(activity).serialize(),
        tenant_id=tenant,
        bot_id=activity.recipient.id if activity.recipient else None,
        user_id=sender.id if personal and sender else None,
        aad_object_id=sender.aad_object_id if personal and sender else None,
        team_id=str(team["id"]) if team.get("id") else None,
        team_aad_group_id=str(team["aadGroupId"]) if team.get("aadGroupId") else None,
        channel_id=str(channel["id"]) if channel.get("id") else None,
    )
    member = None
    if sender is not None and sender.aad_object_id and (sender.id or "").startswith("29:"):
        member = BotMember(sender.aad_object_id, sender.id, activity.service_url, tenant)
    return Seen(conversation, _event_of(activity), member)


def outbound_activity(reply: Reply) -> dict[str, Any]:
    """A reply as the JSON activity the Bot Connector takes (for proactive sends outside a turn)."""
    return dict(reply_activity(reply).serialize())


def reply_activity(reply: Reply) -> Activity:
    if reply.card is None:
        return Activity(type=ActivityTypes.message, text=reply.text)
    return Activity(
        type=ActivityTypes.message,
        summary=reply.text[:200],
        attachments=[Attachment(content_type=CARD, content=reply.card)],
    )


def reply_body(incoming: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """The reply as JSON, addressed as botbuilder's apply_conversation_reference would address it.

    Built from the inbound JSON directly: msrest's serialise + TurnContext's deepcopy of an Activity were
    ~3 ms of a text turn's CPU (bench/bot.py profile), for a dict we can write in a few microseconds.
    """
    body: dict[str, Any] = {
        "type": ActivityTypes.message,
        "channelId": incoming.get("channelId"),
        "serviceUrl": incoming.get("serviceUrl"),
        "conversation": incoming.get("conversation"),
        "from": incoming.get("recipient"),
        "recipient": incoming.get("from"),
        "inputHint": "acceptingInput",
    }
    if incoming.get("id"):
        body["replyToId"] = incoming["id"]
    if incoming.get("locale"):
        body["locale"] = incoming["locale"]
    if reply.card is None:
        body["text"] = reply.text
    else:
        body["summary"] = reply.text[:200]
        body["attachments"] = [{"contentType": CARD, "content": reply.card}]
    return body


def invoke_body(reply: Reply) -> dict[str, Any]:
    if reply.card is None:
        return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": reply.text}
    return {"statusCode": 200, "type": CARD, "value": reply.card}


def invoke_error(status: int, code: str, message: str) -> dict[str, Any]:
    # quirk: errors travel in an HTTP 200 envelope; Teams reads statusCode from the body.
    return {
        "statusCode": status,
        "type": "application/vnd.microsoft.error",
        "value": {"code": code, "message": message},
    }


class TeamsAdapter(BotAdapter):  # type: ignore[misc]
    def __init__(
        self,
        authenticator: Authenticator,
        connector: Connector,
        conversation: Conversation,
        keeper: ReferenceKeeper | None = None,
        *,
        reply_wait_s: float = 10.0,
    ) -> None:
        super().__init__(on_turn_error=self._on_error)
        self._auth, self._connector, self._conversation = authenticator, connector, conversation
        self._reply_wait_s = reply_wait_s
        self._background: set[asyncio.Future[Any]] = set()  # late replies, kept alive until sent
        self._keeper = keeper

    async def process(self, body: Any, authorization: str) -> TurnResult:
        """Authenticate (AuthError propagates: → 401), then run the turn."""
        if not isinstance(body, dict):
            raise BadActivity("the body is not a JSON object")
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:  # msrest raises several types for malformed fields
            raise BadActivity(f"not an activity: {type(exc).__name__}") from exc
        if not activity.type or not activity.service_url or not activity.conversation:
            raise BadActivity("type, serviceUrl and conversation are required")
        request = InboundRequest(
            authorization, activity.channel_id or "", activity.service_url, tenant_of(activity)
        )
        try:
            await self._auth.authenticate(request)
        except (AuthError, KeySourceError):
            raise
        except Exception as exc:  # fail closed: whatever breaks inside validation refuses the request
            raise AuthError(f"validation failed: {type(exc).__name__}") from exc
        if self._keeper is not None:
            await self._keeper.on_seen(await self._with_upn(seen_of(activity)))
        context = TurnContext(self, activity)
        context.turn_state[_RAW] = body
        await self.run_pipeline(context, self._on_turn)
        if activity.type == ActivityTypes.invoke:
            answer = context.turn_state.get(_INVOKE)
            if answer is None:
                return TurnResult(501)
            return TurnResult(200, answer)
        return TurnResult(201)

    async def _on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        caller = caller_of(activity)
        if activity.type == ActivityTypes.message:
            verb = activity.value.get("verb") if isinstance(activity.value, dict) else None
            if isinstance(verb, str):  # Action.Submit from an older client
                reply = await self._conversation.on_action(caller, verb, activity.value)
            else:
                text = TurnContext.remove_recipient_mention(activity) or ""
                reply = await self._conversation.on_text(caller, text.strip())
            await self._reply(context, reply)
            self._follow_up(activity, reply)
        elif activity.type == ActivityTypes.invoke:
            context.turn_state[_INVOKE] = await self._invoke(caller, activity)
        elif activity.type == ActivityTypes.installation_update and (activity.action or "").startswith("add"):
            await self._reply(context, await self._conversation.on_intent(caller, "help"))

    async def _reply(self, context: TurnContext, reply: Reply) -> None:
        """Answer the turn's sender (TurnContext.send_activity still works; this is the fast path).

        A reply the connector is slow to take (429/5xx retries) goes on in the background after
        `reply_wait_s`, so the channel gets its answer before it times out and sends the activity again.
        """
        incoming = context.turn_state[_RAW]
        body = reply_body(incoming, reply)
        send = asyncio.ensure_future(
            self._connector.send(str(body["serviceUrl"]), str(incoming["conversation"]["id"]), body)
        )
        done, _ = await asyncio.wait({send}, timeout=self._reply_wait_s)
        if send in done:
            send.result()  # a failed reply fails the turn (logged by _on_error)
            return
        log.warning("the connector is slow to take a reply; still sending it after answering the turn")
        self._background.add(send)
        send.add_done_callback(self._sent_late)

    def _sent_late(self, task: asyncio.Future[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a late reply was not delivered: %s", type(task.exception()).__name__)

    async def _with_upn(self, seen: Seen) -> Seen:
        """On a personal install, ask the connector for the person's UPN (jobs address owners by UPN);
        a failed lookup leaves it to the directory snapshot at send time."""
        conversation = seen.conversation
        if seen.event != "installed" or conversation.scope != "personal" or not conversation.aad_object_id:
            return seen
        try:
            profile = await self._connector.member(
                conversation.service_url, conversation.conversation_id, conversation.aad_object_id
            )
        except Exception as exc:
            log.warning("could not read the installing member's UPN: %s", type(exc).__name__)
            return seen
        upn = profile.get("userPrincipalName")
        if not isinstance(upn, str) or not upn:
            return seen
        member = replace(seen.member, user_principal_name=upn) if seen.member else None
        return replace(seen, conversation=replace(conversation, user_principal_name=upn), member=member)

    async def _invoke(self, caller: Caller, activity: Activity) -> dict[str, Any] | None:
        if activity.name != "adaptiveCard/action":
            return None
        action = activity.value.get("action") if isinstance(activity.value, dict) else None
        if not isinstance(action, dict) or action.get("type") != "Action.Execute":
            return invoke_error(400, "BadRequest", "only Action.Execute is supported")
        verb = action.get("verb")
        if not isinstance(verb, str):
            return invoke_error(400, "BadRequest", "the action has no verb")
        data = action.get("data")
        data = data if isinstance(data, dict) else {}
        reply = await self._conversation.on_action(caller, verb, data)
        self._follow_up(activity, reply)
        return invoke_body(reply)

    def _follow_up(self, activity: Activity, reply: Reply) -> None:
        """A reply whose work is still running (FOLLOW_UP): post its result to this conversation later."""
        work = reply.extra.get(FOLLOW_UP)
        if not isinstance(work, asyncio.Task):
            return
        reference = TurnContext.get_conversation_reference(activity)
        task = asyncio.create_task(self._post_when_done(reference, work))
        self._background.add(task)  # held until done: a task nobody references can be collected mid-flight
        task.add_done_callback(self._background.discard)

    async def _post_when_done(self, reference: ConversationReference, work: asyncio.Task[Reply]) -> None:
        try:
            result = await work
            message = TurnContext.apply_conversation_reference(reply_activity(result), reference)
            await self._connector.send(reference.service_url, reference.conversation.id, message.serialize())
        except Exception:  # the person already has the "working on it" card; the log has the rest
            log.exception("could not post the result of a long action")

    async def _on_error(self, context: TurnContext, error: Exception) -> None:
        log.error("turn failed: %s", type(error).__name__, exc_info=error)
        if context.activity.type == ActivityTypes.invoke:
            context.turn_state[_INVOKE] = invoke_error(500, "InternalError", "the bot could not answer")
            return
        try:
            await context.send_activity(
                Activity(type=ActivityTypes.message, text="Sorry, something went wrong.")
            )
        except Exception:
            log.warning("could not tell the user about the failure")

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            body = activity.serialize()
            answer = await self._connector.send(activity.service_url, activity.conversation.id, body)
            responses.append(ResourceResponse(id=str(answer.get("id", ""))))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        url = (
            f"{activity.service_url.rstrip('/')}/v3/conversations/{activity.conversation.id}"
            f"/activities/{activity.id}"
        )
        answer = await self._connector.call("PUT", activity.service_url, url, activity.serialize())
        return ResourceResponse(id=str(answer.get("id", activity.id)))

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        url = (
            f"{reference.service_url.rstrip('/')}/v3/conversations/{reference.conversation.id}"
            f"/activities/{reference.activity_id}"
        )
        await self._connector.call("DELETE", reference.service_url, url, {})
