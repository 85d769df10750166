"""The demo's notice: the 1 October 2018 changes to BCST (the October 2018 meeting notes), published
to everyone who acts on them. The CRC's manager has acknowledged it; the partner organisations have
not yet (the demo's partner caseworker sees the banner on the BCST1 questions and acknowledges it).
Idempotent: loaded once."""

from __future__ import annotations

from datetime import date
from typing import Any

from ttg.accounts.constants import Role

from . import services
from .constants import Audience
from .models import Notice

TITLE = "Changes to the Basic Custody Screening Tool (BCST) from 1 October 2018"

SUMMARY = """From 1 October 2018, anyone with more than four years left to serve when they arrive in prison has BCST part 1 only, not BCST part 2. Prison officers flag the immediate needs BCST part 1 finds to the CRC's Through the Gate team in the prison.
The clone period is now six months, not three: if someone comes back into prison within six months of release and their resettlement needs have not changed, their last BCST part 1 can be reused. If their needs have changed, the forms are completed again.
The changes apply in resettlement prisons only."""

WHAT_TO_DO = """If you complete or support BCST part 1: check the time left to serve. For more than four years, flag immediate needs to the CRC's Through the Gate team; do not start BCST part 2.
If someone comes back within six months of release, ask whether their needs have changed before completing BCST part 1 again.
Use the BCST1 and BCST2 questions in force from 1 October 2018."""


def load_notices(users: dict[str, Any]) -> int:
    if Notice.objects.filter(title=TITLE).exists():
        return 0
    publisher = users[Role.CONTRACT_MANAGER]
    notice = services.create_draft(
        draft=services.Draft(
            title=TITLE,
            summary=SUMMARY,
            what_to_do=WHAT_TO_DO,
            effective_on=date(2018, 10, 1),
            audience=[a.value for a in Audience],
            crc=None,
            sector_left_out_reason="",
            links=[
                "question_set:BCST1/2018-10-01",
                "question_set:BCST2/2018-10-01",
                "rule:T3@2018-10-01",
                "rule:T4@2018-10-01",
            ],
        ),
        by=publisher,
    )
    # Published in October 2018, before the service: nobody is sent a notification for it now.
    notice = services.publish(notice=notice, by=publisher, tell=False)
    services.acknowledge(notice=notice, user=users[Role.CRC_MANAGER])
    return 1
