"""Shapes of the telemetry settings and answers: Prometheus (scrape
authentication, push gateway, collectors, the scrapes' JSON form) and
OpenTelemetry (exporter, metrics, logs, traces)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = [
    "OpenTelemetryExporter",
    "OpenTelemetryLogs",
    "OpenTelemetryMetrics",
    "OpenTelemetrySettings",
    "OpenTelemetryTraceFilter",
    "OpenTelemetryTraces",
    "PrometheusAuthMetrics",
    "PrometheusCollectors",
    "PrometheusDataIntegrationMetrics",
    "PrometheusPushGateway",
    "PrometheusSettings",
    "PrometheusStats",
]

OnOff = Literal["enabled", "disabled"]


class PrometheusPushGateway(TypedDict, total=False):
    """Where EMQX pushes its metrics; leave it disabled when Prometheus scrapes EMQX."""

    enable: bool
    url: str
    """The push gateway, e.g. ``"http://127.0.0.1:9091"``."""
    method: Literal["put", "post"]
    interval: str
    """How often to push, e.g. ``"15s"``."""
    headers: dict[str, str]
    """Sent with each push (``{"Authorization": "Basic ..."}``): may hold a secret."""
    job_name: str
    """``${name}``, ``${host}`` and ``${cluster_name}`` are replaced by the node's."""


class PrometheusCollectors(TypedDict, total=False):
    """The Erlang VM's collectors, each ``"enabled"`` or ``"disabled"`` (off by default)."""

    mnesia: OnOff
    vm_dist: OnOff
    vm_memory: OnOff
    vm_msacc: OnOff
    vm_statistics: OnOff
    vm_system_info: OnOff


class PrometheusSettings(TypedDict, total=False):
    """``prometheus.settings()``, in the recommended shape EMQX answers with."""

    enable_basic_auth: bool
    """Whether a scrape needs credentials (it needs none by default)."""
    push_gateway: PrometheusPushGateway
    collectors: PrometheusCollectors


class PrometheusStats(TypedDict, total=False):
    """``prometheus.stats(format="json")``: values by metric name
    (``emqx_connections_count``...), grouped as EMQX groups them."""

    stats: dict[str, int]
    """The gauges of ``/stats`` (``emqx_connections_count``, ``..._max``)."""
    metrics: dict[str, int]
    """The VM's (``emqx_vm_uptime``...)."""
    packets: dict[str, int]
    messages: dict[str, int]
    delivery: dict[str, int]
    client: dict[str, int]
    session: dict[str, int]
    acl: dict[str, int]
    authn: dict[str, int]
    olp: dict[str, int]
    cluster: dict[str, int]


class PrometheusAuthMetrics(TypedDict, total=False):
    """``prometheus.auth(format="json")``: one entry per authenticator (``id``)
    and per authorization source (``type``), and the ban count."""

    emqx_authn: list[dict[str, Any]]
    emqx_authz: list[dict[str, Any]]
    emqx_banned: dict[str, int]


class PrometheusDataIntegrationMetrics(TypedDict, total=False):
    """``prometheus.data_integration(format="json")``: counts, and one entry
    per rule, action and connector (``id``)."""

    counts: dict[str, int]
    rules: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    connectors: list[dict[str, Any]]


class OpenTelemetryExporter(TypedDict, total=False):
    """Where the signals go."""

    endpoint: str
    """The collector's URL, e.g. ``"http://localhost:4317"``."""
    ssl_options: dict[str, Any]
    """TLS to the collector (``{"enable": False}`` by default)."""


class OpenTelemetryMetrics(TypedDict, total=False):
    """Metrics export: whether, and how often."""

    enable: bool
    interval: str
    """Between two exports, e.g. ``"10s"``."""


class OpenTelemetryLogs(TypedDict, total=False):
    """Log export: whether, and from which level."""

    enable: bool
    level: Literal[
        "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency", "all"
    ]
    scheduled_delay: str


class OpenTelemetryTraceFilter(TypedDict, total=False):
    """Which messages and client events are traced."""

    trace_mode: Literal["legacy", "e2e"]
    """``legacy`` traces publishes and deliveries; ``e2e`` every client event."""
    trace_all: bool
    """Legacy mode: trace every message, not only those with a trace context."""
    e2e_tracing_options: dict[str, Any]
    """``sample_ratio``, ``msg_trace_level``, ``clientid_match_rules_max``
    (the client id whitelist's length), ``topic_match_rules_max``, ..."""


class OpenTelemetryTraces(TypedDict, total=False):
    """Trace export: whether, its queue, and what is traced."""

    enable: bool
    max_queue_size: int
    scheduled_delay: str
    filter: OpenTelemetryTraceFilter


class OpenTelemetrySettings(TypedDict, total=False):
    """``opentelemetry.settings()`` (``PUT`` replaces them; a section left out
    takes its defaults)."""

    exporter: OpenTelemetryExporter
    metrics: OpenTelemetryMetrics
    logs: OpenTelemetryLogs
    traces: OpenTelemetryTraces
