"""EMQX 4's error semantics: an integer ``code`` raises, in typed calls, ``request()`` and pages."""

from __future__ import annotations

import pickle

import pytest

from emqx_platform import (
    APIError,
    APIStatusError,
    ConflictError,
    InternalServerError,
    NotFoundError,
)
from emqx_platform.v4 import V4_ERROR_CLASSES
from support.clients import DEPLOYMENT_PREFIX, V4_PREFIX
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory

pytestmark = pytest.mark.asyncio


STATUS_CODES = {404: NotFoundError, 409: ConflictError, 503: InternalServerError}


@pytest.mark.parametrize("code", [*sorted(V4_ERROR_CLASSES), *sorted(STATUS_CODES), 199])
async def test_a_code_in_a_200_raises_its_class(
    fault_server: FaultServer, make_api: FlavoredFactory, code: int
) -> None:
    fault_server.script(V4_PREFIX + "/clients/c1", Reply(json={"code": code, "message": "m"}))
    api = make_api("v4")

    for call in (lambda c: c.clients.kick("c1"), lambda c: c.request("DELETE", "/clients/c1")):
        with pytest.raises(APIStatusError) as info:
            await api(call)
        expected = V4_ERROR_CLASSES.get(code) or STATUS_CODES.get(code, APIStatusError)
        assert type(info.value) is expected
        assert (info.value.status_code, info.value.code, info.value.message) == (200, code, "m")
        assert info.value.method == "DELETE"
        assert info.value.url == fault_server.url + V4_PREFIX + "/clients/c1"
        assert f"200 code={code}: m (DELETE /api/clients/c1)" in str(info.value)


async def test_code_zero_is_a_success(fault_server: FaultServer, make_api: FlavoredFactory) -> None:
    fault_server.script(V4_PREFIX + "/clients/c1", Reply(json={"code": 0}))
    assert await make_api("v4").request("DELETE", "/clients/c1") == {"code": 0}


async def test_a_real_error_status_keeps_its_class_and_the_integer_code(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script(V4_PREFIX + "/metrics", Reply(status=404, json={"code": 404}))
    with pytest.raises(NotFoundError) as info:
        await make_api("v4")(lambda c: c.metrics.get())
    assert (info.value.status_code, info.value.code) == (404, 404)


async def test_a_page_fetched_in_the_background_raises_too(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    first = {"code": 0, "data": [{"who": "a"}], "meta": {"page": 1, "limit": 1, "count": 2}}
    fault_server.script(
        V4_PREFIX + "/banned", Reply(json=first), Reply(json={"code": 102, "message": "boom"})
    )
    with pytest.raises(InternalServerError) as info:
        await make_api("v4").all(lambda c: c.banned.list(limit=1))
    assert info.value.code == 102


async def test_errors_pickle_and_repr_as_v5_errors(v4: FlavoredDeployment) -> None:
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.auth_username.get("nobody"))
    error = info.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is NotFoundError
    assert (copy.status_code, copy.code, copy.message, copy.url, str(copy)) == (
        error.status_code,
        error.code,
        error.message,
        error.url,
        str(error),
    )
    assert repr(error).startswith("NotFoundError(status_code=200, code=105, ")


async def test_a_v5_typed_call_that_gets_a_v4_answer_says_so(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script(DEPLOYMENT_PREFIX + "/clients/c1", Reply(json={"code": 0, "data": []}))
    fault_server.script(DEPLOYMENT_PREFIX + "/clients", Reply(json={"code": 0, "data": []}))
    api = make_api("deployment")
    for call in (lambda c: c.clients.get("c1"), lambda c: c.clients.list()):
        with pytest.raises(APIError, match="looks like a Dedicated v4 deployment"):
            await api(call)


async def test_a_v5_call_in_a_batch_that_gets_a_v4_answer_says_so(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script(DEPLOYMENT_PREFIX + "/clients/c1", Reply(json={"code": 0, "data": []}))
    api = make_api("deployment")

    with pytest.raises(APIError, match="looks like a Dedicated v4 deployment"):
        await api(lambda c: c.map(c.clients.get, ["c1"]))


async def test_a_v5_answer_with_its_own_integer_code_is_not_taken_for_v4(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # A rule test answers the user's SQL output (``SELECT 1 AS code``), and a
    # v5 object may have a ``code`` field beside fields EMQX 4 never sends.
    fault_server.script(DEPLOYMENT_PREFIX + "/rule_test", Reply(json={"code": 1}))
    fault_server.script(DEPLOYMENT_PREFIX + "/rules/r1/test", Reply(json={"code": 1, "data": []}))
    fault_server.script(
        DEPLOYMENT_PREFIX + "/clients/c1", Reply(json={"code": 7, "clientid": "c1"})
    )
    api = make_api("deployment")

    assert await api(lambda c: c.rules.test("SELECT 1 AS code FROM 't'")) == {"code": 1}
    assert await api(lambda c: c.rules.test(id="r1")) == {"code": 1, "data": []}
    assert (await api(lambda c: c.clients.get("c1")))["clientid"] == "c1"
