"""What ``request(json=...)`` accepts, what it refuses before sending, and
how answers are decoded whatever digits they hold.

The body encoder accepts dict (str keys), list, tuple, str, int, finite
float, bool, None and their subclasses. Cycles, bodies nested more than 200
levels, NaN and infinities, and every other type are refused with a
``ValueError``/``TypeError`` naming where they are; nothing is sent.
"""

from __future__ import annotations

import collections
import enum
import inspect
import math
import os
import subprocess
import sys
from typing import Any

import pytest

from emqx_platform import APIError
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored

MAX_DEPTH = 200


def nested(levels: int, inner: Any = None) -> Any:
    """``levels`` lists, each holding the next (the innermost holds ``inner``)."""
    body: Any = [] if inner is None else [inner]
    for _ in range(levels - 1):
        body = [body]
    return body


# -- cycles and depth: refused, never a crash -------------------------------------

# Each case runs REPEATS times in a fresh interpreter: a crash shows as the
# child's exit status (it was a SIGSEGV), a refusal as one line per attempt.
CHILD = r"""
import asyncio, sys, threading
from emqx_platform import AsyncDeploymentClient, DeploymentClient

url, ca, case, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
options = dict(base_url=url, verify=ca, max_retries=0)
client = DeploymentClient("user", "secret", **options)

def self_list():
    body = []
    body.append(body)
    return body

def self_dict():
    body = {"name": "r"}
    body["self"] = [body]
    return body

def nested(levels):
    body = []
    for _ in range(levels - 1):
        body = [body]
    return body

async def async_request(body):
    async_client = AsyncDeploymentClient("user", "secret", **options)
    return await async_client.request("POST", "/rules", json=body)

def in_small_thread(call):
    # Refusals are raised again in the caller; a stack overflow kills the process.
    outcome = []
    def run():
        try:
            outcome.append(call())
        except BaseException as error:
            outcome.append(error)
    threading.stack_size(128 * 1024)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]

cases = {
    "list-cycle": lambda: client.request("POST", "/rules", json=self_list()),
    "dict-cycle": lambda: client.request("POST", "/rules", json=self_dict()),
    "deep": lambda: client.request("POST", "/rules", json=nested(100_000)),
    "publish-cycle": lambda: client.publish("t/1", "x", properties={"p": self_list()}),
    "async-cycle": lambda: asyncio.run(async_request(self_list())),
    # The async client: a sync call drives its request on the calling
    # thread, and that needs more stack than these threads have.
    "small-stack-cycle": lambda: in_small_thread(lambda: asyncio.run(async_request(self_list()))),
    "small-stack-deep": lambda: in_small_thread(
        lambda: asyncio.run(async_request(nested(100_000)))),
    "small-stack-at-limit": lambda: in_small_thread(
        lambda: asyncio.run(async_request(nested(200))) == nested(200)),
}
for _ in range(repeats):
    try:
        print("sent", cases[case]())
    except (ValueError, TypeError) as error:
        print(type(error).__name__, error)
"""

# A crash that happens one time in five is missed 15 times in a row with a
# probability of 0.8**15 (3.5%).
REPEATS = 15


def run_child(fault_server: FaultServer, ca_path: str, case: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, fault_server.url + "/api/v5", ca_path, case, str(REPEATS)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("case", "refusal"),
    [
        ("list-cycle", "ValueError json[0]: circular reference detected"),
        ("dict-cycle", 'ValueError json["self"][0]: circular reference detected'),
        ("deep", "ValueError json is nested more than 200 levels deep"),
        (
            "publish-cycle",
            'ValueError json["properties"]["p"][0]: circular reference detected',
        ),
        ("async-cycle", "ValueError json[0]: circular reference detected"),
        ("small-stack-cycle", "ValueError json[0]: circular reference detected"),
        ("small-stack-deep", "ValueError json is nested more than 200 levels deep"),
    ],
)
def test_cycles_and_deep_bodies_are_refused_not_a_crash(
    fault_server: FaultServer, ca_path: str, case: str, refusal: str
) -> None:
    assert run_child(fault_server, ca_path, case) == [refusal] * REPEATS
    assert fault_server.requests == []


