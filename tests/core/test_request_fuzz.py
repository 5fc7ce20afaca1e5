"""Fuzzing ``request()``: what arrives on the wire is exactly what was asked,
or a ``ValueError``/``TypeError`` was raised and nothing was sent.

Hypothesis draws a path (segments encoded with ``quote_path``, or raw text),
query parameters and a JSON body (sometimes with values JSON cannot carry),
and the fault server records the raw request line and body of what arrives.
The number of examples is bounded so that this runs in seconds with the
rest of the suite.
"""

from __future__ import annotations

import json as jsonlib
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from emqx_platform import APIStatusError, quote_path
from support.clients import ClientFactory
from support.faultserver import FaultServer, Reply

# -- what is asked --------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One path segment: ``quoted`` ones go through ``quote_path``."""

    text: str
    quoted: bool

    @property
    def as_given(self) -> str:
        return quote_path(self.text) if self.quoted else self.text


quoted_segments = (
    st.text(min_size=1, max_size=12)
    .filter(lambda s: s not in (".", ".."))
    .map(lambda s: Segment(s, quoted=True))
)
# Raw text may hold anything a caller could type: separators, '%', dots,
# backslashes, control characters.
raw_segments = st.text(
    alphabet=st.one_of(st.sampled_from("./\\%?#;:@&=+ \t\r\n\x00\x7f.aZ~"), st.characters()),
    max_size=8,
).map(lambda s: Segment(s, quoted=False))
segments = st.lists(st.one_of(quoted_segments, raw_segments), min_size=1, max_size=4)

param_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.floats(allow_nan=False)
)
params_strategy = st.one_of(
    st.none(),
    st.dictionaries(
        st.text(max_size=6),
        st.one_of(param_scalars, st.lists(param_scalars, max_size=3)),
        max_size=4,
    ),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 10, max_value=2**80),
    st.floats(),  # NaN and infinities included: they must be refused
    st.text(),
)
# Values that are not JSON, which must be refused wherever they are.
not_json = st.one_of(
    st.binary(max_size=4),
    st.binary(max_size=4).map(bytearray),
    st.frozensets(st.integers(), max_size=2),
    st.sets(st.integers(), max_size=2),
    st.complex_numbers(max_magnitude=10),
)
json_bodies = st.one_of(
    st.none(),
    st.recursive(
        json_scalars | not_json,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.lists(children, max_size=3).map(tuple),
            st.dictionaries(st.text(max_size=6), children, max_size=4),
            # Non-str keys are refused too.
            st.dictionaries(st.integers() | st.booleans(), children, min_size=1, max_size=2),
        ),
        max_leaves=12,
    ),
)


def is_json(value: Any) -> bool:
    """Whether ``value`` is what ``request(json=...)`` promises to send."""
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(is_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False


def expected_pairs(params: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The query pairs ``params`` stands for (lists repeat, ``None`` is left out)."""
    pairs = []
    for key, value in (params or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                pairs.append((key, "true" if item else "false"))
            else:
                pairs.append((key, repr(item) if isinstance(item, float) else str(item)))
    return pairs


# -- the property ---------------------------------------------------------------


def test_what_is_sent_is_what_was_asked(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # One client for every example (one connection, no handshake each time);
    # each example looks only at the requests it added to the server's log.
    client = make_client("deployment")

    @settings(max_examples=200, deadline=None, database=None)
    @given(path=segments, params=params_strategy, body=json_bodies)
    def sent_as_asked(path: list[Segment], params: dict[str, Any] | None, body: Any) -> None:
        given_path = "/" + "/".join(segment.as_given for segment in path)
        all_quoted = all(segment.quoted for segment in path)
        if all_quoted:
            fault_server.script(f"/api/v5{given_path}", Reply(echo=True))
        before = len(fault_server.requests)
        method = "GET" if body is None else "POST"
        status = 200
        try:
            answer = client.request(method, given_path, params=params, json=body)
        except (ValueError, TypeError):
            assert len(fault_server.requests) == before, "refused, yet something was sent"
            # Refusing is right for bodies that are not JSON and for raw
            # paths; quoted segments and a JSON body must be sent.
            assert not (all_quoted and is_json(body)), (given_path, params, body)
            return
        except APIStatusError as error:
            status, answer = error.status_code, None
        # The echo is scripted for quoted paths; raw ones get the server's
        # 404, unless an earlier example scripted the path they turned into.
        assert status in ((200,) if all_quoted else (200, 404))
        assert is_json(body), f"{body!r} should have been refused"
        (sent,) = fault_server.requests[before:]
        assert sent.method == method
        if all_quoted:
            # Each segment arrives exactly as quote_path encoded it.
            assert sent.path == f"/api/v5{given_path}"
            assert [unquote(s) for s in sent.path.split("/")[3:]] == [s.text for s in path]
        else:
            assert unquote(sent.path) == unquote(f"/api/v5{given_path}")
        assert sent.query_pairs == expected_pairs(params)
        if body is None:
            assert sent.body == b""
            assert answer is None
        else:
            # What json.dumps would send (tuples as lists), equal once decoded.
            expected = jsonlib.loads(jsonlib.dumps(body))
            assert jsonlib.loads(sent.body) == expected
            if all_quoted:
                assert answer == expected

    sent_as_asked()
