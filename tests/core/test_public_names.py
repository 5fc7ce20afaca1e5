"""How the SDK shows itself: public classes named by their package (pickles too), SDK
frames hidden from pytest tracebacks, and ``dir(emqx_platform)`` without import artefacts."""

from __future__ import annotations

import pickle
import textwrap

import pytest

import emqx_platform
from emqx_platform import DeploymentClient, NotFoundError
from emqx_platform.resources import deployment as deployment_resources
from emqx_platform.resources import platform as platform_resources

pytest_plugins = ["pytester"]


def test_public_classes_name_the_package() -> None:
    classes = [getattr(emqx_platform, n) for n in emqx_platform.__all__]
    classes = [c for c in classes if isinstance(c, type)]
    assert len(classes) > 20
    assert {c.__module__ for c in classes} == {"emqx_platform"}
    assert repr(NotFoundError) == "<class 'emqx_platform.NotFoundError'>"


@pytest.mark.parametrize("package", [deployment_resources, platform_resources])
def test_resource_classes_name_their_subpackage(package: object) -> None:
    name = package.__name__  # type: ignore[attr-defined]
    classes = [getattr(package, n) for n in package.__all__]  # type: ignore[attr-defined]
    assert {c.__module__ for c in classes if isinstance(c, type)} == {name}


def test_an_error_from_the_server_pickles_by_its_public_name(
    deployment_client: DeploymentClient,
) -> None:
    with pytest.raises(NotFoundError) as info:
        deployment_client.clients.get("nobody")
    # pickle finds the class again under its __module__: the package.
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), str(copy), copy.code) == (NotFoundError, str(info.value), info.value.code)


def test_dir_lists_no_import_artefacts() -> None:
    listed = dir(emqx_platform)
    assert "annotations" not in listed
    assert set(emqx_platform.__all__) <= set(listed)


def test_a_failing_call_shows_the_users_line_not_the_sdks(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_user=textwrap.dedent(
            """
            def test_unknown_client(deployment_client):
                deployment_client.clients.get("nobody")

            def test_bad_argument(deployment_client):
                deployment_client.clients.list(limit=0)
            """
        )
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            ">       deployment_client.clients.get(*nobody*)",
            "E       emqx_platform.NotFoundError: 404 CLIENTID_NOT_FOUND*",
            ">       deployment_client.clients.list(limit=0)",
            "E       ValueError: *limit*",
        ]
    )
    output = result.stdout.str()
    assert "emqx_platform/" not in output  # no SDK file, no SDK source
    assert "def request" not in output
