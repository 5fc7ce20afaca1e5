"""Deployment API: the rule engine's settings and event catalogue (``client.rule_engine``),
sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from emqx_platform import BadRequestError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


async def test_tune_the_jq_timeout_and_keep_the_rest(d: FlavoredDeployment) -> None:
    before = await d(lambda c: c.rule_engine.settings())
    assert before["ignore_sys_message"] is True
    assert before["jq_function_default_timeout"] == 10_000

    after = await d(lambda c: c.rule_engine.update_settings(jq_function_default_timeout="12s"))
    assert d.last()["body"] == {"jq_function_default_timeout": "12s"}
    assert after["jq_function_default_timeout"] == 12_000
    assert after["ignore_sys_message"] is True

    await d(
        lambda c: c.rule_engine.update_settings(
            ignore_sys_message=False, jq_function_default_timeout=timedelta(seconds=1.5)
        )
    )
    assert d.last()["body"] == {
        "ignore_sys_message": False,
        "jq_function_default_timeout": "1500ms",
    }
    now = await d(lambda c: c.rule_engine.settings())
    assert (now["ignore_sys_message"], now["jq_function_default_timeout"]) == (False, 1500)


async def test_a_setting_emqx_refuses_is_a_bad_request(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.rule_engine.update_settings(jq_function_default_timeout="soon"))
    assert err.value.code == "BAD_REQUEST"
    assert "jq_function_default_timeout" in str(err.value.message)
    settings = await d(lambda c: c.rule_engine.settings())
    assert settings["jq_function_default_timeout"] == 10_000


async def test_bad_settings_are_refused_before_sending(d: FlavoredDeployment) -> None:
    with pytest.raises(ValueError, match="needs"):
        await d(lambda c: c.rule_engine.update_settings())
    with pytest.raises(TypeError, match="ignore_sys_message"):
        await d(lambda c: c.rule_engine.update_settings(ignore_sys_message="yes"))
    with pytest.raises(TypeError, match="duration"):
        await d(lambda c: c.rule_engine.update_settings(jq_function_default_timeout=12))
    with pytest.raises(ValueError, match="positive"):
        await d(lambda c: c.rule_engine.update_settings(jq_function_default_timeout=timedelta()))
    assert d.sent() == []


async def test_a_rule_on_a_listed_event(d: FlavoredDeployment) -> None:
    """Pick an event from the catalogue and write a rule on it with its columns."""
    events = await d(lambda c: c.rule_engine.events())
    by_topic = {e["event"]: e for e in events}
    connected = by_topic["$events/client_connected"]
    assert connected["title"]["en"] == "client connected"
    assert "clientid" in connected["columns"]
    sql = f'SELECT clientid, username FROM "{connected["event"]}"'
    rule = await d(lambda c: c.rules.create(sql, id="on-connect"))
    assert rule["from"] == ["$events/client_connected"]
