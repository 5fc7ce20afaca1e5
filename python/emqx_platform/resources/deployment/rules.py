"""``client.rules``: the rule engine (SQL over messages and events, feeding actions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..._pagination import AsyncPaginator, Page
from ..._request import Params
from ...types.deployment import Rule
from .._checks import check_bool, check_mapping, check_str, one_or_many
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncRules", "Rules"]

RuleAction = str | Mapping[str, Any]
"""An action of a rule: ``"<action_type>:<action_name>"`` (a data-integration
action) or an object such as ``{"function": "republish", "args": {...}}``."""

_RULE_FIELDS = frozenset({"sql", "actions", "name", "description", "enable", "metadata"})


def _actions(actions: Iterable[RuleAction]) -> list[Any]:
    if isinstance(actions, (str, bytes, Mapping)) or not isinstance(actions, Iterable):
        raise TypeError(
            "actions must be a list of action ids ('http:my_action') or action objects, "
            f"not {type(actions).__name__}"
        )
    items: list[Any] = []
    for i, action in enumerate(actions):
        if isinstance(action, str):
            if ":" not in action:
                raise ValueError(f"actions[{i}] must look like '<type>:<name>', got {action!r}")
            items.append(action)
        else:
            items.append(check_mapping(f"actions[{i}]", action))
    return items


def _fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A rule body: only known fields, each checked."""
    unknown = set(fields) - _RULE_FIELDS
    if unknown:
        raise TypeError(f"unknown rule fields {sorted(unknown)}: use {sorted(_RULE_FIELDS)}")
    body = {k: v for k, v in fields.items() if v is not None}
    if "sql" in body:
        check_str("sql", body["sql"])
    if "actions" in body:
        body["actions"] = _actions(body["actions"])
    if "enable" in body:
        check_bool("enable", body["enable"])
    for key in ("name", "description"):
        if key in body and not isinstance(body[key], str):
            raise TypeError(f"{key} must be a str, not {type(body[key]).__name__}")
    if "metadata" in body:
        body["metadata"] = check_mapping("metadata", body["metadata"])
    return body


def _list_query(
    enable: bool | None,
    from_: str | None,
    like_id: str | None,
    like_from: str | None,
    like_description: str | None,
    match_from: str | None,
    action: str | Sequence[str] | None,
    source: str | Sequence[str] | None,
) -> Params:
    """The filters of ``GET /rules`` (``from_`` goes as ``from``)."""
    return {
        "enable": enable,
        "from": from_,
        "like_id": like_id,
        "like_from": like_from,
        "like_description": like_description,
        "match_from": match_from,
        "action": one_or_many("action", action),
        "source": one_or_many("source", source),
    }


def _create_body(
    sql: str,
    actions: Iterable[RuleAction],
    name: str | None,
    description: str | None,
    enable: bool,
    id: str | None,
    metadata: Mapping[str, Any] | None,
) -> dict[str, Any]:
    body = _fields(
        {
            "sql": check_str("sql", sql),
            "actions": actions,
            "name": name,
            "description": description,
            "enable": enable,
            "metadata": metadata,
        }
    )
    if id is not None:
        body = {"id": check_str("id", id), **body}
    return body


def _update_body(
    sql: str,
    actions: Iterable[RuleAction],
    name: str | None,
    description: str | None,
    enable: bool,
    metadata: Mapping[str, Any] | None,
) -> dict[str, Any]:
    # EMQX checks a PUT body as a whole rule (``sql`` required) and replaces it.
    return _create_body(sql, actions, name, description, enable, None, metadata)


def _changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The fields ``modify`` changes, checked before the rule is read."""
    checked = _fields(changes)
    if not checked:
        raise ValueError("modify needs at least one field (enable=..., sql=..., ...)")
    return checked


def _merged(rule: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The whole rule to send back: the stored fields with ``changes`` applied."""
    return {**{k: rule[k] for k in _RULE_FIELDS if k in rule}, **changes}


def _test_context(context: Mapping[str, Any] | None) -> dict[str, Any]:
    return {} if context is None else {"context": check_mapping("context", context)}


LIST_RULES = Endpoint[Rule]("GET", "/rules", query=_list_query, paginated=True)
GET_RULE = Endpoint[Rule]("GET", "/rules/{id}")
# 201; a duplicate ``id`` is 400 BAD_REQUEST.
CREATE_RULE = Endpoint[Rule]("POST", "/rules", body=_create_body)
UPDATE_RULE = Endpoint[Rule]("PUT", "/rules/{id}", body=_update_body)
DELETE_RULE = Endpoint("DELETE", "/rules/{id}", parse=no_content)
TEST_SQL = Endpoint[Any](
    "POST",
    "/rule_test",
    body=lambda sql, context: {"sql": check_str("sql", sql), **_test_context(context)},
    user_content=True,
)
TEST_RULE = Endpoint[Any]("POST", "/rules/{id}/test", body=_test_context, user_content=True)
RULE_METRICS = Endpoint[dict[str, Any]]("GET", "/rules/{id}/metrics")
RESET_RULE_METRICS = Endpoint("PUT", "/rules/{id}/metrics/reset", parse=no_content)


def _test_endpoint(sql: str | None, id: str | None) -> Endpoint[Any]:
    """``POST /rule_test`` for a SQL, ``POST /rules/{id}/test`` for an existing rule."""
    if (sql is None) == (id is None):
        raise TypeError("test() needs either sql or id=..., not both")
    return TEST_SQL if id is None else TEST_RULE


