"""Deployment API: publish and publish_many, sync and async, against the emulator."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from emqx_platform import BadRequestError, InternalServerError
from emqx_platform.testing import Emulator
from emqx_platform.types import PublishResult
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio


@pytest.fixture
def d(emqx_emulator: Emulator, dedicated: FlavoredDeployment) -> FlavoredDeployment:
    """The dedicated deployment, with one subscriber on ``t/+``."""
    dedicated.connect("sub")
    with emqx_emulator.deployment_client(deployment_id=dedicated.deployment_id) as client:
        client.clients.subscribe("sub", "t/+")
    return dedicated


async def test_delivered(d: FlavoredDeployment) -> None:
    result = await d(lambda c: c.publish("t/1", "hello", qos=1, retain=False))
    assert isinstance(result, PublishResult)
    assert result.delivered
    assert result.id
    assert result.reason_code is None
    assert d.last()["body"] == {"topic": "t/1", "payload": "hello", "qos": 1, "retain": False}
    (message,) = d.emu.published(d.deployment_id)
    assert message["delivered_to"] == ["sub"]


async def test_no_matching_subscribers_is_a_result(d: FlavoredDeployment) -> None:
    result = await d(lambda c: c.publish("nobody/listens", "x"))
    assert not result.delivered
    assert (result.id, result.reason_code, result.message) == (
        None,
        16,
        "no_matching_subscribers",
    )
    assert d.last()["status"] == 202


async def test_bytes_go_base64(d: FlavoredDeployment) -> None:
    raw = bytes(range(256))
    await d(lambda c: c.publish("t/bin", raw))
    body = d.last()["body"]
    assert body["payload_encoding"] == "base64"
    assert base64.b64decode(body["payload"]) == raw
    assert d.emu.published(d.deployment_id)[-1]["payload_base64"] == body["payload"]


async def test_properties_and_retain(d: FlavoredDeployment) -> None:
    props = {"content_type": "text/plain", "user_properties": {"k": "v"}}
    await d(lambda c: c.publish("t/p", "x", retain=True, properties=props))
    assert d.last()["body"]["properties"] == props
    assert d.last()["body"]["retain"] is True


async def test_invalid_topic_raises_with_reason_code(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.publish("t/#", "x"))
    assert err.value.reason_code == 144
    assert err.value.status_code == 400


async def test_dispatch_failure_raises_with_reason_code(d: FlavoredDeployment) -> None:
    d.emu.inject_fault(
        r"/publish$",
        status=503,
        body={"reason_code": 131, "message": "failed_to_dispatch"},
    )
    with pytest.raises(InternalServerError) as err:
        await d(lambda c: c.publish("t/1", "x"))
    assert err.value.reason_code == 131
    assert err.value.message == "failed_to_dispatch"


async def test_publish_many_keeps_input_order(d: FlavoredDeployment) -> None:
    messages = [
        {"topic": "t/1", "payload": "a"},
        {"topic": "none/1", "payload": b"\x00"},
        {"topic": "t/2", "payload": "c", "qos": 2, "retain": False},
        {"topic": "none/2", "payload": "d", "properties": {"content_type": "x"}},
    ]
    results = await d(lambda c: c.publish_many(messages))
    assert [r.delivered for r in results] == [True, False, True, False]
    assert [r.reason_code for r in results] == [None, 16, None, 16]
    sent = d.last()["body"]
    assert [m["topic"] for m in sent] == ["t/1", "none/1", "t/2", "none/2"]
    assert sent[1]["payload_encoding"] == "base64"
    assert [m["topic"] for m in d.emu.published(d.deployment_id)] == [
        "t/1",
        "none/1",
        "t/2",
        "none/2",
    ]


async def test_publish_many_whole_batch_error(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as err:
        await d(
            lambda c: c.publish_many(
                [{"topic": "t/1", "payload": "a"}, {"topic": "t/+", "payload": "b"}]
            )
        )
    assert err.value.reason_code == 144


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.publish("t", "x", qos=3), ValueError),
        (lambda c: c.publish("t", "x", qos=-1), ValueError),
        (lambda c: c.publish("t", "x", qos=1.0), TypeError),
        (lambda c: c.publish("t", {"a": 1}), TypeError),
        (lambda c: c.publish("t", None), TypeError),
        (lambda c: c.publish("", "x"), ValueError),
        (lambda c: c.publish("t", "x", retain="yes"), TypeError),
        (lambda c: c.publish("t", "x", properties=[1]), TypeError),
        (lambda c: c.publish_many([]), ValueError),
        (lambda c: c.publish_many({"topic": "t", "payload": "x"}), TypeError),
        (lambda c: c.publish_many([{"topic": "t"}]), ValueError),
        (lambda c: c.publish_many([{"topic": "t", "payload": "x", "qos": 5}]), ValueError),
        (lambda c: c.publish_many([{"topic": "t", "payload": "x", "clientid": "c"}]), TypeError),
    ],
)
async def test_bad_arguments_fail_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    before = len(d.sent())
    with pytest.raises(error):
        await d(call)
    assert len(d.sent()) == before


async def test_publish_result_is_a_frozen_dataclass() -> None:
    result = PublishResult(id="00AB")
    assert result.delivered
    assert not PublishResult(reason_code=16, message="no_matching_subscribers").delivered
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.id = "x"  # type: ignore[misc]
