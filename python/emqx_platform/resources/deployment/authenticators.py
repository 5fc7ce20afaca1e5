"""``client.authenticators``: the authentication chain (HTTP, JWT, databases, built-in).

EMQX tries the authenticators in the chain's order; each is named by its id,
``<mechanism>:<backend>`` (``password_based:http``) or the mechanism alone
(``jwt``). Users of the built-in databases are managed by ``client.auth_users``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...types.authn import AuthenticatorConfig, AuthenticatorStatus
from ...types.deployment import Authenticator
from .._checks import check_bool, check_ids, check_mapping, check_position, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncAuthenticators", "Authenticators"]


def _check_id(name: str, value: object) -> str:
    """An authenticator id; ``order`` is the path of ``PUT /authentication/order``."""
    text = check_str(name, value)
    if text == "order":
        raise ValueError(f"{name}: 'order' is no authenticator id (use order([...]))")
    return text


def _config(config: AuthenticatorConfig | Mapping[str, Any]) -> dict[str, Any]:
    """The configuration to send: a mapping naming its ``mechanism``."""
    body = check_mapping("config", config)
    if "mechanism" not in body:
        raise ValueError("config needs 'mechanism' ('password_based', 'jwt', 'scram', ...)")
    check_str("config['mechanism']", body["mechanism"])
    if "backend" in body:
        check_str("config['backend']", body["backend"])
    if "enable" in body:
        check_bool("config['enable']", body["enable"])
    return body


_ONE = "/authentication/{id}"
_ID = {"id": _check_id}
LIST_AUTHENTICATORS = Endpoint[list[Authenticator]]("GET", "/authentication")
GET_AUTHENTICATOR = Endpoint[Authenticator]("GET", _ONE, path_checks=_ID)
# 200 with the configuration; an id already in the chain is 409 ALREADY_EXISTS.
CREATE_AUTHENTICATOR = Endpoint[Authenticator]("POST", "/authentication", body=_config)
UPDATE_AUTHENTICATOR = Endpoint("PUT", _ONE, body=_config, parse=no_content, path_checks=_ID)
DELETE_AUTHENTICATOR = Endpoint("DELETE", _ONE, parse=no_content, path_checks=_ID)
AUTHENTICATOR_STATUS = Endpoint[AuthenticatorStatus]("GET", _ONE + "/status", path_checks=_ID)
ORDER_AUTHENTICATORS = Endpoint(
    "PUT",
    "/authentication/order",
    body=lambda ids: [{"id": i} for i in check_ids("ids", ids)],
    parse=no_content,
)
MOVE_AUTHENTICATOR = Endpoint(
    "PUT",
    _ONE + "/position/{position}",
    parse=no_content,
    path_checks={"id": _check_id, "position": check_position},
)


class Authenticators(SyncResource):
    """The authentication chain of a dedicated deployment.

    Example::

        d.authenticators.create({
            "mechanism": "password_based", "backend": "http", "method": "post",
            "url": "https://auth.example.com/mqtt",
            "body": {"username": "${username}", "password": "${password}"},
        })
        d.authenticators.move("password_based:http", "front")
    """

    def list(self) -> list[Authenticator]:
        """Every authenticator, in the order EMQX tries them."""
        return self._run(LIST_AUTHENTICATORS, locals())

    def get(self, id: str) -> Authenticator:
        """One authenticator's configuration (secrets read back as ``"******"``).

        Raises:
            NotFoundError: The chain has no such authenticator.
        """
        return self._run(GET_AUTHENTICATOR, locals())

    def create(self, config: AuthenticatorConfig | Mapping[str, Any]) -> Authenticator:
        """Add an authenticator at the end of the chain; its id follows from the config.

        Raises:
            ConflictError: The chain has this mechanism and backend already
                (``ALREADY_EXISTS``).
            BadRequestError: A field the mechanism needs is missing or wrong.
        """
        return self._run(CREATE_AUTHENTICATOR, locals())

    def update(self, id: str, config: AuthenticatorConfig | Mapping[str, Any]) -> None:
        """Replace an authenticator's configuration (the whole of it).

        The mechanism and backend cannot change. A secret read back as
        ``"******"`` and sent again keeps its stored value, so a read-modify-
        write of ``get()``'s answer is safe.
        """
        return self._run(UPDATE_AUTHENTICATOR, locals())

    def delete(self, id: str) -> None:
        """Remove an authenticator (a built-in database's users go with it)."""
        return self._run(DELETE_AUTHENTICATOR, locals())

    def status(self, id: str) -> AuthenticatorStatus:
        """Whether each node reaches the backend, and the authenticator's counters."""
        return self._run(AUTHENTICATOR_STATUS, locals())

    def order(self, ids: Sequence[str]) -> None:
        """Put the chain in this order; ``ids`` must name every authenticator once."""
        return self._run(ORDER_AUTHENTICATORS, locals())

    def move(self, id: str, position: str) -> None:
        """Move one authenticator: ``front``, ``rear``, ``before:<id>`` or ``after:<id>``."""
        return self._run(MOVE_AUTHENTICATOR, locals())


class AsyncAuthenticators(AsyncResource, twin=Authenticators):
    """The authentication chain, for asyncio (see ``Authenticators``)."""

    async def list(self) -> list[Authenticator]:
        """Every authenticator, in the order EMQX tries them."""
        return await self._run(LIST_AUTHENTICATORS, locals())

    async def get(self, id: str) -> Authenticator:
        """One authenticator's configuration (a coroutine)."""
        return await self._run(GET_AUTHENTICATOR, locals())

    async def create(self, config: AuthenticatorConfig | Mapping[str, Any]) -> Authenticator:
        """Add an authenticator at the end of the chain (a coroutine)."""
        return await self._run(CREATE_AUTHENTICATOR, locals())

    async def update(self, id: str, config: AuthenticatorConfig | Mapping[str, Any]) -> None:
        """Replace an authenticator's configuration (a coroutine)."""
        return await self._run(UPDATE_AUTHENTICATOR, locals())

    async def delete(self, id: str) -> None:
        """Remove an authenticator (a coroutine)."""
        return await self._run(DELETE_AUTHENTICATOR, locals())

    async def status(self, id: str) -> AuthenticatorStatus:
        """Whether each node reaches the backend, and the counters (a coroutine)."""
        return await self._run(AUTHENTICATOR_STATUS, locals())

    async def order(self, ids: Sequence[str]) -> None:
        """Put the chain in this order (a coroutine)."""
        return await self._run(ORDER_AUTHENTICATORS, locals())

    async def move(self, id: str, position: str) -> None:
        """Move one authenticator (a coroutine)."""
        return await self._run(MOVE_AUTHENTICATOR, locals())
