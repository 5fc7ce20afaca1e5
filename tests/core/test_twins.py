"""Sync and async twins cannot drift: same methods, parameters and documentation.

Every async resource names its sync twin, and each client has an async twin.
For each pair, every public sync method has an async method of the same name
with the same parameters (names, kinds, defaults, annotations); the return
annotation maps ``Page[X]`` to ``AsyncPaginator[X]``, a sync class to its
async twin, and anything else to itself, awaited. Each async docstring is a
one-paragraph summary followed by its sync twin's text.
"""

from __future__ import annotations

import inspect
import pydoc
import re
from collections.abc import Callable
from typing import Any

import pytest

from emqx_platform import (
    AsyncDeploymentClient,
    AsyncPlatformClient,
    DeploymentClient,
    PlatformClient,
    v4,
)
from emqx_platform._base_client import _AsyncBaseClient, _BaseClient
from emqx_platform.resources import deployment, platform
from emqx_platform.resources import v4 as v4_resources
from emqx_platform.resources._resource import AsyncResource, SyncResource, resource

# The resource modules load on first use: load them all, to compare every pair.
for _package in (deployment, platform, v4_resources):
    getattr(_package, _package.__all__[0])


def _subclasses(cls: type) -> list[type[Any]]:
    found: list[type[Any]] = []
    sub: type[Any]
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


ASYNC_RESOURCES = _subclasses(AsyncResource)
RESOURCE_PAIRS: list[tuple[type[Any], type[Any]]] = [
    (cls._twin, cls)  # type: ignore[attr-defined]
    for cls in ASYNC_RESOURCES
]
CLIENT_PAIRS = [
    (DeploymentClient, AsyncDeploymentClient),
    (PlatformClient, AsyncPlatformClient),
    (v4.DeploymentClient, v4.AsyncDeploymentClient),
    (_BaseClient, _AsyncBaseClient),
]
PAIRS = RESOURCE_PAIRS + CLIENT_PAIRS
ASYNC_NAME = {sync.__name__: twin.__name__ for sync, twin in PAIRS}


def _as_async(annotation: Any) -> Any:
    """A sync annotation as its async twin should read it."""
    if not isinstance(annotation, str):
        return annotation  # none given (``self``)
    annotation = re.sub(r"\bPage\[", "AsyncPaginator[", annotation)
    annotation = re.sub(r"(?<!Async)\bIterator\[", "AsyncIterator[", annotation)
    return re.sub(r"\b\w+\b", lambda m: ASYNC_NAME.get(m.group(0), m.group(0)), annotation)


def _public(cls: type) -> dict[str, Any]:
    """The public methods, properties and resource attributes of ``cls``, inherited too."""
    members = {}
    for name in dir(cls):
        member = inspect.getattr_static(cls, name)
        if not name.startswith("_") and (
            callable(member) or isinstance(member, (property, resource))
        ):
            members[name] = member
    return members


def _function(member: Any) -> Callable[..., Any]:
    if isinstance(member, property):
        assert member.fget is not None
        return member.fget
    function: Callable[..., Any] = member
    return function


def test_every_sync_resource_has_an_async_twin() -> None:
    assert {sync for sync, _ in RESOURCE_PAIRS} == set(_subclasses(SyncResource))
    # The resources were found: 3 of the Platform API, 15 of v4 (13 resources,
    # 2 bases), the rest of the Deployment API.
    assert len(RESOURCE_PAIRS) >= 3 + 15 + 30


@pytest.mark.parametrize(("sync", "twin"), PAIRS, ids=[t.__name__ for _, t in PAIRS])
def test_twins_have_the_same_methods_and_parameters(sync: type, twin: type) -> None:
    sync_members, async_members = _public(sync), _public(twin)
    assert set(async_members) == set(sync_members)
    for name, member in sync_members.items():
        async_member = async_members[name]
        if isinstance(member, resource):
            assert async_member.build.__name__ == ASYNC_NAME[member.build.__name__], name
            continue
        function, async_function = _function(member), _function(async_member)
        if function is async_function:
            continue  # shared by both (e.g. ``with_options``)
        expected = inspect.signature(function)
        actual = inspect.signature(async_function)
        assert list(actual.parameters) == list(expected.parameters), name
        for parameter in expected.parameters.values():
            other = actual.parameters[parameter.name]
            assert other.kind == parameter.kind, (name, parameter.name)
            assert other.default == parameter.default, (name, parameter.name)
            assert other.annotation == _as_async(parameter.annotation), (name, parameter.name)
        returns = expected.return_annotation
        assert actual.return_annotation == _as_async(returns), name
        assert not inspect.iscoroutinefunction(function), name
        # Pages, sub-resources and properties are returned as they are; the rest awaited.
        awaited = not (
            isinstance(member, property)
            or returns.startswith(("Page[", "Iterator["))
            or returns in ASYNC_NAME
        )
        assert inspect.iscoroutinefunction(async_function) == awaited, name


