"""Clients listed in pages by the fault server, answered by the ``page`` asked for."""

from __future__ import annotations

from typing import Any

from support.faultserver import FaultServer, RecordedRequest, Reply

CLIENTS = "/api/v5/clients"


def script_clients(
    server: FaultServer, total: int, *, limit: int, count: bool = True, **fields: Any
) -> None:
    """``total`` clients ``c-00``... in pages of ``limit``; ``meta.count`` unless ``count=False``.

    Every request for ``/api/v5/clients`` gets the page it asks for, so a
    test may list the clients as often as it likes.
    """
    rows = [{"clientid": f"c-{i:02d}", **fields} for i in range(total)]

    def answer(request: RecordedRequest) -> Reply:
        if request.path != CLIENTS:
            return Reply(status=404, json={"code": "NOT_FOUND", "message": request.path})
        number = int(dict(request.query_pairs).get("page", "1"))
        start = (number - 1) * limit
        meta: dict[str, Any] = {"page": number, "limit": limit, "hasnext": start + limit < total}
        if count:
            meta["count"] = total
        return Reply(json={"data": rows[start : start + limit], "meta": meta})

    server.script_fallback(answer)


def pages_sent(server: FaultServer) -> list[str]:
    """The ``page`` parameter of each request the server saw."""
    return [dict(r.query_pairs).get("page", "?") for r in server.requests]
