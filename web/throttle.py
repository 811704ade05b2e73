"""Throttling of password tries, per account and per client address.

Failed tries are counted in fixed windows (`limits`' fixed-window strategy): when an
account, or an address, has used up its failures, every password check for it is refused
with 429 until the window ends - the right password too - so guessing is slow wherever it
comes from. A successful login clears the account's count; the coordinator can clear it
early (the accounts page, `kotoplan user unlock NAME`). The counts live in the database,
or in Redis when `KOTOPLAN_REDIS_URL` is set, so every server process shares them; while
Redis cannot be reached they are counted in the database instead.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from redis.exceptions import RedisError
from werkzeug.middleware.proxy_fix import ProxyFix

from web import usernames
from web.throttle_store import SqlStorage

EXTENSION = "kotoplan.throttle"
log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULTS = {
    "THROTTLE_ACCOUNT": "10 per 15 minutes",  # failed tries of one account
    "THROTTLE_ADDRESS": "50 per 15 minutes",  # failed tries from one client address
    "REDIS_URL": None,  # where the counts live instead of the database
    "REDIS_PREFIX": "kotoplan",  # the start of every key there
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-For is believed
}


@dataclass(frozen=True)
class Throttle:
    """The password-try limits and the storage that counts against them."""

    storage: Storage
    account_limit: RateLimitItem
    address_limit: RateLimitItem
    clock: Callable[[], float] = time.time
    # Where to count when `storage` (Redis) cannot be reached: the database, so that a
    # Redis outage neither opens the door to guessing nor answers logins with a 500.
    fallback: Storage | None = None

    def _with(self, action: Callable[[FixedWindowRateLimiter], T]) -> T:
        try:
            return action(FixedWindowRateLimiter(self.storage))
        except RedisError as error:
            if self.fallback is None:
                raise
            log.warning("login throttle: Redis unreachable (%s); counting in the database", error)
            return action(FixedWindowRateLimiter(self.fallback))

    def wait(self, username: str, address: str | None = None) -> int | None:
        """Seconds until this account may try a password from this address, or None if now."""
        waits = [self._wait(self.account_limit, account_key(username))]
        if address:
            waits.append(self._wait(self.address_limit, address_key(address)))
        blocked = [seconds for seconds in waits if seconds is not None]
        return max(blocked) if blocked else None

    def failed(self, username: str, address: str | None = None) -> None:
        """Count one wrong password for the account and the address."""
        self._with(lambda strategy: strategy.hit(self.account_limit, account_key(username)))
        if address:
            self._with(lambda strategy: strategy.hit(self.address_limit, address_key(address)))

    def unlock(self, username: str) -> None:
        """Forget the account's failed tries (a successful login, or the coordinator)."""
        self._with(lambda strategy: strategy.clear(self.account_limit, account_key(username)))

    def _wait(self, limit: RateLimitItem, key: str) -> int | None:
        def waiting(strategy: FixedWindowRateLimiter) -> int | None:
            if strategy.test(limit, key):
                return None
            reset_at = strategy.get_window_stats(limit, key).reset_time
            return max(1, math.ceil(reset_at - self.clock()))

        return self._with(waiting)


def account_key(username: str) -> str:
    """The counter's key of an account: a hash of its normalised name, so any length fits."""
    digest = hashlib.sha256(usernames.normalise(username).encode()).hexdigest()[:40]
    return f"login/account/{digest}"


def address_key(address: str) -> str:
    """The counter's key of a client address."""
    return f"login/address/{address[:60]}"


def make_throttle(
    engine: sa.Engine,
    redis_url: str | None = None,
    account_limit: str = DEFAULTS["THROTTLE_ACCOUNT"],
    address_limit: str = DEFAULTS["THROTTLE_ADDRESS"],
    clock: Callable[[], float] = time.time,
    redis_prefix: str = DEFAULTS["REDIS_PREFIX"],
) -> Throttle:
    """The throttle counting in Redis if a URL is given, else in the database."""
    database = SqlStorage(engine, clock)
    if redis_url:
        storage = storage_from_string(redis_url, key_prefix=redis_prefix)
        return Throttle(storage, parse(account_limit), parse(address_limit), clock, database)
    return Throttle(database, parse(account_limit), parse(address_limit), clock)


def init_app(app: Flask) -> None:
    """Give the app its throttle; believe the address a trusted reverse proxy forwards."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.extensions[EXTENSION] = make_throttle(
        app.extensions["kotoplan.engine"],
        app.config["REDIS_URL"],
        app.config["THROTTLE_ACCOUNT"],
        app.config["THROTTLE_ADDRESS"],
        app.config.get("THROTTLE_CLOCK") or time.time,
        app.config["REDIS_PREFIX"],
    )
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        # Behind a proxy every request comes from the proxy: count the real client instead.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]


def current() -> Throttle:
    """The app's throttle."""
    return current_app.extensions[EXTENSION]
