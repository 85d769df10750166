"""Test settings: the real settings with a fixed clock, a test key and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("TTG_NOW", "2019-09-02T09:30:00+01:00")
# The database queue, even where REDIS_URL is set (test_tasks_rq.py sets up the Redis queue itself).
os.environ.setdefault("TTG_TASKS_BACKEND", "database")

from ttg.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create many users. test_security checks production uses argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The test runner empties every table between browser tests; test_audit.py installs the
# append-only triggers itself and checks them.
TTG_AUDIT_TRIGGERS = False
# A read replica that is the test database itself (Django's TEST MIRROR), so that the routing of
# reports to a replica can be tested (ttg/core/tests/test_db.py). Reports read from it only where a
# test sets TTG_REPORTS_DATABASE = "replica"; everywhere else nothing uses it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
TTG_REPORTS_DATABASE = None
# PostgreSQL: a test database is thrown away, so a commit need not wait for its log to reach the disk
# (making and migrating each worker's database, the committed demo base, the transactional tests).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
