"""Deployment API: Prometheus settings and scrapes, OpenTelemetry settings and
trace whitelists; sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import re
from functools import partial

import pytest

from emqx_platform import BadRequestError
from support import raw_https
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

_TYPE = re.compile(r"# TYPE (\w+) (counter|gauge|histogram|summary|untyped)")
_SAMPLE = re.compile(r'(\w+)(?:\{(\w+)="((?:[^"\\]|\\.)*)"\})? (-?[0-9.e+]+)')


def parse_exposition(text: str) -> dict[tuple[str, str | None], float]:
    """The samples of a Prometheus text exposition, by name and label value.

    Checks the format as a scraper reads it: each sample's family is declared
    by a ``# TYPE`` line before it, and the text ends with a newline.
    """
    assert text.endswith("\n")
    declared: set[str] = set()
    samples: dict[tuple[str, str | None], float] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            typed = _TYPE.fullmatch(line)
            assert typed or line.startswith("# HELP "), line
            if typed:
                declared.add(typed[1])
            continue
        sample = _SAMPLE.fullmatch(line)
        assert sample, line
        assert sample[1] in declared, f"{sample[1]} has no # TYPE line"
        samples[(sample[1], sample[3])] = float(sample[4])
    return samples


def scrape_text(d: FlavoredDeployment, path: str) -> str:
    """A scrape as Prometheus makes it: no credentials, no JSON ``Accept``."""
    base = d.emu.deployment(d.deployment_id).base_url
    answer = raw_https.send(base + path, d.emu.ca_cert_path, headers={"Accept": "text/plain"})
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.raw.decode()


async def test_enable_the_push_gateway_and_scrape_a_connected_client(
    d: FlavoredDeployment,
) -> None:
    settings = await d(
        lambda c: c.prometheus.modify(
            push_gateway={"enable": True, "url": "http://gw.example:9091", "interval": "30s"}
        )
    )
    assert settings["push_gateway"]["enable"] is True
    assert settings["push_gateway"]["method"] == "put"
    assert settings["collectors"]["mnesia"] == "disabled"
    put = d.last()
    assert (put["method"], put["body"]["push_gateway"]["url"]) == ("PUT", "http://gw.example:9091")
    assert await d(lambda c: c.prometheus.settings()) == settings

    d.connect("sensor-1")
    text = parse_exposition(await d(lambda c: c.prometheus.stats()))
    assert text[("emqx_connections_count", None)] == 1
    assert ("emqx_messages_received", None) in text
    assert d.last()["query"] == {}

    stats = await d(lambda c: c.prometheus.stats(format="json"))
    assert stats["stats"]["emqx_connections_count"] == 1
    assert stats["stats"]["emqx_connections_max"] >= 1
    assert stats["client"]["emqx_client_connected"] >= 1
    await d(lambda c: c.prometheus.stats(mode="all_nodes_aggregated", format="json"))
    assert d.last()["query"]["mode"] == ["all_nodes_aggregated"]
    # Prometheus itself scrapes without credentials.
    assert parse_exposition(scrape_text(d, "/prometheus/stats")) == text


async def test_basic_auth_on_the_scrapes(d: FlavoredDeployment) -> None:
    await d(lambda c: c.prometheus.modify(enable_basic_auth=True))
    base = d.emu.deployment(d.deployment_id).base_url
    assert raw_https.send(base + "/prometheus/auth", d.emu.ca_cert_path).status == 401
    parse_exposition(await d(lambda c: c.prometheus.auth()))
    await d(lambda c: c.prometheus.modify(enable_basic_auth=False))
    assert raw_https.send(base + "/prometheus/auth", d.emu.ca_cert_path).status == 200


async def test_auth_and_data_integration_metrics_name_each_item(d: FlavoredDeployment) -> None:
    await d(lambda c: c.auth_users.create("alice", "secret-password"))
    auth = await d(lambda c: c.prometheus.auth(format="json"))
    [authn] = auth["emqx_authn"]
    assert authn["id"] == "password_based:built_in_database"
    assert (authn["emqx_authn_enable"], authn["emqx_authn_users_count"]) == (1, 1)
    assert auth["emqx_banned"] == {"emqx_banned_count": 0}

    await d(lambda c: c.rules.create('SELECT * FROM "sensors/#"', id="to-db"))
    data = await d(lambda c: c.prometheus.data_integration(format="json"))
    assert data["counts"]["emqx_rules_count"] == 1
    assert data["rules"][0]["id"] == "to-db"

    text = parse_exposition(await d(lambda c: c.prometheus.data_integration()))
    assert text[("emqx_rule_enable", "to-db")] == 1
    auth_text = parse_exposition(await d(lambda c: c.prometheus.auth(mode="node")))
    assert auth_text[("emqx_authn_users_count", "password_based:built_in_database")] == 1
    assert parse_exposition(await d(lambda c: c.prometheus.schema_validation())) == {}
    assert await d(lambda c: c.prometheus.schema_validation(format="json")) == {}
    assert await d(lambda c: c.prometheus.message_transformation(format="json")) == {}


async def test_a_batch_keeps_each_scrapes_form(d: FlavoredDeployment) -> None:
    d.connect("sensor-1")
    text, as_json = await d(
        lambda c: c.gather(
            [c.prometheus.stats, partial(c.prometheus.stats, format="json", mode="node")]
        )
    )
    assert parse_exposition(text)[("emqx_connections_count", None)] == 1
    assert as_json["stats"]["emqx_connections_count"] == 1


async def test_request_takes_another_accept(d: FlavoredDeployment) -> None:
    text = await d(lambda c: c.request("GET", "/prometheus/stats", accept="text/plain"))
    assert ("emqx_connections_count", None) in parse_exposition(text)
    as_json = await d(lambda c: c.request("GET", "/prometheus/stats"))
    assert "emqx_connections_count" in as_json["stats"]


async def test_a_legacy_body_is_answered_in_the_recommended_shape(
    d: FlavoredDeployment,
) -> None:
    legacy = {
        "enable": True,
        "push_gateway_server": "http://gw.example:9091",
        "interval": "15s",
        "job_name": "emqx",
        "vm_memory_collector": "enabled",
    }
    settings = await d(lambda c: c.prometheus.update_settings(legacy))
    assert settings["push_gateway"]["url"] == "http://gw.example:9091"
    assert settings["collectors"]["vm_memory"] == "enabled"
    assert settings["enable_basic_auth"] is False

    with pytest.raises(BadRequestError) as caught:
        await d(
            lambda c: c.prometheus.update_settings(
                {"enable_basic_auth": False, "push_gateway": {"enable": True, "method": "get"}}
            )
        )
    assert "push_gateway.method" in str(caught.value.message)


async def test_set_an_exporter_and_whitelist_a_client(d: FlavoredDeployment) -> None:
    settings = await d(
        lambda c: c.opentelemetry.modify(
            exporter={"endpoint": "http://otel.example:4317"},
            traces={"enable": True, "filter": {"trace_mode": "e2e"}},
        )
    )
    assert settings["exporter"]["endpoint"] == "http://otel.example:4317"
    assert settings["traces"]["filter"]["trace_mode"] == "e2e"
    assert settings["traces"]["filter"]["e2e_tracing_options"]["sample_ratio"] == "10%"
    assert settings["metrics"]["enable"] is False
    assert await d(lambda c: c.opentelemetry.settings()) == settings

    await d(lambda c: c.opentelemetry.set_whitelist("clientid", ["sensor-1", "sensor/2"]))
    assert (d.last()["method"], d.last()["status"]) == ("POST", 204)
    assert await d(lambda c: c.opentelemetry.whitelist("clientid")) == ["sensor-1", "sensor/2"]
    assert await d(lambda c: c.opentelemetry.whitelist("topic")) == []
    await d(lambda c: c.opentelemetry.clear_whitelist("clientid"))
    assert await d(lambda c: c.opentelemetry.whitelist("clientid")) == []


async def test_opentelemetry_put_replaces_and_checks_its_fields(d: FlavoredDeployment) -> None:
    await d(lambda c: c.opentelemetry.modify(metrics={"enable": True}))
    replaced = await d(lambda c: c.opentelemetry.update_settings({"logs": {"enable": True}}))
    assert replaced["metrics"]["enable"] is False
    assert replaced["logs"] == {"enable": True, "level": "warning", "scheduled_delay": "1s"}

    with pytest.raises(BadRequestError) as caught:
        await d(lambda c: c.opentelemetry.update_settings({"logs": {"level": "loud"}}))
    assert "logs.level" in str(caught.value.message)

    await d(
        lambda c: c.opentelemetry.modify(
            traces={"filter": {"e2e_tracing_options": {"topic_match_rules_max": 2}}}
        )
    )
    with pytest.raises(BadRequestError) as too_many:
        await d(lambda c: c.opentelemetry.set_whitelist("topic", ["a/#", "b/#", "c/#"]))
    assert "'topic' exceeds the white list maximum" in str(too_many.value.message)


BAD_CALLS: list[tuple[Call, type[Exception]]] = [
    (lambda c: c.prometheus.update_settings([]), TypeError),
    (lambda c: c.prometheus.update_settings({"push_gateway": {}}), ValueError),
    (lambda c: c.prometheus.update_settings({"enable_basic_auth": 1}), TypeError),
    (lambda c: c.prometheus.update_settings({"enable": True, "collectors": {}}), ValueError),
    (lambda c: c.prometheus.update_settings({"push_gateway_url": "x"}), ValueError),
    (lambda c: c.prometheus.modify(), ValueError),
    (lambda c: c.prometheus.modify(push_gateway="on"), TypeError),
    (lambda c: c.prometheus.stats(mode="cluster"), ValueError),
    (lambda c: c.prometheus.auth(mode=""), ValueError),
    (lambda c: c.prometheus.data_integration(format="xml"), ValueError),
    (lambda c: c.request("GET", "/prometheus/stats", accept="text/plain\n"), ValueError),
    (lambda c: c.request("GET", "/prometheus/stats", accept=""), ValueError),
    (lambda c: c.opentelemetry.update_settings({"tracing": {}}), ValueError),
    (lambda c: c.opentelemetry.update_settings({"metrics": True}), TypeError),
    (lambda c: c.opentelemetry.modify(), ValueError),
    (lambda c: c.opentelemetry.whitelist("ip"), ValueError),
    (lambda c: c.opentelemetry.set_whitelist("clientid", "sensor-1"), TypeError),
    (lambda c: c.opentelemetry.set_whitelist("clientid", [""]), ValueError),
    (lambda c: c.opentelemetry.clear_whitelist("topics"), ValueError),
]


@pytest.mark.parametrize(("call", "error"), BAD_CALLS)
async def test_bad_input_fails_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    before = len(d.sent())
    with pytest.raises(error):
        await d(call)
    assert len(d.sent()) == before
