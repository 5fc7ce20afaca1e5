"""``Checker``: sends a request to the emulator and validates its answer against
the EMQX 5.8.6 spec, with the known deviations of ``spec_deviations`` applied.
The ``check`` fixture of ``tests/emulator/conftest.py`` hands one out."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from referencing import Registry

from emqx_platform import APIStatusError, DeploymentClient
from emqx_platform.testing import Emulator
from support import openapi, spec_deviations


def patched_registry() -> Registry:
    """``$ref`` resolution in the spec with the known deviations applied."""
    document = copy.deepcopy(openapi.spec())
    spec_deviations.patched(document)
    return openapi.registry(document)


@dataclass
class Checker:
    """Sends requests and validates each answer against the (patched) spec."""

    client: DeploymentClient
    emu: Emulator
    refs: Registry

    def __call__(
        self,
        method: str,
        path: str,
        template: str,
        status: int,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Send ``method path``; the answer must have ``status`` and fit the spec
        operation ``method template``. Returns the decoded body."""
        try:
            body = self.client.request(method, path, params=params, json=json)
            got = self.emu.requests[-1]["status"]
        except APIStatusError as error:
            body, got = error.body, error.status_code
        assert got == status, f"{method} {path}: {got} {body!r}"
        self.validate(method, template, status, body)
        return body

    def validate(self, method: str, template: str, status: int, body: Any) -> None:
        """``body`` must fit what the spec (with the deviations) says ``method
        template`` answers with ``status``."""
        schema = spec_deviations.response_shape(method, template, status)
        if schema is None:
            try:
                schema = openapi.response_schema(method, template, status)
            except openapi.Undeclared:
                code = body.get("code") if isinstance(body, dict) else None
                assert spec_deviations.undeclared_answer(method, template, status, code), (
                    f"{method} {template} answered an undeclared {status} {body!r}"
                )
                schema = spec_deviations.EMQX_ERROR
        if schema is None:
            assert body is None, f"{method} {template} {status} declares no body: {body!r}"
            return
        problems = [
            f"{openapi.location(e) or '<top>'}: {e.message}"
            for e in openapi.errors(body, schema, self.refs)
        ]
        assert not problems, f"{method} {template} {status}: {problems}"
