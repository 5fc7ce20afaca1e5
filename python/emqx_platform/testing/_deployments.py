"""The emulator's seeded deployments, as users see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["SeededDeployment"]


@dataclass(frozen=True)
class SeededDeployment:
    """A deployment the emulator was seeded with, and how to reach its Deployment API.

    ``repr()`` leaves out the App Secret.
    """

    id: str
    name: str
    type: Literal["dedicated", "serverless"]
    base_url: str
    """The Deployment API root: ending in ``/api/v5``, or in ``/api`` on EMQX 4."""
    app_id: str
    app_secret: str = field(repr=False)
    project_id: str
    project_name: str
    version: str = "v5"
    """The Platform API's ``version``: ``"v5"``, or an EMQX 4.4 release
    (``"4.4.21"``) for the Dedicated v4 deployment."""

    @classmethod
    def _from_core(cls, raw: dict[str, Any]) -> SeededDeployment:
        return cls(
            id=raw["id"],
            name=raw["name"],
            type=raw["type"],
            base_url=raw["base_url"],
            app_id=raw["app_id"],
            app_secret=raw["app_secret"],
            project_id=raw["project_id"],
            project_name=raw["project_name"],
            version=raw["version"],
        )
