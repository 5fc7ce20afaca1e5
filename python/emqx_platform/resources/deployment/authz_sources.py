"""``client.authz_sources`` and ``client.authorization``: authorization sources
(checked in order, one per type), what happens when none decides, and the cache.

The built-in database's rules are managed by ``client.acl``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from ...types.authz import AuthzSettings, AuthzSource, AuthzSourceConfig, AuthzSourceStatus
from .._checks import check_bool, check_choice, check_ids, check_mapping, check_position
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncAuthorization", "AsyncAuthzSources", "Authorization", "AuthzSources"]

SOURCE_TYPES = (
    "built_in_database",
    "file",
    "http",
    "redis",
    "mysql",
    "postgresql",
    "mongodb",
    "ldap",
)


def _check_type(name: str, value: object) -> str:
    """A source type (never ``order``, the path of ``PUT /authorization/sources/order``)."""
    return check_choice(name, value, SOURCE_TYPES)


def _config(config: AuthzSourceConfig | Mapping[str, Any]) -> dict[str, Any]:
    """The configuration to send: a mapping naming its ``type``."""
    body = check_mapping("config", config)
    if "type" not in body:
        raise ValueError(f"config needs 'type', one of {', '.join(SOURCE_TYPES)}")
    _check_type("config['type']", body["type"])
    if "enable" in body:
        check_bool("config['enable']", body["enable"])
    return body


def _settings(no_match: str, deny_action: str, cache: Mapping[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "no_match": check_choice("no_match", no_match, ("allow", "deny")),
        "deny_action": check_choice("deny_action", deny_action, ("ignore", "disconnect")),
    }
    if cache is not None:
        body["cache"] = check_mapping("cache", cache)
    return body


_ONE = "/authorization/sources/{type}"
_TYPE = {"type": _check_type}
LIST_SOURCES = Endpoint[list[AuthzSource]](
    "GET", "/authorization/sources", parse=lambda answer, _: cast(Any, answer)["sources"]
)
GET_SOURCE = Endpoint[AuthzSource]("GET", _ONE, path_checks=_TYPE)
CREATE_SOURCE = Endpoint("POST", "/authorization/sources", body=_config, parse=no_content)
UPDATE_SOURCE = Endpoint("PUT", _ONE, body=_config, parse=no_content, path_checks=_TYPE)
DELETE_SOURCE = Endpoint("DELETE", _ONE, parse=no_content, path_checks=_TYPE)
SOURCE_STATUS = Endpoint[AuthzSourceStatus]("GET", _ONE + "/status", path_checks=_TYPE)
MOVE_SOURCE = Endpoint(
    "POST",
    _ONE + "/move",
    body=lambda position: {"position": check_position("position", position)},
    parse=no_content,
    path_checks=_TYPE,
)
ORDER_SOURCES = Endpoint(
    "PUT",
    "/authorization/sources/order",
    body=lambda types: [{"type": _check_type("types[]", t)} for t in check_ids("types", types)],
    parse=no_content,
)
GET_SETTINGS = Endpoint[AuthzSettings]("GET", "/authorization/settings")
UPDATE_SETTINGS = Endpoint[AuthzSettings]("PUT", "/authorization/settings", body=_settings)
CLEAN_CACHE = Endpoint("DELETE", "/authorization/cache", parse=no_content)


class AuthzSources(SyncResource):
    """Authorization sources of a dedicated deployment, by type.

    Types: ``built_in_database``, ``file``, ``http``, ``redis``, ``mysql``,
    ``postgresql``, ``mongodb``, ``ldap``. Example::

        d.authz_sources.create({
            "type": "http", "method": "post", "url": "https://acl.example.com/check",
            "body": {"clientid": "${clientid}", "topic": "${topic}", "action": "${action}"},
        })
        d.authz_sources.move("http", "front")
    """

    def list(self) -> list[AuthzSource]:
        """Every source, in the order EMQX checks them."""
        return self._run(LIST_SOURCES, locals())

    def get(self, type: str) -> AuthzSource:
        """One source's configuration (secrets read back as ``"******"``, which
        ``update()`` takes back as the stored value); ``NotFoundError`` if absent."""
        return self._run(GET_SOURCE, locals())

    def create(self, config: AuthzSourceConfig | Mapping[str, Any]) -> None:
        """Add a source at the front of the chain: EMQX checks it before the others
        (``move()`` puts it elsewhere).

        Raises:
            BadRequestError: The chain has a source of this type already, or a
                field the type needs is missing or wrong.
        """
        return self._run(CREATE_SOURCE, locals())

    def update(self, type: str, config: AuthzSourceConfig | Mapping[str, Any]) -> None:
        """Replace a source's configuration (the whole of it; the type cannot change)."""
        return self._run(UPDATE_SOURCE, locals())

    def delete(self, type: str) -> None:
        """Remove a source; ``NotFoundError`` if absent."""
        return self._run(DELETE_SOURCE, locals())

    def status(self, type: str) -> AuthzSourceStatus:
        """Whether each node reaches the source, and its counters (allow, deny, nomatch,
        ignore)."""
        return self._run(SOURCE_STATUS, locals())

    def move(self, type: str, position: str) -> None:
        """Move one source: ``front``, ``rear``, ``before:<type>`` or ``after:<type>``."""
        return self._run(MOVE_SOURCE, locals())

    def order(self, types: Sequence[str]) -> None:
        """Put the sources in this order; ``types`` must name every source once."""
        return self._run(ORDER_SOURCES, locals())


