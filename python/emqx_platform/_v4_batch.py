"""EMQX 4 batch answers: which entries failed, and the ``BatchError`` that reports them.

A batch (``create_many``, ``subscribe_many``...) answers ``code: 0`` even when
some of its entries failed: each entry carries its own result, an integer
``code`` (``0`` is success) or a ``result`` (``"ok"`` is success). The password
tables answer a dict of id to result instead of a list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._exceptions import APIStatusError
from ._v4_errors import V4_ERROR_MEANINGS, v4_error_class

__all__ = ["BatchError", "raise_failed_entries"]


class BatchError(APIStatusError):
    """Some entries of an EMQX 4 batch failed, although the answer's own ``code`` was 0.

    The other entries took effect. ``errors`` holds one exception per failed
    entry, of the class that entry's code raises on its own (112
    ``NotFoundError``, 113
    ``ConflictError``...); ``code`` is the first failed
    entry's code. Pass ``raise_on_error=False`` to a batch method to get the
    results back instead::

        try:
            d.mqtt.subscribe_many([{"clientid": "c1", "topic": "a/#"}])
        except BatchError as e:
            for error in e.errors:
                print(type(error).__name__, error.code)   # NotFoundError 112

    Attributes:
        results: Every entry's result, as the answer's ``data`` has them: a list,
            or for ``auth_*.create_many`` a dict of id to result.
        failed: The failed entries' results, in the same shape.
        errors: One ``APIStatusError`` per failed entry.
    """

    if TYPE_CHECKING:
        results: list[Any] | dict[str, Any]
        failed: list[Any] | dict[str, Any]
        errors: list[APIStatusError]

    def __init__(
        self,
        *,
        method: str,
        url: str,
        results: list[Any] | dict[str, Any],
        failed: list[Any] | dict[str, Any],
        errors: list[APIStatusError],
    ) -> None:
        """Raised by the v4 batch methods with the answer's results and the failed ones."""
        first = errors[0]
        code = first.code
        reason = first.message or (V4_ERROR_MEANINGS.get(code) if isinstance(code, int) else None)
        message = f"{len(errors)} of {len(results)} batch entries failed; the first: {reason}"
        super().__init__(
            status_code=200,
            method=method,
            url=url,
            body={"code": code, "message": message, "data": results},
        )
        self.results = results
        self.failed = failed
        self.errors = errors

    def __repr__(self) -> str:
        return (
            f"BatchError(code={self.code!r}, failed={len(self.errors)}, "
            f"results={len(self.results)}, method={self.method!r}, url={self.url!r})"
        )


def raise_failed_entries(results: Any, method: str, url: str) -> Any:
    """``results``, a batch answer's ``data``; a ``BatchError`` if any entry failed."""
    if isinstance(results, dict):
        failed_by_id = {id: result for id, result in results.items() if result != "ok"}
        if failed_by_id:
            errors = [
                _entry_error({"id": id, "message": str(result)}, method, url)
                for id, result in failed_by_id.items()
            ]
            raise BatchError(
                method=method, url=url, results=results, failed=failed_by_id, errors=errors
            )
    elif isinstance(results, list):
        failed = [entry for entry in results if _failed(entry)]
        if failed:
            errors = [_entry_error(_entry_body(entry), method, url) for entry in failed]
            raise BatchError(method=method, url=url, results=results, failed=failed, errors=errors)
    return results


def _failed(entry: object) -> bool:
    """An entry with a non-zero integer ``code``, or a ``result`` other than ``"ok"``."""
    if not isinstance(entry, dict):
        return False
    code = entry.get("code")
    if code.__class__ is int:
        return code != 0
    return "result" in entry and entry["result"] != "ok"


def _entry_body(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry, with its ``result`` as the ``message`` when it has no code."""
    if "code" in entry or "message" in entry:
        return entry
    return {**entry, "message": str(entry.get("result"))}


def _entry_error(body: dict[str, Any], method: str, url: str) -> APIStatusError:
    code = body.get("code")
    if code.__class__ is not int:
        return APIStatusError(status_code=200, method=method, url=url, body=body)
    meaning = V4_ERROR_MEANINGS.get(code)
    return v4_error_class(code)(
        status_code=200,
        method=method,
        url=url,
        body=body,
        hint=f"EMQX 4 code {code}: {meaning}" if meaning else None,
    )
