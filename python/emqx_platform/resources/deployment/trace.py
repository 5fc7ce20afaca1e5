"""``client.traces``: log what one client, topic filter or IP address does, and read the log
(page by page as text, or every node's log file at once as a zip archive)."""

from __future__ import annotations

import builtins
import re
from typing import Any, Literal, get_args

from ..._exceptions import APIError
from ..._paths import quote_path
from ...types.observe import Trace, TraceLog, TraceLogFile, TraceStopped
from .._checks import When, check_choice, check_int_range, check_str, check_when
from .._endpoint import Endpoint, UnexpectedAnswer, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncTraces", "Traces"]

PayloadEncode = Literal["text", "hex", "hidden"]
Formatter = Literal["text", "json"]

# EMQX's rule for a trace name, in a body or a path.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_MAX_NAME_BYTES = 256
_MAX_BYTES = 2**31 - 1


def _trace_name(name: str, value: object) -> str:
    text = check_str(name, value)
    if not _NAME.fullmatch(text):
        raise ValueError(
            f"{name} must start with an ASCII letter and hold only ASCII letters, digits, "
            f"'_' and '-', got {text!r}"
        )
    if len(text) > _MAX_NAME_BYTES:
        raise ValueError(f"{name} must be at most {_MAX_NAME_BYTES} characters, got {len(text)}")
    return text


def _create_body(
    name: str,
    clientid: str | None,
    topic: str | None,
    ip_address: str | None,
    ruleid: str | None,
    start_at: When | None,
    end_at: When | None,
    payload_encode: PayloadEncode | None,
    formatter: Formatter | None,
) -> dict[str, Any]:
    given = {
        k: v
        for k, v in (
            ("clientid", clientid),
            ("topic", topic),
            ("ip_address", ip_address),
            ("ruleid", ruleid),
        )
        if v is not None
    }
    if len(given) != 1:
        raise TypeError("give exactly one of clientid, topic, ip_address or ruleid")
    [(kind, value)] = given.items()
    body: dict[str, Any] = {
        "name": _trace_name("name", name),
        "type": kind,
        kind: check_str(kind, value),
    }
    for key, when in (("start_at", start_at), ("end_at", end_at)):
        if when is not None:
            body[key] = check_when(key, when)
    if payload_encode is not None:
        body["payload_encode"] = check_choice(
            "payload_encode", payload_encode, get_args(PayloadEncode)
        )
    if formatter is not None:
        body["formatter"] = check_choice("formatter", formatter, get_args(Formatter))
    return body


def _log_query(position: int | None, max_bytes: int | None, node: str | None) -> dict[str, Any]:
    return {
        "position": None
        if position is None
        else check_int_range("position", position, 0, 2**63 - 1),
        "bytes": None
        if max_bytes is None
        else check_int_range("max_bytes", max_bytes, 1, _MAX_BYTES),
        "node": None if node is None else check_str("node", node),
    }


def _node_query(node: str | None) -> dict[str, Any]:
    return {"node": None if node is None else check_str("node", node)}


def _archive(answer: Any, _sent: Any) -> bytes:
    """The zip the server sent; the core returns ``bytes`` for a zip or octet-stream answer."""
    if not isinstance(answer, bytes):
        raise UnexpectedAnswer(
            f"expected the trace's zip archive (application/x-zip), got {type(answer).__name__}"
        )
    return answer


def _next_position(client: Any, name: str, page: TraceLog, position: int) -> int:
    """Where the page after ``page`` starts; a position that does not move on would
    read the same page for ever."""
    after = page["meta"]["position"]
    if not isinstance(after, int) or isinstance(after, bool) or after <= position:
        raise APIError(
            f"the trace log's next position {after!r} does not move on from {position}",
            method="GET",
            url=f"{client.base_url}/trace/{quote_path(name)}/log",
            body=page,
        )
    return after


_NAMED = {"name": _trace_name}
LIST_TRACES = Endpoint[builtins.list[Trace]]("GET", "/trace")
CREATE_TRACE = Endpoint[Trace]("POST", "/trace", body=_create_body)
CLEAR_TRACES = Endpoint("DELETE", "/trace", parse=no_content)
DELETE_TRACE = Endpoint("DELETE", "/trace/{name}", path_checks=_NAMED, parse=no_content)
STOP_TRACE = Endpoint[TraceStopped]("PUT", "/trace/{name}/stop", path_checks=_NAMED)
TRACE_LOG = Endpoint[TraceLog]("GET", "/trace/{name}/log", query=_log_query, path_checks=_NAMED)
TRACE_FILES = Endpoint[builtins.list[TraceLogFile]](
    "GET", "/trace/{name}/log_detail", path_checks=_NAMED
)
DOWNLOAD_TRACE = Endpoint[bytes](
    "GET", "/trace/{name}/download", query=_node_query, path_checks=_NAMED, parse=_archive
)

# read_log's page size: few round trips, each answer well under the response limit.
_READ_CHUNK = 1 << 20


