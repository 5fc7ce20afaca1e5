"""``client.shadows``: the Cloud device-shadow service of a v4 deployment.

The shadow service answers without EMQX 4's ``code`` envelope: a shadow or
its JSON document as is, and lists as ``{items, meta}``.
"""

from __future__ import annotations

from typing import Any

from ..._page_styles import V4_PAGES
from ..._pagination import AsyncPaginator, Page
from ...types.v4 import Shadow, ShadowDocument
from .._checks import check_mapping, check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, nothing

__all__ = ["AsyncShadows", "Shadows"]


def _shadow_body(
    name: str | None, description: str | None, shadow_id: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if shadow_id is not None:
        body["shadowID"] = check_str("shadow_id", shadow_id)
    if name is not None:
        body["shadowName"] = check_str("name", name)
    if description is not None:
        if not isinstance(description, str):
            raise TypeError(f"description must be a str, not {type(description).__name__}")
        body["description"] = description
    return body


def _create_body(name: str, description: str | None, shadow_id: str | None) -> dict[str, Any]:
    check_str("name", name)
    return _shadow_body(name, description, shadow_id)


def _update_body(name: str | None, description: str | None) -> dict[str, Any]:
    body = _shadow_body(name, description)
    if not body:
        raise ValueError("give name or description (or both) to change")
    return body


LIST_SHADOWS = Endpoint[Shadow]("GET", "/shadows", paginated=True, pages=V4_PAGES)
GET_SHADOW = Endpoint[Shadow]("GET", "/shadows/{shadow_id}")
GET_SHADOW_JSON = Endpoint[ShadowDocument]("GET", "/shadows/{shadow_id}/json")
CREATE_SHADOW = Endpoint[Shadow]("POST", "/shadows", body=_create_body)
UPDATE_SHADOW = Endpoint[Shadow]("PUT", "/shadows/{shadow_id}", body=_update_body)
REPLACE_SHADOW_JSON = Endpoint[ShadowDocument](
    "PUT", "/shadows/{shadow_id}/json", body=lambda document: check_mapping("document", document)
)
PATCH_SHADOW_JSON = Endpoint[ShadowDocument](
    "PATCH", "/shadows/{shadow_id}/json", body=lambda changes: check_mapping("changes", changes)
)
DELETE_SHADOW = Endpoint("DELETE", "/shadows/{shadow_id}", parse=nothing)


class Shadows(V4Resource):
    """Device shadows: a named JSON document per device, kept by the Cloud."""

    def list(self, *, page: int | None = None, limit: int | None = None) -> Page[Shadow]:
        """Every shadow (first page; iterate for all)."""
        return self._list(LIST_SHADOWS, locals())

    def get(self, shadow_id: str) -> Shadow:
        """One shadow's description (not its document: see ``get_json()``)."""
        return self._run(GET_SHADOW, locals())

    def get_json(self, shadow_id: str) -> ShadowDocument:
        """One shadow's JSON document, with its ``version``."""
        return self._run(GET_SHADOW_JSON, locals())

    def create(
        self, name: str, *, description: str | None = None, shadow_id: str | None = None
    ) -> Shadow:
        """Create a shadow; ``shadow_id`` is chosen by the service unless given."""
        return self._run(CREATE_SHADOW, locals())

    def update(
        self, shadow_id: str, *, name: str | None = None, description: str | None = None
    ) -> Shadow:
        """Rename a shadow or change its description (its id cannot change)."""
        return self._run(UPDATE_SHADOW, locals())

    def replace_json(self, shadow_id: str, document: dict[str, Any]) -> ShadowDocument:
        """Replace a shadow's whole JSON document."""
        return self._run(REPLACE_SHADOW_JSON, locals())

    def patch_json(self, shadow_id: str, changes: dict[str, Any]) -> ShadowDocument:
        """Change some keys of a shadow's JSON document (a nested object is added one
        level at a time)."""
        return self._run(PATCH_SHADOW_JSON, locals())

    def delete(self, shadow_id: str) -> None:
        """Delete a shadow and its document."""
        return self._run(DELETE_SHADOW, locals())


class AsyncShadows(V4AsyncResource, twin=Shadows):
    """Device shadows, for asyncio (see ``Shadows``)."""

    def list(self, *, page: int | None = None, limit: int | None = None) -> AsyncPaginator[Shadow]:
        """Every shadow: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_SHADOWS, locals())

    async def get(self, shadow_id: str) -> Shadow:
        """One shadow's description (a coroutine)."""
        return await self._run(GET_SHADOW, locals())

    async def get_json(self, shadow_id: str) -> ShadowDocument:
        """One shadow's JSON document (a coroutine)."""
        return await self._run(GET_SHADOW_JSON, locals())

    async def create(
        self, name: str, *, description: str | None = None, shadow_id: str | None = None
    ) -> Shadow:
        """Create a shadow (a coroutine)."""
        return await self._run(CREATE_SHADOW, locals())

    async def update(
        self, shadow_id: str, *, name: str | None = None, description: str | None = None
    ) -> Shadow:
        """Rename a shadow or change its description (a coroutine)."""
        return await self._run(UPDATE_SHADOW, locals())

    async def replace_json(self, shadow_id: str, document: dict[str, Any]) -> ShadowDocument:
        """Replace a shadow's whole JSON document (a coroutine)."""
        return await self._run(REPLACE_SHADOW_JSON, locals())

    async def patch_json(self, shadow_id: str, changes: dict[str, Any]) -> ShadowDocument:
        """Change some keys of a shadow's JSON document (a coroutine)."""
        return await self._run(PATCH_SHADOW_JSON, locals())

    async def delete(self, shadow_id: str) -> None:
        """Delete a shadow and its document (a coroutine)."""
        return await self._run(DELETE_SHADOW, locals())
