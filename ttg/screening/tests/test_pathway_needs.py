"""BCST2's needs by pathway are kept as rows (PathwayNeed) in step with its summary, so that the compliance
figures can count them in SQL (issue 19): written at submission, a need still there keeps when it was
found, a new one is found then, one gone is removed; the migration gives BCST2s submitted before them theirs."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from django.apps import apps

from ttg.accounts.constants import Role
from ttg.screening import questions
from ttg.screening import services as screening
from ttg.screening.models import Kind, PathwayNeed, Screening
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception

MIGRATION = importlib.import_module("ttg.screening.migrations.0005_bcst2_needs")
LATER = datetime.fromisoformat("2019-09-20T10:00:00+01:00")


def _rows(bcst2: Screening) -> dict[str, tuple[str, datetime]]:
    return {n.pathway: (n.level, n.found_at) for n in PathwayNeed.objects.filter(screening=bcst2)}


def test_the_needs_are_kept_with_the_summary(personas: dict[str, Any]) -> None:
    feed(reception("pn1", NUMBER, at="2019-08-01T09:30:00+01:00", release="2020-01-10"))
    received = period()
    bcst1 = questions.question_set("BCST1", received.reception_date)
    screening.submit_answers(period=received, kind=Kind.BCST1, answers=complete(bcst1), by=personas[Role.PRISON_OFFICER])
    bcst2_questions = questions.question_set("BCST2", received.reception_date)
    answers = complete(bcst2_questions, ete_problem="2", job_on_release="no")
    screening.submit_answers(period=received, kind=Kind.BCST2, answers=answers, by=personas[Role.TTG_CASEWORKER])
    bcst2 = Screening.objects.get(custody_period=received, kind=Kind.BCST2)
    found = {n["pathway"]: n["level"] for n in bcst2.needs_summary or [] if n["level"] in questions.NEED_LEVELS}
    assert "ete" in found
    assert {p: level for p, (level, _) in _rows(bcst2).items()} == found
    submitted = bcst2.submitted_at
    assert {at for _, at in _rows(bcst2).values()} == {submitted}

    # An amendment: ETE's need changes level (found when it was), a finance need is new, the others are gone.
    bcst2.needs_summary = [{"pathway": "ete", "level": "some", "needs": []}, {"pathway": "finance", "level": "significant", "needs": []}]
    bcst2.needs_summary += [{"pathway": "health", "level": "none", "needs": []}]
    bcst2.save(update_fields=["needs_summary"])
    screening.keep_pathway_needs(bcst2, LATER)
    assert _rows(bcst2) == {"ete": ("some", submitted), "finance": ("significant", LATER)}

    # The migration, for BCST2s submitted before the rows: each found when its BCST2 was submitted; run again, nothing more.
    PathwayNeed.objects.all().delete()
    MIGRATION.backfill(apps, None)
    MIGRATION.backfill(apps, None)
    assert _rows(bcst2) == {"ete": ("some", submitted), "finance": ("significant", submitted)}
