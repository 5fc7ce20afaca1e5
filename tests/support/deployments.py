"""A flavored Deployment client of one emulated deployment, and what tests inspect there."""

from __future__ import annotations

import dataclasses
from typing import Any

from emqx_platform.testing import Emulator
from support.flavors import Flavored

DEDICATED = 0
SERVERLESS = 1
V4 = 2


@dataclasses.dataclass
class FlavoredDeployment(Flavored):
    """A :class:`Flavored` Deployment client, its emulator and its deployment's id."""

    emu: Emulator
    deployment_id: str

    @classmethod
    def open(cls, emu: Emulator, *, is_async: bool, index: int = DEDICATED) -> FlavoredDeployment:
        """A client of deployment ``index`` (``DEDICATED``, ``SERVERLESS`` or ``V4``)."""
        deployment_id = emu.deployments[index].id
        if index == V4:
            make = emu.async_v4_deployment_client if is_async else emu.v4_deployment_client
            return cls(make(deployment_id), is_async, emu, deployment_id)
        if is_async:
            client: Any = emu.async_deployment_client(deployment_id=deployment_id)
        else:
            client = emu.deployment_client(deployment_id=deployment_id)
        return cls(client, is_async, emu, deployment_id)

    def connect(self, clientid: str, username: str | None = None, **attrs: Any) -> Any:
        """Simulate an MQTT client on this deployment."""
        return self.emu.connect_client(self.deployment_id, clientid, username, **attrs)

    def sent(self) -> list[dict[str, Any]]:
        """Requests the emulator received for this deployment's API."""
        return [r for r in self.emu.requests if r.get("deployment_id") == self.deployment_id]

    def last(self) -> dict[str, Any]:
        """The last request received for this deployment."""
        return self.sent()[-1]