class Traces(SyncResource):
    """Traces: a log of one client id, topic filter or IP address (dedicated deployments).

    ::

        d.traces.create("sensor_1", clientid="sensor-1")
        ...                                     # the client publishes, receives
        print(d.traces.read_log("sensor_1"))
        d.traces.stop("sensor_1")
    """

    def list(self) -> builtins.list[Trace]:
        """Every trace, running, waiting or stopped (not paginated)."""
        return self._run(LIST_TRACES, locals())

    def create(
        self,
        name: str,
        *,
        clientid: str | None = None,
        topic: str | None = None,
        ip_address: str | None = None,
        ruleid: str | None = None,
        start_at: When | None = None,
        end_at: When | None = None,
        payload_encode: PayloadEncode | None = None,
        formatter: Formatter | None = None,
    ) -> Trace:
        """Start a trace of exactly one of ``clientid``, ``topic`` (a filter), ``ip_address``
        or ``ruleid`` (a rule's id).

        Args:
            name: An ASCII letter, then ASCII letters, digits, ``_`` and ``-``; at most
                256 characters.
            start_at: When the trace starts: epoch seconds, RFC 3339 or an aware
                ``datetime``; now by default.
            end_at: When it ends, in the same forms; 10 minutes after the start
                by default.
            payload_encode: ``"text"`` (default), ``"hex"`` or ``"hidden"``.
            formatter: ``"text"`` (default) or ``"json"`` (one JSON object a line).

        Raises:
            ConflictError: The name is taken (``ALREADY_EXISTS``), or another trace
                follows the same thing from the same second (``DUPLICATE_CONDITION``).
            BadRequestError: ``end_at`` has passed, or another bad parameter
                (``INVALID_PARAMS``).
        """
        return self._run(CREATE_TRACE, locals())

    def stop(self, name: str) -> TraceStopped:
        """Disable the trace (its status becomes ``stopped``); its log stays readable.

        EMQX answers only ``{"enable": False, "name": name}``.
        """
        return self._run(STOP_TRACE, locals())

    def delete(self, name: str) -> None:
        """Delete the trace and its log; 404 if there is none."""
        return self._run(DELETE_TRACE, locals())

    def clear(self) -> None:
        """Delete every trace."""
        return self._run(CLEAR_TRACES, locals())

    def log(
        self,
        name: str,
        *,
        position: int | None = None,
        max_bytes: int | None = None,
        node: str | None = None,
    ) -> TraceLog:
        """A page of the log: up to ``max_bytes`` (server default 1000) from byte
        ``position`` (default 0). ``meta.position`` is where the next page starts;
        an empty ``items`` means the end for now."""
        return self._run(TRACE_LOG, locals())

    def log_files(self, name: str) -> builtins.list[TraceLogFile]:
        """The log file on each node: ``size`` in bytes and ``mtime``."""
        return self._run(TRACE_FILES, locals())

    def download(self, name: str, *, node: str | None = None) -> bytes:
        """The log files (of ``node``, default every node) as a zip archive.

        ::

            import io, zipfile

            archive = zipfile.ZipFile(io.BytesIO(d.traces.download("sensor_1")))
            for member in archive.namelist():
                print(archive.read(member).decode())
        """
        return self._run(DOWNLOAD_TRACE, locals())

    def read_log(self, name: str, *, node: str | None = None) -> str:
        """The whole log of ``node`` as text, read page after page.

        Without ``node`` EMQX reads the log of the node that answers, one node of a
        cluster: name each node (see ``log_files``) to read them all, or ``download``
        them at once.
        """
        text: builtins.list[str] = []
        position = 0
        while True:
            page = self.log(name, position=position, max_bytes=_READ_CHUNK, node=node)
            if not page.get("items"):
                return "".join(text)
            text.append(page["items"])
            position = _next_position(self._client, name, page, position)


class AsyncTraces(AsyncResource, twin=Traces):
    """Traces, for asyncio (see ``Traces``)."""

    async def list(self) -> builtins.list[Trace]:
        """Every trace, running, waiting or stopped (not paginated)."""
        return await self._run(LIST_TRACES, locals())

    async def create(
        self,
        name: str,
        *,
        clientid: str | None = None,
        topic: str | None = None,
        ip_address: str | None = None,
        ruleid: str | None = None,
        start_at: When | None = None,
        end_at: When | None = None,
        payload_encode: PayloadEncode | None = None,
        formatter: Formatter | None = None,
    ) -> Trace:
        """Start a trace of exactly one of ``clientid``, ``topic``, ``ip_address`` or ``ruleid``."""
        return await self._run(CREATE_TRACE, locals())

    async def stop(self, name: str) -> TraceStopped:
        """Disable the trace; EMQX answers only ``{"enable": False, "name": name}``."""
        return await self._run(STOP_TRACE, locals())

    async def delete(self, name: str) -> None:
        """Delete the trace and its log; 404 if there is none."""
        return await self._run(DELETE_TRACE, locals())

    async def clear(self) -> None:
        """Delete every trace."""
        return await self._run(CLEAR_TRACES, locals())

    async def log(
        self,
        name: str,
        *,
        position: int | None = None,
        max_bytes: int | None = None,
        node: str | None = None,
    ) -> TraceLog:
        """A page of the log from byte ``position``; ``meta.position`` starts the next."""
        return await self._run(TRACE_LOG, locals())

    async def log_files(self, name: str) -> builtins.list[TraceLogFile]:
        """The log file on each node: ``size`` in bytes and ``mtime``."""
        return await self._run(TRACE_FILES, locals())

    async def download(self, name: str, *, node: str | None = None) -> bytes:
        """The log files (of ``node``, default every node) as a zip archive."""
        return await self._run(DOWNLOAD_TRACE, locals())

    async def read_log(self, name: str, *, node: str | None = None) -> str:
        """The whole log as text, read page after page."""
        text: builtins.list[str] = []
        position = 0
        while True:
            page = await self.log(name, position=position, max_bytes=_READ_CHUNK, node=node)
            if not page.get("items"):
                return "".join(text)
            text.append(page["items"])
            position = _next_position(self._client, name, page, position)
