"""When a pre-release review was started is stored (the compliance figure "started on time", issue 19):
set by the first answer, kept by every later one; reviews made before it was stored are given the
latest moment they can have started by the migration."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from django.apps import apps
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.models import PreReleaseReview, ReviewStatus
from ttg.plans.gate.tests.test_gate import soon  # noqa: F401 - the fixture
from ttg.plans.plan.models import Plan

MIGRATION = importlib.import_module("ttg.plans.migrations.0016_review_started")
FIRST, LATER = "2019-09-02T09:30:00+01:00", "2019-09-04T15:00:00+01:00"


def test_the_first_answer_starts_the_review_and_later_ones_keep_it(personas: dict[str, Any], soon: Plan) -> None:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    pathways = services_gate.review_pathways(soon)
    with override_settings(TTG_NOW=FIRST):
        services_gate.answer_pathway(plan=soon, pathway=pathways[0], answer="ready", by=by)
    with override_settings(TTG_NOW=LATER):
        for code in pathways[1:]:
            services_gate.answer_pathway(plan=soon, pathway=code, answer="ready", by=by)
        review = services_gate.complete_review(plan=soon, by=by)
    assert review.started_at == datetime.fromisoformat(FIRST)
    assert review.completed_at == datetime.fromisoformat(LATER)


def test_the_migration_gives_older_reviews_the_latest_start_they_can_have(personas: dict[str, Any], soon: Plan) -> None:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    done, changed = datetime.fromisoformat(LATER), datetime.fromisoformat(FIRST)
    review = PreReleaseReview.objects.create(
        plan=soon, status=ReviewStatus.COMPLETED, updated_at=done, updated_by=by, completed_at=done, completed_by=by
    )
    MIGRATION.backfill(apps, None)
    assert PreReleaseReview.objects.get(pk=review.pk).started_at == done
    review.delete()
    review = PreReleaseReview.objects.create(plan=soon, status=ReviewStatus.IN_PROGRESS, updated_at=changed, updated_by=by)
    MIGRATION.backfill(apps, None)
    assert PreReleaseReview.objects.get(pk=review.pk).started_at == changed
    review.delete()
    review = PreReleaseReview.objects.create(plan=soon, status=ReviewStatus.NOT_STARTED, updated_at=changed, updated_by=by)
    MIGRATION.backfill(apps, None)
    assert PreReleaseReview.objects.get(pk=review.pk).started_at is None
