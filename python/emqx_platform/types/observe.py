"""Shapes of the observability answers of the Deployment API: alarms, the
monitor's time series and current values, slow subscriptions, topic metrics,
traces, the node's status, error codes and the license.

``MonitorSeries`` is the one class here that is not a ``TypedDict``: the
list of monitor samples, with ``to_pandas()`` / ``to_polars()`` indexed by time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypedDict

from .._frames import pandas_frame, polars_frame, require

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, unused-ignore]
    import polars

__all__ = [
    "Alarm",
    "ErrorCode",
    "LicenseInfo",
    "LicenseSetting",
    "MonitorCurrent",
    "MonitorSample",
    "MonitorSeries",
    "NodeStatus",
    "SlowSubsSettings",
    "SlowSubscription",
    "TopicMetric",
    "TopicMetricCounters",
    "Trace",
    "TraceLog",
    "TraceLogFile",
    "TraceLogMeta",
    "TraceStopped",
]


class Alarm(TypedDict, total=False):
    """An alarm, current or historical (``deactivate_at`` only once it ended)."""

    node: str
    name: str
    """``high_system_memory_usage``, ``license_quota``, ..."""
    message: str
    details: dict[str, Any]
    duration: int
    """How long it has been (or was) active, in milliseconds."""
    activate_at: str
    """RFC 3339."""
    deactivate_at: str


class MonitorSample(TypedDict, total=False):
    """One sample of the monitor's time series (EMQX samples every 10 seconds).

    Gauges are the value at the time of sampling; ``received``, ``sent``,
    ``dropped``, ``persisted`` and the validation and transformation counts
    are the messages counted during the sample's interval.
    """

    time_stamp: int
    """Start of the interval, epoch milliseconds."""
    connections: int
    """Sessions, connected or not."""
    live_connections: int
    """Clients with a live connection."""
    disconnected_durable_sessions: int
    subscriptions: int
    subscriptions_durable: int
    topics: int
    received: int
    sent: int
    dropped: int
    persisted: int
    """Messages saved to durable storage."""
    validation_succeeded: int
    validation_failed: int
    transformation_succeeded: int
    transformation_failed: int


class MonitorCurrent(TypedDict, total=False):
    """The monitor's current values: gauges, and message rates (per second, over the
    last sampling interval)."""

    connections: int
    live_connections: int
    disconnected_durable_sessions: int
    subscriptions: int
    subscriptions_durable: int
    shared_subscriptions: int
    topics: int
    retained_msg_count: int
    received_msg_rate: int
    sent_msg_rate: int
    dropped_msg_rate: int
    persisted_rate: int
    validation_succeeded_rate: int
    validation_failed_rate: int
    transformation_succeeded_rate: int
    transformation_failed_rate: int
    license_quota: int
    """The connections the license allows the cluster."""
    node_uptime: int
    """Seconds; only from ``monitor.current(node=...)``."""


class MonitorSeries(list[MonitorSample]):
    """The monitor's samples, oldest first: a ``list`` that becomes a time-indexed frame.

    ::

        df = d.monitor.series(latest=3600).to_pandas()
        df["received"].plot()
    """

    __slots__ = ()

    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame, one row per sample, indexed by ``time`` (UTC).

        Needs ``pip install 'emqx-platform[pandas]'``.
        """
        pd = require("pandas")
        frame = pandas_frame(self)
        if frame.empty:
            return frame
        frame.index = pd.to_datetime(frame.pop("time_stamp"), unit="ms", utc=True)
        frame.index.name = "time"
        return frame

    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame with a ``time`` column (UTC) first (``emqx-platform[polars]``)."""
        pl = require("polars")
        frame = polars_frame(self)
        if frame.is_empty():
            return frame
        time = pl.from_epoch(frame["time_stamp"], time_unit="ms").dt.replace_time_zone("UTC")
        return frame.drop("time_stamp").insert_column(0, time.alias("time"))


class NodeStatus(TypedDict, total=False):
    """``status.details()``: the node's health."""

    rel_vsn: str
    node_name: str
    broker_status: str
    """``started`` or ``stopped``."""
    app_status: str
    """``running`` or ``not_running``."""


