"""``client.schema_validations``: checks EMQX runs, in order, on every message
published to their topics (SQL, JSON Schema, Avro or Protobuf), and what it
does with a message that fails (drop it, disconnect the client, or let it pass)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...types.integration import SchemaValidation
from .._checks import check_choice
from ._pipeline import AsyncPipeline, Pipeline, PipelineEndpoints, config_body, mappings

__all__ = ["AsyncSchemaValidations", "SchemaValidations"]


def _body(
    name: str,
    topics: str | Sequence[str],
    checks: Iterable[Mapping[str, Any]],
    strategy: str,
    failure_action: str,
    config: Mapping[str, Any],
) -> dict[str, Any]:
    items = mappings("checks", checks)
    if not items:
        raise ValueError("checks must not be empty")
    strategy = check_choice("strategy", strategy, ("all_pass", "any_pass"))
    return config_body(
        name, topics, failure_action, {"checks": items, "strategy": strategy, **config}
    )


API = PipelineEndpoints[SchemaValidation].under("schema_validations", "validation", _body)


class SchemaValidations(Pipeline[SchemaValidation]):
    """Schema validations (EMQX Enterprise, dedicated deployments), by name, in order."""

    _api = API

    def create(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        checks: Iterable[Mapping[str, Any]],
        strategy: str = "all_pass",
        failure_action: str = "drop",
        **config: Any,
    ) -> SchemaValidation:
        """Add a validation, run after the existing ones, e.g. ::

            check = {"type": "sql", "sql": "SELECT * WHERE payload.t < 100"}
            client.schema_validations.create("temp", topics="t/#", checks=[check])

        ``strategy`` is ``"all_pass"`` or ``"any_pass"``; ``failure_action`` is
        ``"drop"``, ``"disconnect"`` or ``"ignore"``; ``config`` takes
        ``description``, ``enable``, ``log_failure``, ``tags``. A name in use
        raises ``BadRequestError``.
        """
        return self._run(API.create, locals())

    def update(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        checks: Iterable[Mapping[str, Any]],
        strategy: str = "all_pass",
        failure_action: str = "drop",
        **config: Any,
    ) -> SchemaValidation:
        """Replace a validation's whole configuration (it keeps its place); 404 if unknown."""
        return self._run(API.update, locals())


class AsyncSchemaValidations(AsyncPipeline[SchemaValidation], twin=SchemaValidations):
    """Schema validations, for asyncio (see ``SchemaValidations``)."""

    _api = API

    async def create(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        checks: Iterable[Mapping[str, Any]],
        strategy: str = "all_pass",
        failure_action: str = "drop",
        **config: Any,
    ) -> SchemaValidation:
        """Add a validation (see ``SchemaValidations.create()``)."""
        return await self._run(API.create, locals())

    async def update(
        self,
        name: str,
        *,
        topics: str | Sequence[str],
        checks: Iterable[Mapping[str, Any]],
        strategy: str = "all_pass",
        failure_action: str = "drop",
        **config: Any,
    ) -> SchemaValidation:
        """Replace a validation's whole configuration; 404 if unknown."""
        return await self._run(API.update, locals())
