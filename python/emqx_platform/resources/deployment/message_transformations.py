"""``client.message_transformations``: rewrites EMQX runs, in order, on every
message published to their topics (set the topic, payload fields, QoS... from
expressions), and what it does when one fails."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...types.integration import MessageTransformation
from .._checks import check_mapping
from .._endpoint import Endpoint
from ._pipeline import AsyncPipeline, Pipeline, PipelineEndpoints, config_body, mappings

__all__ = ["AsyncMessageTransformations", "MessageTransformations"]


def _body(
    name: str,
    topics: str | Sequence[str],
    operations: Iterable[Mapping[str, Any]],
    failure_action: str,
    config: Mapping[str, Any],
) -> dict[str, Any]:
    items = mappings("operations", operations)
    return config_body(name, topics, failure_action, {"operations": items, **config})


def _dryrun_body(message: Mapping[str, Any], transformation: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "message": check_mapping("message", message),
        "transformation": check_mapping("transformation", transformation),
    }


API = PipelineEndpoints[MessageTransformation].under(
    "message_transformations", "transformation", _body
)
# The answer is the user's transformed message, which may well have a `code`.
DRYRUN = Endpoint[dict[str, Any]](
    "POST", "/message_transformations/dryrun", body=_dryrun_body, user_content=True
)


class MessageTransformations(Pipeline[MessageTransformation]):
    """Message transformations (EMQX Enterprise, dedicated deployments), by name, in order."""

    _api = API

    def create(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        operations: Iterable[Mapping[str, Any]] = (),
        failure_action: str = "drop",
        **config: Any,
    ) -> MessageTransformation:
        """Add a transformation, run after the existing ones, e.g. ::

            retopic = {"key": "topic", "value": "concat([topic, '/x'])"}
            client.message_transformations.create("route", topics="t/+", operations=[retopic])

        ``failure_action`` is ``"drop"``, ``"disconnect"`` or ``"ignore"``;
        ``config`` takes ``payload_decoder``, ``payload_encoder``,
        ``description``, ``enable``, ``log_failure``, ``tags``. A name in use
        raises ``BadRequestError``.
        """
        return self._run(API.create, locals())

    def update(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        operations: Iterable[Mapping[str, Any]] = (),
        failure_action: str = "drop",
        **config: Any,
    ) -> MessageTransformation:
        """Replace a transformation's whole configuration (it keeps its place); 404 if unknown."""
        return self._run(API.update, locals())

    def dryrun(
        self, message: Mapping[str, Any], transformation: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Run a transformation's configuration on a sample message without saving it;
        returns the message as it would leave (``topic``, ``payload``, ``qos``...)."""
        return self._run(DRYRUN, locals())


class AsyncMessageTransformations(
    AsyncPipeline[MessageTransformation], twin=MessageTransformations
):
    """Message transformations, for asyncio (see ``MessageTransformations``)."""

    _api = API

    async def create(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        operations: Iterable[Mapping[str, Any]] = (),
        failure_action: str = "drop",
        **config: Any,
    ) -> MessageTransformation:
        """Add a transformation (see ``MessageTransformations.create()``)."""
        return await self._run(API.create, locals())

    async def update(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        operations: Iterable[Mapping[str, Any]] = (),
        failure_action: str = "drop",
        **config: Any,
    ) -> MessageTransformation:
        """Replace a transformation's whole configuration; 404 if unknown."""
        return await self._run(API.update, locals())

    async def dryrun(
        self, message: Mapping[str, Any], transformation: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Run a transformation's configuration on a sample message without saving it."""
        return await self._run(DRYRUN, locals())