class ErrorCode(TypedDict, total=False):
    """An error code the server documents."""

    code: str
    description: str


class LicenseInfo(TypedDict, total=False):
    """The deployment's license."""

    customer: str
    email: str
    deployment: str
    type: str
    """``official`` or ``trial``."""
    customer_type: int
    start_at: str
    expiry_at: str
    expiry: bool
    max_sessions: int
    """Connections the license allows the cluster."""


class LicenseSetting(TypedDict, total=False):
    """When the ``license_quota`` alarm goes off and ends (``"80%"``, ``"75%"``)."""

    connection_low_watermark: str
    connection_high_watermark: str


TopicMetricCounters = TypedDict(
    "TopicMetricCounters",
    {
        "message.in.count": int,
        "message.out.count": int,
        "message.dropped.count": int,
        "message.qos0.in.count": int,
        "message.qos1.in.count": int,
        "message.qos2.in.count": int,
        "message.qos0.out.count": int,
        "message.qos1.out.count": int,
        "message.qos2.out.count": int,
        "message.in.rate": float,
        "message.out.rate": float,
        "message.dropped.rate": float,
        "message.qos0.in.rate": float,
        "message.qos1.in.rate": float,
        "message.qos2.in.rate": float,
        "message.qos0.out.rate": float,
        "message.qos1.out.rate": float,
        "message.qos2.out.rate": float,
    },
    total=False,
)
"""A topic's counters (``metrics["message.in.count"]``) and rates per second."""


class TopicMetric(TypedDict, total=False):
    """The message counters of one registered topic name."""

    topic: str
    create_time: str
    reset_time: str
    """Only once reset."""
    metrics: TopicMetricCounters


class SlowSubsSettings(TypedDict, total=False):
    """Slow subscription settings (``PUT`` replaces them; omitted fields take defaults)."""

    enable: bool
    threshold: str
    """A delivery slower than this is recorded, e.g. ``"500ms"``."""
    expire_interval: str
    """A record not updated for this long goes, e.g. ``"300s"``."""
    top_k_num: int
    """At most this many records (1..1000)."""
    stats_type: Literal["whole", "internal", "response"]


class SlowSubscription(TypedDict, total=False):
    """A subscriber whose deliveries took longer than the threshold."""

    clientid: str
    node: str
    topic: str
    timespan: int
    """The latency, in milliseconds."""
    last_update_time: int
    """Epoch milliseconds."""


class Trace(TypedDict, total=False):
    """A trace: what it follows (``clientid``, ``topic``, ``ip_address`` or ``ruleid``) and when."""

    name: str
    type: Literal["clientid", "topic", "ip_address", "ruleid"]
    clientid: str
    topic: str
    ip_address: str
    ruleid: str
    status: Literal["running", "stopped", "waiting"]
    payload_encode: Literal["text", "hex", "hidden"]
    formatter: Literal["text", "json"]
    start_at: str
    end_at: str
    log_size: dict[str, int]
    """The log's size in bytes on each node: ``{"emqx@10.0.0.1": 1024}`` (a map, whatever
    the spec's array says)."""


class TraceStopped(TypedDict):
    """What stopping a trace answers: the trace's name, now disabled."""

    enable: Literal[False]
    name: str


class TraceLogMeta(TypedDict):
    """Where a page of a trace log ends."""

    position: int
    """The byte offset to ask for the next page from."""
    bytes: int
    """How many bytes this page holds."""


class TraceLog(TypedDict):
    """A page of a trace log: ``items`` is its text."""

    items: str
    meta: TraceLogMeta


class TraceLogFile(TypedDict, total=False):
    """A trace log file on one node."""

    node: str
    size: int
    mtime: int
    """Epoch seconds."""
