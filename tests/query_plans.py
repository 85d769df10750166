"""Query plans checked in tests: "a list is an indexed query" (issue 14), proved with PostgreSQL's EXPLAIN.

Use it in a test that has put enough rows in the tables (a few thousand: PostgreSQL rightly reads a
table of a few hundred rows from end to end) and run `analyze(...)` on them, as a bulk import does:

    from tests.query_plans import analyze, assert_no_seq_scan, no_seq_scans, requires_postgresql

    @requires_postgresql
    @pytest.mark.django_db
    def test_search_uses_an_index(...):
        ...bulk_create a few thousand rows...
        analyze(Person, CustodyPeriod)
        assert_no_seq_scan(Person.objects.filter(...), tables=[Person, CustodyPeriod])  # one queryset
        with no_seq_scans(tables=[Person, CustodyPeriod]):  # every SELECT a page runs
            client.get(url)

`tables` names the national tables (models or table names) that must never be read end to end;
small reference tables (prisons, CRCs, users) may be, and are not listed. A failure names the table
and prints the plan. On SQLite every helper skips the test (there is nothing to check: SQLite has no
comparable planner), so mark the test `requires_postgresql` to skip before building the rows; with
the `db` fixture or `django_db` marker the test runs in CI's PostgreSQL run (`--database-tests-only`).

Never prove a plan with `SET enable_seqscan = off`: that only says an index could be used, not that
PostgreSQL chooses it for rows like production's. Give the tables production's proportions instead
(one prison's share of the people, one user's share of the claims): a list that is 5% of a table of
a few thousand rows is cheaper to read whole, and PostgreSQL rightly does.

In tests/test_query_plans.py the module fixture `nationally` builds such a data set once (50,000
people with custody periods, plans, referrals, unfunded work, purchases, claims), analysed, in a
transaction rolled back after the module: add a list's test there, and its own rows to the fixture.

Two things learnt making lists pass (issue 14):
- a query that joins more than 8 tables (select_related of everything a page shows, plus the scope)
  is planned in PostgreSQL's written order (`join_collapse_limit`), and reads whole tables to find one
  user's rows: read the page's ids with the scope and order only, then the rows by id
  (`ttg.payments.selectors.page_of(..., load=...)`, `ttg.referrals.selectors.api_list`);
- rows made in the test's transaction cannot be vacuumed, so index-only scans cost PostgreSQL more
  here than in production: a test that fails only for that is a test to reconsider, not an index to add.

What it does not see: a full scan of an index with no condition (an ordered index scan filtering
every row) is reported as an index scan. Look at the plan it prints when in doubt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, models
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

requires_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL only")

Table = str | type[models.Model]


def _table_name(table: Table) -> str:
    return table if isinstance(table, str) else table._meta.db_table


def skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL only")


def analyze(*tables: Table) -> None:
    """ANALYZE the tables, so that the planner knows how many rows they have (as after an import)."""
    skip_unless_postgresql()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(_table_name(table))}")


def _run(cursor: Any, sql: str, params: Iterable[Any] | None) -> None:
    # No parameters: the statement is run as it is (a captured query has its values in it, and may hold a "%").
    if params is None:
        cursor.execute(sql)
    else:
        cursor.execute(sql, tuple(params))


def explain(sql: str, params: Iterable[Any] | None = None) -> dict[str, Any]:
    """PostgreSQL's plan of one statement, as the JSON tree of EXPLAIN (FORMAT JSON) (the top node)."""
    skip_unless_postgresql()
    with connection.cursor() as cursor:
        _run(cursor, f"EXPLAIN (FORMAT JSON) {sql}", params)
        (raw,) = cursor.fetchone()
    document = json.loads(raw) if isinstance(raw, str) else raw
    return document[0]["Plan"]  # type: ignore[no-any-return]


def plan_of(queryset: QuerySet[Any]) -> dict[str, Any]:
    sql, params = queryset.query.sql_with_params()
    return explain(sql, params)


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of a plan, sub-plans (InitPlan, SubPlan, CTEs) included."""
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def seq_scanned(plan: dict[str, Any]) -> set[str]:
    """The tables a plan reads with a sequential scan (parallel ones included)."""
    return {node["Relation Name"] for node in nodes(plan) if node.get("Node Type") == "Seq Scan" and "Relation Name" in node}


def _text(sql: str, params: Iterable[Any] | None = None) -> str:
    with connection.cursor() as cursor:
        _run(cursor, f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _check(sql: str, params: Iterable[Any] | None, tables: Iterable[Table], what: str) -> None:
    watched = {_table_name(t) for t in tables}
    found = sorted(seq_scanned(explain(sql, params)) & watched)
    if found:
        pytest.fail(
            f"{what} reads {', '.join(found)} with a sequential scan (a national table: it needs an index).\n"
            f"Query:\n{sql}\nPlan:\n{_text(sql, params)}",
            pytrace=False,
        )


def assert_no_seq_scan(queryset: QuerySet[Any] | tuple[str, Iterable[Any]], *, tables: Iterable[Table]) -> None:
    """Fail, naming the table, if PostgreSQL plans a sequential scan of any of `tables` for this query.

    `queryset` is a QuerySet (its main query: prefetches are separate queries, see no_seq_scans) or
    an (sql, params) pair. Skips on SQLite."""
    skip_unless_postgresql()
    sql, params = queryset.query.sql_with_params() if isinstance(queryset, QuerySet) else queryset
    _check(sql, params, tables, "The query")


@contextmanager
def no_seq_scans(*, tables: Iterable[Table]) -> Iterator[CaptureQueriesContext]:
    """Every SELECT run inside the block (a page, an API call, a selector with its prefetches) is
    explained afterwards; fails on the first that reads one of `tables` with a sequential scan."""
    skip_unless_postgresql()
    tables = list(tables)
    with CaptureQueriesContext(connection) as captured:
        yield captured
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    assert selects, "no SELECT ran inside the block"
    for number, sql in enumerate(selects, 1):
        _check(sql, None, tables, f"Query {number} of {len(selects)}")