class AsyncAuthzSources(AsyncResource, twin=AuthzSources):
    """Authorization sources, for asyncio (see ``AuthzSources``)."""

    async def list(self) -> list[AuthzSource]:
        """Every source, in the order EMQX checks them."""
        return await self._run(LIST_SOURCES, locals())

    async def get(self, type: str) -> AuthzSource:
        """One source's configuration (a coroutine)."""
        return await self._run(GET_SOURCE, locals())

    async def create(self, config: AuthzSourceConfig | Mapping[str, Any]) -> None:
        """Add a source at the front of the chain (a coroutine)."""
        return await self._run(CREATE_SOURCE, locals())

    async def update(self, type: str, config: AuthzSourceConfig | Mapping[str, Any]) -> None:
        """Replace a source's configuration (a coroutine)."""
        return await self._run(UPDATE_SOURCE, locals())

    async def delete(self, type: str) -> None:
        """Remove a source (a coroutine)."""
        return await self._run(DELETE_SOURCE, locals())

    async def status(self, type: str) -> AuthzSourceStatus:
        """Whether each node reaches the source, and its counters (a coroutine)."""
        return await self._run(SOURCE_STATUS, locals())

    async def move(self, type: str, position: str) -> None:
        """Move one source (a coroutine)."""
        return await self._run(MOVE_SOURCE, locals())

    async def order(self, types: Sequence[str]) -> None:
        """Put the sources in this order (a coroutine)."""
        return await self._run(ORDER_SOURCES, locals())


class Authorization(SyncResource):
    """What EMQX does when no source decides, and the cache of decisions."""

    def settings(self) -> AuthzSettings:
        """``no_match`` (allow/deny), ``deny_action`` (ignore/disconnect) and ``cache``."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(
        self,
        *,
        no_match: str,
        deny_action: str,
        cache: Mapping[str, Any] | None = None,
    ) -> AuthzSettings:
        """Replace the settings: ``no_match`` and ``deny_action`` are required, as on EMQX.

        ``cache`` (``{"enable", "max_size", "ttl", "excludes"}``) left out takes
        EMQX's defaults.
        """
        return self._run(UPDATE_SETTINGS, locals())

    def clean_cache(self) -> None:
        """Drop every client's cached decisions, on every node."""
        return self._run(CLEAN_CACHE, locals())


class AsyncAuthorization(AsyncResource, twin=Authorization):
    """Authorization settings and cache, for asyncio (see ``Authorization``)."""

    async def settings(self) -> AuthzSettings:
        """``no_match``, ``deny_action`` and ``cache`` (a coroutine)."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(
        self,
        *,
        no_match: str,
        deny_action: str,
        cache: Mapping[str, Any] | None = None,
    ) -> AuthzSettings:
        """Replace the settings (a coroutine)."""
        return await self._run(UPDATE_SETTINGS, locals())

    async def clean_cache(self) -> None:
        """Drop every client's cached decisions (a coroutine)."""
        return await self._run(CLEAN_CACHE, locals())
