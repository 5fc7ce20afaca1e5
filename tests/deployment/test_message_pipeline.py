"""Deployment API: schema validations and message transformations (EMQX Enterprise),
sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

SQL_CHECK = {"type": "sql", "sql": "SELECT * WHERE payload.temp < 100"}
SET_TOPIC = {"key": "topic", "value": "concat([topic, '/checked'])"}


async def test_validations_run_in_the_order_set(d: FlavoredDeployment) -> None:
    """Add three validations, move the last one first, and read the order back."""
    for name in ("shape", "range", "auth"):
        await d(
            lambda c, n=name: c.schema_validations.create(n, topics="sensors/#", checks=[SQL_CHECK])
        )
    assert d.last()["status"] == 201
    await d(lambda c: c.schema_validations.reorder(["auth", "shape", "range"]))
    assert d.last()["body"] == {"order": ["auth", "shape", "range"]}
    names = [v["name"] for v in await d(lambda c: c.schema_validations.list())]
    assert names == ["auth", "shape", "range"]

    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.schema_validations.reorder(["auth", "ghost"]))
    assert isinstance(err.value.body, dict)
    assert err.value.body["not_found"] == ["ghost"]
    assert err.value.body["not_reordered"] == ["shape", "range"]

    replaced = await d(
        lambda c: c.schema_validations.update(
            "shape", topics=["sensors/+/temp"], checks=[SQL_CHECK], failure_action="disconnect"
        )
    )
    assert (replaced["topics"], replaced["failure_action"]) == (["sensors/+/temp"], "disconnect")
    names = [v["name"] for v in await d(lambda c: c.schema_validations.list())]
    assert names == ["auth", "shape", "range"]

    await d(lambda c: c.schema_validations.disable("auth"))
    assert (await d(lambda c: c.schema_validations.get("auth")))["enable"] is False
    await d(lambda c: c.schema_validations.enable("auth"))
    await d(lambda c: c.schema_validations.reset_metrics("auth"))
    metrics = await d(lambda c: c.schema_validations.metrics("auth"))
    assert metrics["metrics"]["matched"] == 0

    with pytest.raises(BadRequestError):
        await d(lambda c: c.schema_validations.create("auth", topics="t", checks=[SQL_CHECK]))
    await d(lambda c: c.schema_validations.delete("auth"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.schema_validations.get("auth"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.schema_validations.update("auth", topics="t", checks=[SQL_CHECK]))


async def test_transformations_and_a_dry_run(d: FlavoredDeployment) -> None:
    await d(lambda c: c.message_transformations.create("tag", topics="t/+", operations=[SET_TOPIC]))
    await d(lambda c: c.message_transformations.create("noop", topics="t/#"))
    await d(lambda c: c.message_transformations.reorder(["noop", "tag"]))
    names = [t["name"] for t in await d(lambda c: c.message_transformations.list())]
    assert names == ["noop", "tag"]
    tag = await d(lambda c: c.message_transformations.get("tag"))
    assert tag["operations"] == [SET_TOPIC]
    message = {"topic": "t/1", "payload": "{}", "qos": 1, "retain": False}
    out = await d(lambda c: c.message_transformations.dryrun(message, tag))
    assert out["topic"] == "t/1"  # the emulator runs no expression
    await d(lambda c: c.message_transformations.disable("tag"))
    assert (await d(lambda c: c.message_transformations.get("tag")))["enable"] is False
    await d(lambda c: c.message_transformations.delete("tag"))
    assert [t["name"] for t in await d(lambda c: c.message_transformations.list())] == ["noop"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.schema_validations.create("v", topics="t", checks=[]), ValueError),
        (lambda c: c.schema_validations.create("v", topics="t", checks=SQL_CHECK), TypeError),
        (lambda c: c.schema_validations.create("v", topics=[], checks=[SQL_CHECK]), ValueError),
        (
            lambda c: c.schema_validations.create(
                "v", topics="t", checks=[SQL_CHECK], strategy="most"
            ),
            ValueError,
        ),
        (
            lambda c: c.message_transformations.create("m", topics="t", failure_action="retry"),
            ValueError,
        ),
        (lambda c: c.message_transformations.reorder(["a", "a"]), ValueError),
        (lambda c: c.message_transformations.reorder("ab"), TypeError),
        (lambda c: c.message_transformations.dryrun("t/1", {}), TypeError),
        (lambda c: c.schema_validations.get(""), ValueError),
    ],
)
async def test_bad_arguments_send_nothing(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []
