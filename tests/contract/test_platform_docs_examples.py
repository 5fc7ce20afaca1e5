"""The Platform API methods against the EMQX Cloud docs' own examples, not the emulator.

``tests/data/emqx-cloud-platform-api-docs.json`` holds, for each documented
Platform API operation, the docs' request example (a curl line), response
example, field tables and rate limit, copied from the docs pages it names. The
fault server answers each method with the documented response, and the tests
check, sync and async:

- the method returns the documented body as is (``None`` for the 204);
- the request has the documented method, path, query (none) and body fields,
  with Basic auth of the key and secret, as ``curl -u key:secret`` sends;
- the SDK's response types name every documented field with its documented
  type, and its ``tls_type`` takes exactly the documented values;
- a 429 names the documented limit of that operation.

The emulator was written from the same docs by the same hands; this is the
check that does not go through it.
"""

from __future__ import annotations

import base64
import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trustme
import typing_extensions

from emqx_platform import RateLimitError
from emqx_platform.types import platform as platform_types
from support.clients import SECRET, USER
from support.faultserver import FaultServer, Reply, emqx_error
from support.flavors import FlavoredFactory

DOCS_PATH = Path(__file__).resolve().parents[1] / "data" / "emqx-cloud-platform-api-docs.json"
DOCS: dict[str, dict[str, Any]] = {
    operation["operation"]: operation
    for operation in json.loads(DOCS_PATH.read_text(encoding="utf-8"))["operations"]
}

# The docs' field types, as the SDK's TypedDicts spell them.
DOC_TYPES = {"String": str, "Number": int}

_CA = trustme.CA()
_LEAF = _CA.issue_cert("mqtt.example.com")
CERT = _LEAF.cert_chain_pems[0].bytes().decode()
KEY = _LEAF.private_key_pem.bytes().decode()
CACERT = _CA.cert_pem.bytes().decode()


@dataclass(frozen=True)
class DocumentedCall:
    """An SDK call for one documented operation, on the documented deployment id."""

    call: Callable[[Any, str], Any]
    returns: Any  # the TypedDict (or list of it) the method is annotated to return


SDK_CALLS: dict[str, DocumentedCall] = {
    "list_projects": DocumentedCall(lambda p, _: p.projects.list(), list[platform_types.Project]),
    "list_deployments": DocumentedCall(
        lambda p, _: p.deployments.list(), list[platform_types.Deployment]
    ),
    "get_deployment": DocumentedCall(lambda p, d: p.deployments.get(d), platform_types.Deployment),
    "start_deployment": DocumentedCall(
        lambda p, d: p.deployments.start(d), platform_types.DeploymentOperation
    ),
    "stop_deployment": DocumentedCall(
        lambda p, d: p.deployments.stop(d), platform_types.DeploymentOperation
    ),
    "get_tls_certificate": DocumentedCall(lambda p, d: p.tls.get(d), platform_types.TLSCertificate),
    "create_tls_certificate": DocumentedCall(
        lambda p, d: p.tls.create(d, tls_type="one-way", cert=CERT, key=KEY),
        platform_types.TLSCertificate,
    ),
    "update_tls_certificate": DocumentedCall(
        lambda p, d: p.tls.update(d, tls_type="two-way", cert=CERT, key=KEY, cacert=CACERT),
        platform_types.TLSCertificate,
    ),
    "delete_tls_certificate": DocumentedCall(lambda p, d: p.tls.delete(d), None),
}


def documented_request(operation: dict[str, Any]) -> tuple[str, str]:
    """Method and path of the docs' curl example (``-X GET {api}/deployments/...``)."""
    match = re.search(r"-X (\w+) .*\{api\}(/\S*)$", operation["request_example"])
    assert match, operation["request_example"]
    return match.group(1), match.group(2)


def deployment_id(operation: dict[str, Any], path: str) -> str:
    """The deployment id the example uses, read off the path against the template."""
    if "{deployment_id}" not in operation["path"]:
        return ""
    pattern = re.escape(operation["path"]).replace(r"\{deployment_id\}", "(?P<id>[^/]+)")
    match = re.fullmatch(pattern, path)
    assert match, (operation["path"], path)
    return match.group("id")


async def call_sdk(make_api: FlavoredFactory, name: str) -> tuple[Any, str]:
    """Call the SDK method of operation ``name`` on a client of the fault server."""
    _, path = documented_request(DOCS[name])
    target = deployment_id(DOCS[name], path)
    call = SDK_CALLS[name].call
    return await make_api()(lambda c: call(c, target)), path


def test_every_documented_operation_has_an_sdk_method() -> None:
    # create_deployment is mentioned without examples, so it is not in the file.
    assert set(DOCS) == set(SDK_CALLS)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(DOCS))
async def test_documented_response_is_returned_as_documented(
    fault_server: FaultServer, make_api: FlavoredFactory, name: str
) -> None:
    operation = DOCS[name]
    [example] = operation["response_example"]
    _, path = documented_request(operation)
    fault_server.script(path, Reply(status=example["status"], json=example["body"]))

    result, _ = await call_sdk(make_api, name)

    assert result == example["body"]


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(DOCS))
async def test_request_is_the_documented_one(
    fault_server: FaultServer, make_api: FlavoredFactory, name: str
) -> None:
    operation = DOCS[name]
    [example] = operation["response_example"]
    method, path = documented_request(operation)
    fault_server.script(path, Reply(status=example["status"], json=example["body"]))

    await call_sdk(make_api, name)

    [sent] = fault_server.requests
    assert (sent.method, sent.path) == (method, path)
    assert operation["query_params"] == []
    assert sent.query == ""
    token = base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    assert sent.headers["authorization"] == f"Basic {token}"  # curl -u key:secret
    body_fields = operation["request_body"]["fields"]
    if operation["request_body"]["kind"] == "none":
        assert sent.body == b""
        return
    assert sent.headers["content-type"] == "application/json"
    body = sent.json()
    assert set(body) <= {field["name"] for field in body_fields}
    for field in body_fields:
        if field["name"] in body:
            assert isinstance(body[field["name"]], DOC_TYPES[field["type"]]), field
            assert body[field["name"]] in field.get("allowed_values", [body[field["name"]]])
    # The fields the docs' example sends, and cacert when it is two-way.
    assert {"tlsType", "cert", "key"} <= set(body)
    assert ("cacert" in body) == (body["tlsType"] == "two-way")


@pytest.mark.parametrize("name", sorted(DOCS))
def test_response_types_name_the_documented_fields(name: str) -> None:
    returns = SDK_CALLS[name].returns
    fields = DOCS[name]["response"]["fields"]
    if returns is None:
        assert DOCS[name]["response"]["status"] == 204
        assert fields == []
        return
    item = typing.get_args(returns)[0] if typing.get_origin(returns) is list else returns
    assert (typing.get_origin(returns) is list) == (DOCS[name]["response"]["body_kind"] == "array")
    hints = typing_extensions.get_type_hints(item)
    for field in fields:
        assert field["name"] in hints, (item.__name__, field["name"])
        assert hints[field["name"]] is DOC_TYPES[field["type"]], (item.__name__, field)


def test_tls_type_takes_the_documented_values() -> None:
    [documented] = [
        field["allowed_values"]
        for field in DOCS["create_tls_certificate"]["request_body"]["fields"]
        if field["name"] == "tlsType"
    ]
    assert set(typing.get_args(platform_types.TLSType)) == set(documented)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(DOCS))
async def test_rate_limit_error_names_the_documented_limit(
    fault_server: FaultServer, make_api: FlavoredFactory, name: str
) -> None:
    operation = DOCS[name]
    limit = operation["rate_limit"]
    assert limit["window_minutes"] == 60
    _, path = documented_request(operation)
    fault_server.script(path, emqx_error(429, "TOO_MANY_REQUESTS", "slow down"))

    with pytest.raises(RateLimitError) as info:
        await call_sdk(make_api, name)

    noun = "request" if limit["max_requests"] == 1 else "requests"
    expected = f"{operation['method']} {operation['path']} allows {limit['max_requests']} {noun}"
    assert info.value.hint is not None
    assert expected in info.value.hint
    assert info.value.code == "TOO_MANY_REQUESTS"
