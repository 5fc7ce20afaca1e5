"""Shapes of the listeners' answers (``client.listeners``)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = [
    "Listener",
    "ListenerStatus",
    "ListenerSummary",
    "ListenerTypeStatus",
    "ListenerNodeStatus",
]

ListenerType = Literal["tcp", "ssl", "ws", "wss", "quic"]


class ListenerStatus(TypedDict, total=False):
    """Whether a listener runs, and its connections."""

    running: bool | Literal["inconsistent"]
    max_connections: int | Literal["infinity"]
    current_connections: int


class ListenerNodeStatus(TypedDict, total=False):
    """One node's view of a listener."""

    node: str
    status: ListenerStatus


class ListenerSummary(TypedDict, total=False):
    """A row of ``listeners.list()``."""

    id: str
    type: ListenerType
    name: str
    enable: bool
    number: int
    bind: str
    acceptors: int
    status: ListenerStatus
    node_status: list[ListenerNodeStatus]


class ListenerTypeStatus(TypedDict, total=False):
    """A row of ``listeners.status()``: every listener of one type."""

    type: ListenerType
    enable: bool
    ids: list[str]
    status: ListenerStatus
    node_status: list[ListenerNodeStatus]


class Listener(TypedDict, total=False):
    """A listener's configuration; ``ssl_options`` and ``websocket`` depend on its type."""

    id: str
    type: ListenerType
    running: bool
    current_connections: int
    enable: bool
    bind: str
    acceptors: int
    max_connections: int | Literal["infinity"]
    mountpoint: str
    zone: str
    max_conn_rate: str
    access_rules: list[str]
    proxy_protocol: bool
    proxy_protocol_timeout: str
    tcp_options: dict[str, Any]
    ssl_options: dict[str, Any]
    websocket: dict[str, Any]
