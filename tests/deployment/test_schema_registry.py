"""Deployment API: the schema registry and external schema registries (EMQX
Enterprise), sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import json

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

READING = {"type": "object", "properties": {"temp": {"type": "number"}}, "required": ["temp"]}


async def test_register_a_schema_and_validate_with_it(d: FlavoredDeployment) -> None:
    """Register a JSON schema, point a schema validation at it, then tighten the schema."""
    source = json.dumps(READING)
    created = await d(lambda c: c.schema_registry.create("reading", type="json", source=source))
    assert d.last()["status"] == 201
    assert created == {"name": "reading", "type": "json", "source": source, "description": ""}
    check = {"type": "json", "schema": "reading"}
    await d(lambda c: c.schema_validations.create("readings", topics="sensors/#", checks=[check]))

    stricter = json.dumps({**READING, "additionalProperties": False})
    await d(
        lambda c: c.schema_registry.update(
            "reading", type="json", source=stricter, description="no extras"
        )
    )
    assert d.last()["body"] == {"type": "json", "source": stricter, "description": "no extras"}
    assert (await d(lambda c: c.schema_registry.get("reading")))["source"] == stricter
    assert [s["name"] for s in await d(lambda c: c.schema_registry.list())] == ["reading"]

    with pytest.raises(BadRequestError) as dup:
        await d(lambda c: c.schema_registry.create("reading", type="json", source=source))
    assert dup.value.code == "ALREADY_EXISTS"
    with pytest.raises(BadRequestError):
        await d(lambda c: c.schema_registry.create("bad", type="avro", source="not json"))
    await d(lambda c: c.schema_registry.delete("reading"))
    with pytest.raises(NotFoundError) as gone:
        await d(lambda c: c.schema_registry.get("reading"))
    assert gone.value.message == "Schema not found"


async def test_an_external_registry_never_shows_its_password(d: FlavoredDeployment) -> None:
    url = "https://registry.example.com:8081"
    created = await d(
        lambda c: c.external_schema_registries.create("cf", url=url, username="u", password="s3")
    )
    assert created["auth"] == {"username": "u", "password": "******"}
    assert (await d(lambda c: c.external_schema_registries.list()))["cf"]["url"] == url
    await d(
        lambda c: c.external_schema_registries.update(
            "cf", url=url + "/v2", username="u", password="******"
        )
    )
    got = await d(lambda c: c.external_schema_registries.get("cf"))
    assert (got["url"], got["auth"]) == (url + "/v2", {"username": "u", "password": "******"})
    await d(lambda c: c.external_schema_registries.update("cf", url=url))
    assert (await d(lambda c: c.external_schema_registries.get("cf")))["auth"] == "none"
    await d(lambda c: c.external_schema_registries.delete("cf"))
    assert await d(lambda c: c.external_schema_registries.list()) == {}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.schema_registry.create("s", type="xml", source="<a/>"), ValueError),
        (lambda c: c.schema_registry.create("s", type="json", source=""), ValueError),
        (
            lambda c: c.schema_registry.update("s", type="json", source="{}", description=1),
            TypeError,
        ),
        (lambda c: c.schema_registry.get(""), ValueError),
        (
            lambda c: c.external_schema_registries.create("r", url="https://x", username="u"),
            TypeError,
        ),
        (lambda c: c.external_schema_registries.create("r", url=""), ValueError),
    ],
)
async def test_bad_arguments_send_nothing(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []
