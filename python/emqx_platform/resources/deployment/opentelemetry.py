"""``client.opentelemetry``: the OpenTelemetry settings (exporter, metrics,
logs, traces) and the end-to-end tracing whitelists of client ids and topics."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args

from ...types.telemetry import OpenTelemetrySettings
from .._checks import check_choice, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource
from ._settings import checked_sections, merged

__all__ = ["AsyncOpenTelemetry", "OpenTelemetry"]

WhitelistKind = Literal["clientid", "topic"]

_SECTIONS = ("exporter", "metrics", "logs", "traces")


def _sections(name: str, settings: object) -> dict[str, Any]:
    body = checked_sections(name, settings, _SECTIONS)
    for section, value in body.items():
        check_mapping(f"{name}[{section!r}]", value)
    return body


def _changes(changes: dict[str, Any]) -> dict[str, Any]:
    checked = _sections("changes", changes)
    if not checked:
        raise ValueError("modify needs at least one change, e.g. metrics={'enable': True}")
    return checked


def _entries(entries: Iterable[str]) -> list[str]:
    if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
        raise TypeError(f"entries must be a list of str, not {type(entries).__name__}")
    return [check_str(f"entries[{i}]", entry) for i, entry in enumerate(entries)]


def _kind(name: str, value: object) -> str:
    return check_choice(name, value, get_args(WhitelistKind))


GET_SETTINGS = Endpoint[OpenTelemetrySettings]("GET", "/opentelemetry")
PUT_SETTINGS = Endpoint[OpenTelemetrySettings](
    "PUT", "/opentelemetry", body=lambda settings: _sections("settings", settings)
)
_KIND = {"kind": _kind}
GET_WHITELIST = Endpoint[builtins.list[str]](
    "GET", "/opentelemetry/whitelist/{kind}", path_checks=_KIND
)
SET_WHITELIST = Endpoint(
    "POST",
    "/opentelemetry/whitelist/{kind}",
    body=_entries,
    parse=no_content,
    path_checks=_KIND,
)
CLEAR_WHITELIST = Endpoint(
    "DELETE", "/opentelemetry/whitelist/{kind}", parse=no_content, path_checks=_KIND
)


class OpenTelemetry(SyncResource):
    """OpenTelemetry export of metrics, logs and traces (dedicated deployments).

    ::

        d.opentelemetry.modify(
            exporter={"endpoint": "http://otel-collector:4317"},
            traces={"enable": True, "filter": {"trace_mode": "e2e"}},
        )
        d.opentelemetry.set_whitelist("clientid", ["sensor-1"])
    """

    def settings(self) -> OpenTelemetrySettings:
        """The settings: ``exporter``, ``metrics``, ``logs``, ``traces``."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(self, settings: Mapping[str, Any]) -> OpenTelemetrySettings:
        """Replace the settings; a section or field left out takes its default
        (every signal off). Returns the new settings. To change one field and
        keep the rest, use ``modify()``.

        Raises:
            ValueError, TypeError: Not a mapping of the four sections; nothing was sent.
            BadRequestError: A value EMQX refuses (the message names its field).
        """
        return self._run(PUT_SETTINGS, locals())

    def modify(self, **changes: Any) -> OpenTelemetrySettings:
        """Change some settings and keep the others, e.g.
        ``modify(metrics={"enable": True})``: the sections given are merged into
        the current ones, key by key.

        Reads the settings and sends them back changed with ``update_settings()``:
        two requests, and a change made by someone else in between is overwritten.
        """
        checked = _changes(changes)
        return self.update_settings(merged(self.settings(), checked))

    def whitelist(self, kind: WhitelistKind) -> builtins.list[str]:
        """The client ids (``"clientid"``) or topic filters (``"topic"``) that
        end-to-end tracing follows in full."""
        return self._run(GET_WHITELIST, locals())

    def set_whitelist(self, kind: WhitelistKind, entries: Iterable[str]) -> None:
        """Replace a whitelist with ``entries`` (an empty list empties it).

        Raises:
            BadRequestError: More entries than ``e2e_tracing_options`` allows
                (``clientid_match_rules_max``, ``topic_match_rules_max``).
        """
        return self._run(SET_WHITELIST, locals())

    def clear_whitelist(self, kind: WhitelistKind) -> None:
        """Empty a whitelist."""
        return self._run(CLEAR_WHITELIST, locals())


class AsyncOpenTelemetry(AsyncResource, twin=OpenTelemetry):
    """OpenTelemetry export, for asyncio (see ``OpenTelemetry``)."""

    async def settings(self) -> OpenTelemetrySettings:
        """The settings: ``exporter``, ``metrics``, ``logs``, ``traces``."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(self, settings: Mapping[str, Any]) -> OpenTelemetrySettings:
        """Replace the settings; a section or field left out takes its default (a coroutine)."""
        return await self._run(PUT_SETTINGS, locals())

    async def modify(self, **changes: Any) -> OpenTelemetrySettings:
        """Change some settings and keep the others (a coroutine)."""
        checked = _changes(changes)
        return await self.update_settings(merged(await self.settings(), checked))

    async def whitelist(self, kind: WhitelistKind) -> builtins.list[str]:
        """The client ids or topic filters that end-to-end tracing follows in full."""
        return await self._run(GET_WHITELIST, locals())

    async def set_whitelist(self, kind: WhitelistKind, entries: Iterable[str]) -> None:
        """Replace a whitelist with ``entries`` (an empty list empties it)."""
        return await self._run(SET_WHITELIST, locals())

    async def clear_whitelist(self, kind: WhitelistKind) -> None:
        """Empty a whitelist."""
        return await self._run(CLEAR_WHITELIST, locals())