@pytest.mark.parametrize(("sync", "twin"), PAIRS, ids=[t.__name__ for _, t in PAIRS])
def test_twins_have_the_same_attributes(sync: type, twin: type) -> None:
    """Attributes set in ``__init__`` (``acl.clients`` ...), declared on the class."""
    declared = {k: v for k, v in vars(sync).get("__annotations__", {}).items() if k[0] != "_"}
    async_declared = {k: v for k, v in vars(twin).get("__annotations__", {}).items() if k[0] != "_"}
    assert async_declared == {k: _as_async(v) for k, v in declared.items()}


@pytest.mark.parametrize(("sync", "twin"), PAIRS, ids=[t.__name__ for _, t in PAIRS])
def test_async_docstrings_are_a_summary_then_the_sync_text(sync: type, twin: type) -> None:
    for name, member in _public(sync).items():
        if isinstance(member, resource):
            continue
        sync_doc = inspect.getdoc(_function(member))
        async_doc = inspect.getdoc(_function(_public(twin)[name]))
        assert sync_doc, f"{sync.__name__}.{name} has no docstring"
        assert async_doc, f"{twin.__name__}.{name} has no docstring"
        _, _, sync_body = sync_doc.partition("\n\n")
        async_summary, _, async_body = async_doc.partition("\n\n")
        assert async_summary.strip(), name
        assert async_body == sync_body, f"{twin.__name__}.{name} drifted from its sync twin"


def test_help_shows_the_full_text_on_the_async_side() -> None:
    doc = inspect.getdoc(AsyncDeploymentClient.publish)
    assert doc is not None
    assert doc.startswith("Publish one MQTT message (a coroutine).")
    assert "reason_code" in doc
    assert "Raises:" in (inspect.getdoc(_AsyncBaseClient.request) or "")


@pytest.mark.parametrize("client_class", [DeploymentClient, PlatformClient])
def test_constructors_document_every_option(client_class: type[Any]) -> None:
    doc = inspect.getdoc(client_class.__init__) or ""  # type: ignore[misc]
    for name in inspect.signature(client_class.__init__).parameters:  # type: ignore[misc]
        if name != "self":
            assert f"{name}:" in doc, name


def test_resource_attributes_are_built_once_per_client(
    deployment_client: DeploymentClient,
) -> None:
    clients = deployment_client.clients
    assert deployment_client.clients is clients
    copy = deployment_client.with_options(timeout=5)
    assert copy.clients is not clients
    assert copy.clients._client is copy
    assert isinstance(DeploymentClient.clients, resource)


def test_an_async_subclass_keeps_its_parents_twin() -> None:
    from emqx_platform.resources.deployment.clients import AsyncClients, Clients

    class Mine(AsyncClients):
        pass

    assert Mine._twin is Clients
    with pytest.raises(TypeError, match="must name its sync twin"):

        class Orphan(AsyncResource):
            pass


def test_a_paginated_endpoint_cannot_name_a_rate_limit() -> None:
    from emqx_platform.resources._endpoint import Endpoint

    with pytest.raises(ValueError, match="paginated"):
        Endpoint("GET", "/things", paginated=True, calls_per_hour=60)


@pytest.mark.parametrize(
    "client_class", [DeploymentClient, AsyncDeploymentClient, PlatformClient, AsyncPlatformClient]
)
def test_every_resource_shows_its_client_in_repr(client_class: type[Any]) -> None:
    client = client_class("abcdefgh", "secret", base_url="https://127.0.0.1:1")
    for name in dir(client_class):
        if isinstance(inspect.getattr_static(client_class, name), resource):
            attached = getattr(client, name)
            assert repr(attached) == f"<{type(attached).__name__} of {client!r}>"
            assert "secret" not in repr(attached)
            assert "abcd****" in repr(attached)


def test_help_on_a_client_shows_what_each_resource_is() -> None:
    text = pydoc.render_doc(DeploymentClient, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
    # A data descriptor: listed as a documented attribute, not among the methods.
    assert " |  clients\n |      Connected MQTT clients" in text
    assert (DeploymentClient.clients.__doc__ or "").startswith("Connected MQTT clients")


@pytest.mark.parametrize("client", [c for pair in CLIENT_PAIRS[:3] for c in pair])
def test_resource_attributes_load_the_class_their_annotation_names(client: type) -> None:
    attributes = {n: v for n, v in vars(client).items() if isinstance(v, resource)}
    assert len(attributes) >= 3
    for name, attribute in attributes.items():
        assert attribute.declared == f"resource[{attribute.build.__name__}]", name