class Rules(SyncResource):
    """Rules of the rule engine (dedicated deployments)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        enable: bool | None = None,
        from_: str | None = None,
        like_id: str | None = None,
        like_from: str | None = None,
        like_description: str | None = None,
        match_from: str | None = None,
        action: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
    ) -> Page[Rule]:
        """List rules (first page; iterate for all).

        Args:
            enable: Only enabled (or disabled) rules.
            from_: Rules reading exactly this topic (sent as ``from``).
            like_id: Rules whose id contains this text.
            like_from: Rules with a ``FROM`` topic that contains this text.
            like_description: Rules whose description contains this text.
            match_from: Rules whose ``FROM`` matches this topic.
            action: Rules using this action id (or any of a list).
            source: Rules reading from this source (or any of a list).
        """
        return self._list(LIST_RULES, locals())

    def get(self, id: str) -> Rule:
        """One rule; 404 ``NOT_FOUND`` if unknown."""
        return self._run(GET_RULE, locals())

    def create(
        self,
        sql: str,
        *,
        actions: Iterable[RuleAction] = (),
        name: str | None = None,
        description: str | None = None,
        enable: bool = True,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Rule:
        """Create a rule, e.g. ``create('SELECT * FROM "t/#"', actions=["http:my_action"])``.

        ``id`` is random unless given; an existing ``id`` raises
        ``BadRequestError`` (EMQX says ``BAD_REQUEST``, not
        ``ALREADY_EXISTS``).
        """
        return self._run(CREATE_RULE, locals())

    def update(
        self,
        id: str,
        *,
        sql: str,
        actions: Iterable[RuleAction] = (),
        name: str | None = None,
        description: str | None = None,
        enable: bool = True,
        metadata: Mapping[str, Any] | None = None,
    ) -> Rule:
        """Replace a rule with the one described here (``sql`` is required).

        EMQX checks the body as a whole rule and replaces the stored one: fields
        left out take their defaults (no actions, enabled, empty name and
        description). To change one field and keep the rest, use ``modify()``.
        An ``id`` EMQX does not have is created (200), not refused.
        """
        return self._run(UPDATE_RULE, locals())

    def modify(self, id: str, **changes: Any) -> Rule:
        """Change some fields of a rule and keep the others, e.g. ``modify(id, enable=False)``.

        Reads the rule, applies ``changes`` (``sql``, ``actions``, ``name``,
        ``description``, ``enable``, ``metadata``) and sends the whole rule back
        with ``update()``: two requests, and a change made by someone else in
        between is overwritten.
        """
        checked = _changes(changes)
        return self.update(id, **_merged(self.get(id), checked))

    def delete(self, id: str) -> None:
        """Delete a rule; 404 if unknown."""
        return self._run(DELETE_RULE, locals())

    def test(
        self,
        sql: str | None = None,
        *,
        id: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Any:
        """Run a SQL (``test(sql, context=...)``) or an existing rule
        (``test(id=..., context=...)``) against a sample event.

        ``context`` describes the event, e.g. ``{"event_type": "message_publish",
        "topic": "t/1", "payload": "{}"}``. Returns the SQL's output; a SQL that
        does not match raises ``APIStatusError`` 412
        ``NOT_MATCH``.
        """
        return self._run(_test_endpoint(sql, id), locals())

    def metrics(self, id: str) -> dict[str, Any]:
        """The rule's counters (``matched``, ``passed``, ``failed``, ...)."""
        return self._run(RULE_METRICS, locals())

    def reset_metrics(self, id: str) -> None:
        """Set the rule's counters back to zero."""
        return self._run(RESET_RULE_METRICS, locals())


class AsyncRules(AsyncResource, twin=Rules):
    """Rules of the rule engine, for asyncio (see ``Rules``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        enable: bool | None = None,
        from_: str | None = None,
        like_id: str | None = None,
        like_from: str | None = None,
        like_description: str | None = None,
        match_from: str | None = None,
        action: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
    ) -> AsyncPaginator[Rule]:
        """List rules: ``await`` for the first page, ``async for`` every rule."""
        return self._list(LIST_RULES, locals())

    async def get(self, id: str) -> Rule:
        """One rule; 404 ``NOT_FOUND`` if unknown."""
        return await self._run(GET_RULE, locals())

    async def create(
        self,
        sql: str,
        *,
        actions: Iterable[RuleAction] = (),
        name: str | None = None,
        description: str | None = None,
        enable: bool = True,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Rule:
        """Create a rule (a coroutine)."""
        return await self._run(CREATE_RULE, locals())

    async def update(
        self,
        id: str,
        *,
        sql: str,
        actions: Iterable[RuleAction] = (),
        name: str | None = None,
        description: str | None = None,
        enable: bool = True,
        metadata: Mapping[str, Any] | None = None,
    ) -> Rule:
        """Replace a rule with the one described here (a coroutine)."""
        return await self._run(UPDATE_RULE, locals())

    async def modify(self, id: str, **changes: Any) -> Rule:
        """Change some fields of a rule and keep the others (a coroutine)."""
        checked = _changes(changes)
        return await self.update(id, **_merged(await self.get(id), checked))

    async def delete(self, id: str) -> None:
        """Delete a rule; 404 if unknown."""
        return await self._run(DELETE_RULE, locals())

    async def test(
        self,
        sql: str | None = None,
        *,
        id: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Any:
        """Run a SQL or an existing rule against a sample event."""
        return await self._run(_test_endpoint(sql, id), locals())

    async def metrics(self, id: str) -> dict[str, Any]:
        """The rule's counters (``matched``, ``passed``, ``failed``, ...)."""
        return await self._run(RULE_METRICS, locals())

    async def reset_metrics(self, id: str) -> None:
        """Set the rule's counters back to zero."""
        return await self._run(RESET_RULE_METRICS, locals())
