"""``client.prometheus``: the Prometheus settings (scrape authentication, push
gateway, collectors) and the metrics Prometheus scrapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast, get_args, overload

from ...types.telemetry import (
    PrometheusAuthMetrics,
    PrometheusDataIntegrationMetrics,
    PrometheusSettings,
    PrometheusStats,
)
from .._checks import check_bool, check_choice, check_mapping
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource
from ._settings import checked_sections, merged

__all__ = ["AsyncPrometheus", "Prometheus"]

ScrapeMode = Literal["node", "all_nodes_aggregated", "all_nodes_unaggregated"]
ScrapeFormat = Literal["text", "json"]

_RECOMMENDED = ("enable_basic_auth", "push_gateway", "collectors")
# The shape before EMQX 5.4, still accepted on PUT.
_LEGACY = (
    "enable",
    "push_gateway_server",
    "interval",
    "headers",
    "job_name",
    "mnesia_collector",
    "vm_dist_collector",
    "vm_memory_collector",
    "vm_msacc_collector",
    "vm_statistics_collector",
    "vm_system_info_collector",
)


def _settings_body(settings: Mapping[str, Any]) -> dict[str, Any]:
    body = check_mapping("settings", settings)
    if any(key in body for key in _RECOMMENDED):
        body = checked_sections("settings", body, _RECOMMENDED)
        if "enable_basic_auth" not in body:
            raise ValueError("settings: enable_basic_auth is required")
        check_bool("settings['enable_basic_auth']", body["enable_basic_auth"])
        for section in ("push_gateway", "collectors"):
            if section in body:
                check_mapping(f"settings[{section!r}]", body[section])
        return body
    return checked_sections("settings", body, _LEGACY)


def _changes(changes: dict[str, Any]) -> dict[str, Any]:
    checked_sections("changes", changes, _RECOMMENDED)
    if not changes:
        raise ValueError("modify needs at least one change, e.g. push_gateway={'enable': True}")
    if "enable_basic_auth" in changes:
        check_bool("enable_basic_auth", changes["enable_basic_auth"])
    for section in ("push_gateway", "collectors"):
        if section in changes:
            check_mapping(section, changes[section])
    return changes


def _mode(mode: ScrapeMode | None) -> dict[str, Any]:
    return {"mode": None if mode is None else check_choice("mode", mode, get_args(ScrapeMode))}


def _text(path: str) -> Endpoint[str]:
    """A scrape's text exposition: what any ``Accept`` but JSON gets, as Prometheus scrapes."""
    return Endpoint[str]("GET", path, query=_mode, accept="text/plain")


R = TypeVar("R")


def _pick(format: object, text: Endpoint[str], json: Endpoint[R]) -> Endpoint[str | R]:
    """The endpoint of the form asked for (the overloads tie it to the answer's type)."""
    form = check_choice("format", format, get_args(ScrapeFormat))
    return cast("Endpoint[str | R]", text if form == "text" else json)


GET_SETTINGS = Endpoint[PrometheusSettings]("GET", "/prometheus")
PUT_SETTINGS = Endpoint[PrometheusSettings]("PUT", "/prometheus", body=_settings_body)
STATS = Endpoint[PrometheusStats]("GET", "/prometheus/stats", query=_mode)
STATS_TEXT = _text("/prometheus/stats")
AUTH = Endpoint[PrometheusAuthMetrics]("GET", "/prometheus/auth", query=_mode)
AUTH_TEXT = _text("/prometheus/auth")
DATA_INTEGRATION = Endpoint[PrometheusDataIntegrationMetrics](
    "GET", "/prometheus/data_integration", query=_mode
)
DATA_INTEGRATION_TEXT = _text("/prometheus/data_integration")
SCHEMA_VALIDATION = Endpoint[dict[str, Any]]("GET", "/prometheus/schema_validation", query=_mode)
SCHEMA_VALIDATION_TEXT = _text("/prometheus/schema_validation")
MESSAGE_TRANSFORMATION = Endpoint[dict[str, Any]](
    "GET", "/prometheus/message_transformation", query=_mode
)
MESSAGE_TRANSFORMATION_TEXT = _text("/prometheus/message_transformation")


