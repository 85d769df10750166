"""Reports read from a read replica, when one is configured (docs/operations.md, "Read replica").

Mechanism only: `ReportsRouter` is in `DATABASE_ROUTERS`; a report opts in with `reporting()`, as a
decorator on its view function or view method, or as a context manager around the reads:

    @require_GET
    @access.requires("funding.view")
    @db.reporting()
    def funding(request): ...

Inside it, reads go to `settings.TTG_REPORTS_DATABASE` (the "replica" alias when
`DATABASE_REPLICA_URL` is set). Everything else goes to "default", as without a router:

- every write, always;
- every read outside `reporting()`, so a user's session, account and permissions are read from the
  primary (put `reporting()` below the access decorators, on the view body only);
- reads while a transaction is open on "default": they must see what it wrote;
- everything when no replica is configured.

A replica lags the primary by a little, so a report may miss the last second's changes. Nothing that
a user has just done and expects to see again belongs in a report.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection, connections

F = TypeVar("F", bound=Callable[..., Any])
REPLICA = "replica"  # the alias settings.py gives DATABASE_REPLICA_URL

# Per thread and per asyncio task: gunicorn's threads each serve their own request.
_reporting: ContextVar[bool] = ContextVar("ttg_reporting", default=False)


class reporting:  # lower case: used like a function, `with db.reporting():`, `@db.reporting()`
    """Reads inside go to the reports' database (the replica), when one is configured."""

    def __enter__(self) -> None:
        self._token = _reporting.set(True)

    def __exit__(self, *exc: object) -> None:
        _reporting.reset(self._token)

    def __call__(self, function: F) -> F:
        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with reporting():  # a new one per call: threads never share its token
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def in_reporting() -> bool:
    return _reporting.get()


def reports_alias() -> str | None:
    """The alias reads go to now, if it is not "default"; None otherwise."""
    alias = getattr(settings, "TTG_REPORTS_DATABASE", None)
    if not alias or alias == DEFAULT_DB_ALIAS or not _reporting.get():
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None  # read what this transaction wrote
    return str(alias)


class ReportsRouter:
    """Reads inside `reporting()` go to the replica; the rest is "default"'s."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return reports_alias()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if db == REPLICA or (db != DEFAULT_DB_ALIAS and db == getattr(settings, "TTG_REPORTS_DATABASE", None)):
            return False  # the replica follows the primary by replication, never by migrate
        return None


# PostgreSQL's SQLSTATE for a deadlock: it aborts one of the transactions, which may run again.
DEADLOCK_DETECTED = "40P01"
DEADLOCK_ATTEMPTS = 3


def retry_on_deadlock(function: F) -> F:
    """Run a service's transaction again when PostgreSQL chose it as a deadlock's victim (nothing of it
    was kept). Every audited transaction takes the audit chain's lock when it writes its event
    (core/chain.py), so two that also lock the same rows in the other order can deadlock; the second
    run sees what the first committed. Only the outermost transaction can run again: inside another,
    the error goes up to it."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                deadlock = getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED
                if not deadlock or attempt == DEADLOCK_ATTEMPTS or connection.in_atomic_block:
                    raise
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


# SQLSTATEs that say "not now" rather than "never": the server is unreachable, restarting or full, or
# chose this transaction as a deadlock's or a serialization failure's victim (a retry may succeed).
TRANSIENT_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300", "40001", DEADLOCK_DETECTED, "55P03"})


def unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database cannot answer now (a restart, a lost connection, a lock), so
    that the answer is a 503 to try again rather than a 500 (issue 17, faults). psycopg's connection
    failures carry no SQLSTATE; SQLite's only transient one is a locked database."""
    # Django wraps the driver's errors, but not all: closing a server-side cursor (a streamed query)
    # raises psycopg's own, which PostgreSQL's restart showed (docs/reliability.md).
    driver = getattr(connection, "Database", None)
    if isinstance(error, InterfaceError) or (driver is not None and isinstance(error, driver.InterfaceError)):
        return True
    if isinstance(error, OperationalError):
        cause = error.__cause__
    elif driver is not None and isinstance(error, driver.OperationalError):
        cause = error
    else:
        return False
    if connection.vendor == "sqlite":
        return "locked" in str(error)
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in TRANSIENT_SQLSTATES
