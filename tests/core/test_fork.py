"""A child forked while a request was in flight in the background.

Regression: iterating a paginator starts fetching the next page while the
caller works through the current one; a process forked meanwhile waited in
the child for that fetch for ever (it ran on the parent's runtime, whose
threads the child does not have), and the request timeout did not apply.
The child now sends the request again; a request that may not be repeated
fails at once.

The fork happens in a subprocess (forking the test runner, with the fault
server's threads, would be unsafe); its child reports what it got.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support.clients import DEPLOYMENT_PREFIX, SECRET, USER
from support.faultserver import FaultServer, Reply

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (Unix only)")

# argv: user, secret, url, ca, what. Prints the child's result and its exit.
SCRIPT = """
import os, sys, time
from emqx_platform import DeploymentClient
user, secret, url, ca, what = sys.argv[1:6]
client = DeploymentClient(user, secret, base_url=url, verify=ca, timeout=5, max_retries=0)
if what == "next page":
    pages = client.clients.list(limit=1).iter_pages()
    next(pages)  # the first page; the second is being fetched
    collect = lambda: next(pages).data
else:
    pending = client._transport.start("POST", "/publish", None, {"topic": "t"}, None)
    collect = pending.wait
time.sleep(0.3)  # the request reaches the server, which holds the answer back
child = os.fork()
if child == 0:
    try:
        print("child got", collect(), flush=True)
    except Exception as error:
        print("child raised", type(error).__name__, error, flush=True)
    os._exit(0)
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    done, status = os.waitpid(child, os.WNOHANG)
    if done:
        print("child exited", os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.05)
else:
    os.kill(child, 9)
    os.waitpid(child, 0)
    print("child hung")
"""

SECOND_PAGE = {"data": [{"clientid": "c2"}], "meta": {"page": 2, "limit": 1, "hasnext": False}}


def run_script(fault_server: FaultServer, ca_path: str, what: str) -> list[str]:
    url = fault_server.url + DEPLOYMENT_PREFIX
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, USER, SECRET, url, ca_path, what],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_child_forked_during_a_page_prefetch_fetches_the_page_itself(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script(
        f"{DEPLOYMENT_PREFIX}/clients",
        Reply(
            json={"data": [{"clientid": "c1"}], "meta": {"page": 1, "limit": 1, "hasnext": True}}
        ),
        # The parent's prefetch: answered long after the fork.
        Reply(json=SECOND_PAGE, delay=3),
        # The child's own request.
        Reply(json=SECOND_PAGE),
    )
    lines = run_script(fault_server, ca_path, "next page")
    assert lines == ["child got [{'clientid': 'c2'}]", "child exited 0"]
    requests = fault_server.requests_to(f"{DEPLOYMENT_PREFIX}/clients")
    assert [dict(r.query_pairs)["page"] for r in requests] == ["1", "2", "2"]


def test_a_child_does_not_repeat_a_request_that_may_not_be_repeated(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script(f"{DEPLOYMENT_PREFIX}/publish", Reply(json={"id": "1"}, delay=3))
    lines = run_script(fault_server, ca_path, "post")
    assert len(lines) == 2, lines
    assert lines[0].startswith("child raised RuntimeError"), lines
    assert "this POST request was started before the process forked" in lines[0]
    assert lines[1] == "child exited 0"
    assert len(fault_server.requests_to(f"{DEPLOYMENT_PREFIX}/publish")) == 1
