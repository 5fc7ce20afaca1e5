"""``client.slow_subscriptions``: subscribers whose deliveries are slow, and the settings."""

from __future__ import annotations

from typing import Any, Literal, get_args

from ..._pagination import AsyncPaginator, Page
from ...types.observe import SlowSubscription, SlowSubsSettings
from .._checks import check_bool, check_choice, check_int_range, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncSlowSubscriptions", "SlowSubscriptions"]

StatsType = Literal["whole", "internal", "response"]


def _settings_body(
    enable: bool,
    threshold: str | None,
    expire_interval: str | None,
    top_k_num: int | None,
    stats_type: StatsType | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"enable": check_bool("enable", enable)}
    if threshold is not None:
        body["threshold"] = check_str("threshold", threshold)
    if expire_interval is not None:
        body["expire_interval"] = check_str("expire_interval", expire_interval)
    if top_k_num is not None:
        body["top_k_num"] = check_int_range("top_k_num", top_k_num, 1, 1000)
    if stats_type is not None:
        body["stats_type"] = check_choice("stats_type", stats_type, get_args(StatsType))
    return body


# ``{data}`` without ``meta``: iteration ends with the page asked for.
LIST_SLOW = Endpoint[SlowSubscription]("GET", "/slow_subscriptions", paginated=True)
CLEAR_SLOW = Endpoint("DELETE", "/slow_subscriptions", parse=no_content)
GET_SETTINGS = Endpoint[SlowSubsSettings]("GET", "/slow_subscriptions/settings")
PUT_SETTINGS = Endpoint[SlowSubsSettings](
    "PUT", "/slow_subscriptions/settings", body=_settings_body
)


class SlowSubscriptions(SyncResource):
    """Subscribers whose message deliveries take longer than a threshold (dedicated deployments).

    ::

        d.slow_subscriptions.configure(enable=True, threshold="200ms")
        for record in d.slow_subscriptions.list():
            print(record["clientid"], record["topic"], record["timespan"])
    """

    def list(self, *, page: int | None = None, limit: int | None = None) -> Page[SlowSubscription]:
        """The slowest subscribers recorded (at most ``top_k_num``), slowest first.

        EMQX answers every record (up to 1000) at once, whatever ``page`` and
        ``limit`` say, and sends no ``meta``: this one page is the whole list.
        """
        return self._list(LIST_SLOW, locals())

    def clear(self) -> None:
        """Delete the records; counting starts again."""
        return self._run(CLEAR_SLOW, locals())

    def settings(self) -> SlowSubsSettings:
        """The settings: ``enable``, ``threshold``, ``top_k_num``, ``stats_type``, ..."""
        return self._run(GET_SETTINGS, locals())

    def configure(
        self,
        *,
        enable: bool,
        threshold: str | None = None,
        expire_interval: str | None = None,
        top_k_num: int | None = None,
        stats_type: StatsType | None = None,
    ) -> SlowSubsSettings:
        """Replace the settings; a field left out takes EMQX's default
        (``threshold="500ms"``, ``expire_interval="300s"``, ``top_k_num=10``,
        ``stats_type="whole"``). Returns the new settings.

        Raises:
            ValueError, TypeError: A bad argument; nothing was sent.
        """
        return self._run(PUT_SETTINGS, locals())


class AsyncSlowSubscriptions(AsyncResource, twin=SlowSubscriptions):
    """Slow subscribers and their settings, for asyncio (see ``SlowSubscriptions``)."""

    def list(
        self, *, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[SlowSubscription]:
        """The slowest subscribers recorded: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_SLOW, locals())

    async def clear(self) -> None:
        """Delete the records; counting starts again."""
        return await self._run(CLEAR_SLOW, locals())

    async def settings(self) -> SlowSubsSettings:
        """The settings: ``enable``, ``threshold``, ``top_k_num``, ``stats_type``, ..."""
        return await self._run(GET_SETTINGS, locals())

    async def configure(
        self,
        *,
        enable: bool,
        threshold: str | None = None,
        expire_interval: str | None = None,
        top_k_num: int | None = None,
        stats_type: StatsType | None = None,
    ) -> SlowSubsSettings:
        """Replace the settings; a field left out takes EMQX's default (a coroutine)."""
        return await self._run(PUT_SETTINGS, locals())
