"""``client.rule_engine``: the rule engine's settings and the events rules can select."""

from __future__ import annotations

import builtins
from datetime import timedelta
from typing import Any

from ...types.integration import RuleEngineSettings, RuleEvent
from .._checks import check_bool
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncRuleEngine", "RuleEngine"]


def _duration(name: str, value: object) -> str:
    """A HOCON duration: ``"10s"`` as given, a ``timedelta`` in whole milliseconds."""
    if isinstance(value, timedelta):
        ms = value // timedelta(milliseconds=1)
        if ms <= 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
        return f"{ms}ms"
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a duration such as '10s' or a timedelta, not {value!r}")
    return value


def _settings_body(
    ignore_sys_message: bool | None, jq_function_default_timeout: str | timedelta | None
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if ignore_sys_message is not None:
        body["ignore_sys_message"] = check_bool("ignore_sys_message", ignore_sys_message)
    if jq_function_default_timeout is not None:
        body["jq_function_default_timeout"] = _duration(
            "jq_function_default_timeout", jq_function_default_timeout
        )
    if not body:
        raise ValueError(
            "update_settings needs ignore_sys_message=... or jq_function_default_timeout=..."
        )
    return body


GET_SETTINGS = Endpoint[RuleEngineSettings]("GET", "/rule_engine")
UPDATE_SETTINGS = Endpoint[RuleEngineSettings]("PUT", "/rule_engine", body=_settings_body)
LIST_EVENTS = Endpoint[list[RuleEvent]]("GET", "/rule_events")


class RuleEngine(SyncResource):
    """The rule engine as a whole (dedicated deployments); the rules are ``client.rules``."""

    def settings(self) -> RuleEngineSettings:
        """The settings: ``ignore_sys_message``, ``jq_function_default_timeout`` (in ms)."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(
        self,
        *,
        ignore_sys_message: bool | None = None,
        jq_function_default_timeout: str | timedelta | None = None,
    ) -> RuleEngineSettings:
        """Change the settings you name; the others keep their values. Returns them all.

        ``jq_function_default_timeout`` is a duration, ``"10s"`` or a
        ``timedelta``, e.g. ``update_settings(jq_function_default_timeout="12s")``.
        A value EMQX refuses raises ``BadRequestError``.
        """
        return self._run(UPDATE_SETTINGS, locals())

    def events(self) -> builtins.list[RuleEvent]:
        """The events a rule can select ``FROM`` (``"$events/client_connected"``...),
        each with its columns and an example SQL."""
        return self._run(LIST_EVENTS, locals())


class AsyncRuleEngine(AsyncResource, twin=RuleEngine):
    """The rule engine as a whole, for asyncio (see ``RuleEngine``)."""

    async def settings(self) -> RuleEngineSettings:
        """The settings: ``ignore_sys_message``, ``jq_function_default_timeout`` (in ms)."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(
        self,
        *,
        ignore_sys_message: bool | None = None,
        jq_function_default_timeout: str | timedelta | None = None,
    ) -> RuleEngineSettings:
        """Change the settings you name; the others keep their values."""
        return await self._run(UPDATE_SETTINGS, locals())

    async def events(self) -> builtins.list[RuleEvent]:
        """The events a rule can select ``FROM``."""
        return await self._run(LIST_EVENTS, locals())