def test_a_body_at_the_depth_limit_is_sent_from_a_small_stack(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script("/api/v5/rules", Reply(echo=True))
    assert run_child(fault_server, ca_path, "small-stack-at-limit") == ["sent True"] * REPEATS
    assert [r.json() for r in fault_server.requests] == [nested(MAX_DEPTH)] * REPEATS


@pytest.mark.asyncio
async def test_the_depth_limit_is_200_levels(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/echo", Reply(echo=True))
    at_limit = {"a": nested(MAX_DEPTH - 1, inner=1)}
    assert await api.request("POST", "/echo", json=at_limit) == at_limit
    with pytest.raises(ValueError, match="nested more than 200 levels deep"):
        await api.request("POST", "/echo", json={"a": nested(MAX_DEPTH)})
    assert len(fault_server.requests) == 1


@pytest.mark.asyncio
async def test_a_container_seen_twice_without_a_cycle_is_fine(
    fault_server: FaultServer, api: Flavored
) -> None:
    shared = {"k": [1, 2]}
    fault_server.script("/echo", Reply(echo=True))
    body = {"a": shared, "b": [shared, shared]}
    assert await api.request("POST", "/echo", json=body) == body


# -- NaN and infinities -----------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
async def test_nan_and_infinities_are_refused(
    fault_server: FaultServer, api: Flavored, number: float
) -> None:
    with pytest.raises(ValueError, match=r'json\["t"\]\[1\]: out of range float values'):
        await api.request("POST", "/x", json={"t": [1.0, number]})
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_nan_in_publish_properties_is_refused(
    fault_server: FaultServer, make_api: Any
) -> None:
    client = make_api("deployment").client

    async def publish() -> None:
        result = client.publish("t/1", "x", properties={"user_properties": {"v": math.nan}})
        if inspect.isawaitable(result):
            await result

    with pytest.raises(ValueError, match="not JSON compliant: nan"):
        await publish()
    assert fault_server.requests == []


# -- types: refused, never converted -------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        (b"ab", "bytes"),
        (bytearray(b"ab"), "bytearray"),
        (memoryview(b"ab"), "memoryview"),
        ({1, 2}, "set"),
        (frozenset({1}), "frozenset"),
        (object(), "object"),
        (1 + 2j, "complex"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else v,
)
async def test_other_types_are_refused_by_name_and_place(
    fault_server: FaultServer, api: Flavored, value: Any, type_name: str
) -> None:
    expected = f'json["props"][2]: {type_name} is not JSON serializable'
    with pytest.raises(TypeError) as info:
        await api.request("POST", "/x", json={"props": [1, "two", value]})
    assert str(info.value) == expected
    assert fault_server.requests == []


@pytest.mark.asyncio
@pytest.mark.parametrize("key", [1, 1.5, True, None, ("t",)], ids=repr)
async def test_keys_must_be_str(fault_server: FaultServer, api: Flavored, key: Any) -> None:
    with pytest.raises(TypeError, match=r'json\["a"\]: keys must be str'):
        await api.request("POST", "/x", json={"a": {"ok": 1, key: 2}})
    assert fault_server.requests == []


class Color(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Ratio(float):
    pass


@pytest.mark.asyncio
async def test_subclasses_send_their_values(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/echo", Reply(echo=True))
    body = collections.OrderedDict(
        color=Color.RED,
        level=Level.HIGH,
        ratio=Ratio(0.5),
        pair=(1, (2, [3])),
        big=-(2**100),
        counts=collections.Counter(a=2),
        flags=[True, False, None],
    )
    await api.request("POST", "/echo", json=body)
    assert fault_server.last.body == (
        b'{"color":"red","level":3,"ratio":0.5,"pair":[1,[2,[3]]],'
        b'"big":-1267650600228229401496703205376,"counts":{"a":2},'
        b'"flags":[true,false,null]}'
    )


# -- decoding does not depend on unrelated digits ---------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("depth", [150, 199, 200, 201, 250, 300])
async def test_decoding_depth_does_not_depend_on_digits(
    fault_server: FaultServer, api: Flavored, depth: int
) -> None:
    """A 19-digit run (a possible big integer) sends a document to the exact
    parser; whether it decodes must not depend on that."""

    async def outcome(document: Any) -> Any:
        fault_server.script("/x", Reply(json=document))
        try:
            return await api.request("GET", "/x")
        except APIError as error:
            return type(error)

    plain = await outcome({"data": nested(depth, inner=1)})
    with_digits = await outcome({"data": nested(depth, inner=1), "id": "1700000000123456789"})
    if isinstance(plain, dict):
        assert isinstance(with_digits, dict)
        assert with_digits["data"] == plain["data"]
    else:
        assert with_digits == plain
    assert isinstance(plain, dict) == (depth < MAX_DEPTH)
