"""Schemathesis over every operation of the API document (docs/openapi.yaml), with a token for every
role (issue 17, item 6): no server errors and no response that breaks the document (status code,
content type, headers, body schema).

In-process, through the WSGI application: no network. The data is the demo base with the contract's
sample custody feed imported and the demo loaded on it (people, purchases, claims), so that some
requests reach real objects: every operation with path parameters is tried with generated values
and with values that exist. Examples are few and derandomized (the suite's time budget); a longer
run is `scripts/schemathesis-long.sh` (SCHEMATHESIS_EXAMPLES, docs/reliability.md).
"""

from __future__ import annotations

import collections
import functools
import os
import time
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import load_base
from ttg.accounts.constants import Role

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
SAMPLE_FEED = Path(__file__).resolve().parent.parent / "ttg" / "people" / "data" / "custody-feed-sample.csv"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance, response_schema_conformance]
# Examples per operation and role: half with generated path parameters, half with ones that exist.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "2"))


def known_path_values() -> dict[tuple[str, str], list[Any]]:
    """(path prefix, parameter) -> values that exist in the database, longest prefix first."""
    from ttg.payments.models import Budget, Claim, Purchase, RateCard, Variation
    from ttg.people.models import Person
    from ttg.plans.catalogue.models import CatalogueVersion
    from ttg.plans.handover.models import Handover
    from ttg.plans.plan.models import PlanActivity
    from ttg.referrals.models import Referral

    def ids(model: Any, field: str = "pk") -> list[Any]:
        return list(model.objects.order_by("pk").values_list(field, flat=True)[:5])

    return {
        ("/api/v1/purchases/{reference}/variations/{id}", "id"): ids(Variation),
        ("/api/v1/people/{prison_number}/plan/activities/{id}", "id"): ids(PlanActivity),
        ("/api/v1/people/", "prison_number"): ids(Person, "prison_number"),
        ("/api/v1/purchases/", "reference"): ids(Purchase, "reference"),
        ("/api/v1/catalogue/versions/", "id"): ids(CatalogueVersion),
        ("/api/v1/claims/", "id"): ids(Claim),
        ("/api/v1/funding/budgets/", "id"): ids(Budget),
        ("/api/v1/handovers/", "id"): ids(Handover),
        ("/api/v1/rate-cards/", "id"): ids(RateCard),
        ("/api/v1/referrals/", "id"): ids(Referral),
        ("/api/v1/stewardship/crcs/", "code"): ["MERSEYSIDE"],
        ("/api/v1/stewardship/prisons/", "code"): ["ACI", "LPI"],
        # Compliance (issue 19): the contract manager's and CRC manager's CRC and a prison of theirs.
        ("/api/v1/compliance/crcs/", "code"): ["MERSEYSIDE", "CHESHIRE_GM"],
        ("/api/v1/compliance/prisons/", "code"): ["ACI", "LPI"],
    }


def existing(path: str, names: list[str], known: dict[tuple[str, str], list[Any]]) -> dict[str, list[Any]]:
    """Values that exist for the path parameters that can be filled from the database."""
    found: dict[str, list[Any]] = {}
    for name in names:
        for (prefix, parameter), values in known.items():
            if parameter == name and path.startswith(prefix) and values and name not in found:
                found[name] = values
    return found


def with_path_parameters(operation: Any, fixed: dict[str, Any]) -> Any:
    return operation.as_strategy(path_parameters=fixed)


@pytest.mark.django_db
def test_every_operation_every_role_conforms_and_never_fails(personas: dict[str, Any]) -> None:
    started = time.perf_counter()
    call_command("import_custody_feed", str(SAMPLE_FEED), verbosity=0)
    load_base()
    app = get_wsgi_application()
    # As Django's test client does: a request must not close the test's connection (inside its
    # transaction, close_old_connections would on PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _run_everything(app, personas, started)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_everything(app: Any, personas: dict[str, Any], started: float) -> None:
    tokens: dict[str, str] = {role: Token.objects.get_or_create(user=personas[role])[0].key for role in Role}
    known = known_path_values()
    schema = schemathesis.openapi.from_path(DOCUMENT)
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "the document has operations Schemathesis cannot read"
    statuses: dict[int, int] = collections.Counter()
    failures: list[str] = []

    def run(operation: Any, role: str, strategy: Any, examples: int) -> None:
        @hypothesis.settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
        @hypothesis.given(case=strategy)
        def one(case: Any) -> None:
            response = case.call(app=app, headers={"Authorization": f"Token {tokens[role]}"})
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:  # a FailureGroup: reported together at the end
                failures.append(f"{role}: {failure}")

        one()

    for operation in operations:
        names = [parameter.name for parameter in operation.path_parameters]
        real = existing(operation.path, names, known)
        for role in Role:
            generated = EXAMPLES - EXAMPLES // 2 if real else EXAMPLES
            run(operation, role, operation.as_strategy(), generated)
            if real:
                values = st.fixed_dictionaries({name: st.sampled_from(choices) for name, choices in real.items()})
                run(operation, role, values.flatmap(functools.partial(with_path_parameters, operation)), EXAMPLES // 2)

    cases = sum(statuses.values())
    print(
        f"{len(operations)} operations × {len(Role)} roles: {cases} cases in {time.perf_counter() - started:.1f} s; statuses {dict(sorted(statuses.items()))}"
    )
    assert len(operations) >= 50 and cases >= len(operations) * len(Role)
    assert not failures, f"{len(failures)} of {cases} cases failed:\n\n" + "\n\n".join(failures[:20])