class Prometheus(SyncResource):
    """Prometheus monitoring of the deployment (dedicated deployments).

    ::

        d.prometheus.modify(push_gateway={"enable": True, "url": "http://gw:9091"})
        text = d.prometheus.stats()                   # the text exposition format
        stats = d.prometheus.stats(format="json")
        print(stats["stats"]["emqx_connections_count"])

    Each scrape answers the text Prometheus reads (``format="text"``, a
    ``str``) or the same values as JSON (``format="json"``, a dict). ``mode``
    (``"node"`` by default) asks for one node's values, or every node's
    summed (``"all_nodes_aggregated"``) or apart (``"all_nodes_unaggregated"``).
    The scrapes need no credentials unless ``enable_basic_auth`` is on.
    """

    def settings(self) -> PrometheusSettings:
        """The settings: ``enable_basic_auth``, ``push_gateway``, ``collectors``."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(self, settings: Mapping[str, Any]) -> PrometheusSettings:
        """Replace the settings; a field left out takes its default. Returns the
        new settings, always in the recommended shape.

        ``settings`` is in the recommended shape (``enable_basic_auth``,
        required, ``push_gateway``, ``collectors``) or in the legacy one EMQX
        still accepts (``enable``, ``push_gateway_server``, ``interval``,
        ``*_collector``...). To change one field and keep the rest, use
        ``modify()``.

        Raises:
            ValueError, TypeError: Not a mapping, fields of neither shape; nothing was sent.
            BadRequestError: A value EMQX refuses.
        """
        return self._run(PUT_SETTINGS, locals())

    def modify(self, **changes: Any) -> PrometheusSettings:
        """Change some settings and keep the others, e.g.
        ``modify(push_gateway={"enable": True})``: the sections given are merged
        into the current ones.

        Reads the settings and sends them back changed with ``update_settings()``:
        two requests, and a change made by someone else in between is overwritten.
        """
        checked = _changes(changes)
        return self.update_settings(merged(self.settings(), checked))

    @overload
    def stats(self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...) -> str: ...
    @overload
    def stats(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusStats: ...
    def stats(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusStats:
        """The broker's metrics: the gauges of ``/stats`` and the counters of
        ``/metrics``, by Prometheus name (``emqx_connections_count``...)."""
        return self._run(_pick(format, STATS_TEXT, STATS), locals())

    @overload
    def auth(self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...) -> str: ...
    @overload
    def auth(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusAuthMetrics: ...
    def auth(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusAuthMetrics:
        """Per authenticator and authorization source: enabled, status, users
        or rules; and the number of bans."""
        return self._run(_pick(format, AUTH_TEXT, AUTH), locals())

    @overload
    def data_integration(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    def data_integration(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusDataIntegrationMetrics: ...
    def data_integration(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusDataIntegrationMetrics:
        """Counts of rules, actions, connectors and schemas, and each one's counters."""
        return self._run(_pick(format, DATA_INTEGRATION_TEXT, DATA_INTEGRATION), locals())

    @overload
    def schema_validation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    def schema_validation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> dict[str, Any]: ...
    def schema_validation(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | dict[str, Any]:
        """Each schema validation's counters (``matched``, ``passed``, ``failed``)."""
        return self._run(_pick(format, SCHEMA_VALIDATION_TEXT, SCHEMA_VALIDATION), locals())

    @overload
    def message_transformation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    def message_transformation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> dict[str, Any]: ...
    def message_transformation(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | dict[str, Any]:
        """Each message transformation's counters (``matched``, ``succeeded``, ``failed``)."""
        text, json = MESSAGE_TRANSFORMATION_TEXT, MESSAGE_TRANSFORMATION
        return self._run(_pick(format, text, json), locals())


class AsyncPrometheus(AsyncResource, twin=Prometheus):
    """Prometheus monitoring, for asyncio (see ``Prometheus``)."""

    async def settings(self) -> PrometheusSettings:
        """The settings: ``enable_basic_auth``, ``push_gateway``, ``collectors``."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(self, settings: Mapping[str, Any]) -> PrometheusSettings:
        """Replace the settings; a field left out takes its default (a coroutine)."""
        return await self._run(PUT_SETTINGS, locals())

    async def modify(self, **changes: Any) -> PrometheusSettings:
        """Change some settings and keep the others (a coroutine)."""
        checked = _changes(changes)
        return await self.update_settings(merged(await self.settings(), checked))

    @overload
    async def stats(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    async def stats(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusStats: ...
    async def stats(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusStats:
        """The broker's metrics by Prometheus name (a coroutine)."""
        return await self._run(_pick(format, STATS_TEXT, STATS), locals())

    @overload
    async def auth(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    async def auth(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusAuthMetrics: ...
    async def auth(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusAuthMetrics:
        """Per authenticator and authorization source, and the number of bans."""
        return await self._run(_pick(format, AUTH_TEXT, AUTH), locals())

    @overload
    async def data_integration(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    async def data_integration(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> PrometheusDataIntegrationMetrics: ...
    async def data_integration(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | PrometheusDataIntegrationMetrics:
        """Counts of rules, actions, connectors and schemas, and each one's counters."""
        return await self._run(_pick(format, DATA_INTEGRATION_TEXT, DATA_INTEGRATION), locals())

    @overload
    async def schema_validation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    async def schema_validation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> dict[str, Any]: ...
    async def schema_validation(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | dict[str, Any]:
        """Each schema validation's counters."""
        return await self._run(_pick(format, SCHEMA_VALIDATION_TEXT, SCHEMA_VALIDATION), locals())

    @overload
    async def message_transformation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["text"] = ...
    ) -> str: ...
    @overload
    async def message_transformation(
        self, *, mode: ScrapeMode | None = ..., format: Literal["json"]
    ) -> dict[str, Any]: ...
    async def message_transformation(
        self, *, mode: ScrapeMode | None = None, format: ScrapeFormat = "text"
    ) -> str | dict[str, Any]:
        """Each message transformation's counters."""
        text, json = MESSAGE_TRANSFORMATION_TEXT, MESSAGE_TRANSFORMATION
        return await self._run(_pick(format, text, json), locals())
