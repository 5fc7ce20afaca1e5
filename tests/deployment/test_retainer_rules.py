"""The retainer as EMQX 5.8 runs it: a topic in the path is a filter, and a
settings PUT is checked against the schema (unknown keys and values of the
wrong form refused); sync and async, against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


async def test_get_answers_the_oldest_message_a_filter_matches(d: FlavoredDeployment) -> None:
    await d(lambda c: c.publish("s/1/temp", "old", retain=True))
    await d(lambda c: c.publish("s/2/temp", "new", retain=True))
    assert (await d(lambda c: c.retainer.get("s/+/temp")))["topic"] == "s/1/temp"
    with pytest.raises(NotFoundError):
        await d(lambda c: c.retainer.get("other/#"))


async def test_delete_removes_every_message_a_filter_matches(d: FlavoredDeployment) -> None:
    for topic in ("s/1/temp", "s/2/temp", "s/1/hum", "kept"):
        await d(lambda c, topic=topic: c.publish(topic, "x", retain=True))
    await d(lambda c: c.retainer.delete("s/+/temp"))
    left = await d.all(lambda c: c.retainer.messages())
    assert sorted(m["topic"] for m in left) == ["kept", "s/1/hum"]
    await d(lambda c: c.retainer.delete("#"))
    assert await d.all(lambda c: c.retainer.messages()) == []
    with pytest.raises(NotFoundError):
        await d(lambda c: c.retainer.delete("#"))


@pytest.mark.parametrize(
    "settings",
    [
        {"foo": "bar"},
        {"max_payload_size": "lots"},
        {"msg_expiry_interval": 5},
        {"msg_expiry_interval_override": "never"},
        {"delivery_rate": "fast"},
        {"enable": "yes"},
        {"backend": {"storage_type": "tape"}},
        {"backend": {"max_retained_messages": -1}},
        {"backend": {"colour": "red"}},
        {"backend": "built_in_database"},
    ],
)
async def test_settings_emqx_refuses_are_refused(
    d: FlavoredDeployment, settings: dict[str, Any]
) -> None:
    before = await d(lambda c: c.retainer.settings())
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.retainer.update_settings(settings))
    assert err.value.code == "BAD_REQUEST"
    assert await d(lambda c: c.retainer.settings()) == before


async def test_settings_of_every_form_are_kept(d: FlavoredDeployment) -> None:
    settings = {
        "enable": False,
        "msg_expiry_interval": "30m",
        "msg_expiry_interval_override": "10s",
        "allow_never_expire": False,
        "msg_clear_interval": "1h",
        "max_payload_size": "64KB",
        "stop_publish_clear_msg": True,
        "delivery_rate": "infinity",
        "max_publish_rate": "100/s",
        "backend": {
            "type": "built_in_database",
            "storage_type": "disc",
            "max_retained_messages": 100,
            "index_specs": [[1, 2], [3]],
            "enable": True,
        },
    }
    assert await d(lambda c: c.retainer.update_settings(settings)) == settings
