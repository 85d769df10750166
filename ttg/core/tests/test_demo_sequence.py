"""The README's `make run` sequence, step by step, on the test database.

Each demo module has its own tests, but only this runs them in the order `make run` does, on the
generated demo-scale feed, where people return to custody: a change to one rule (screenings refused
after release) once broke the demo for everybody, and no other test noticed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ttg.accounts.constants import Role
from ttg.compliance import selectors as compliance
from ttg.demo.loader import load_demo
from ttg.demo.personas import PERSONAS
from ttg.estate.loader import load_estate as load_estate_file
from ttg.insights import selectors as insights
from ttg.people.generator import SAMPLE_FEED, build_estate
from ttg.referrals import selectors_release as release_selectors
from ttg.referrals.demo import RELEASE_PRISON_NUMBER
from ttg.referrals.models import Referral
from ttg.worklist import selectors as worklist

pytestmark = pytest.mark.django_db(transaction=False)


def test_make_run_loads_the_whole_demo_and_again_adds_nothing(tmp_path: Path) -> None:
    before = load_demo(password="a-long-test-password-2019")
    assert before["screenings"] == 0  # no people yet: they come only from the custody feed

    feed = tmp_path / "feed.csv"
    call_command("generate_national", scale="demo", seed=1, out=str(feed), stdout=io.StringIO())
    call_command("load_estate", str(tmp_path / "feed.estate.json"), stdout=io.StringIO())
    sample = SAMPLE_FEED
    call_command("import_custody_feed", str(sample), str(feed), stdout=io.StringIO())

    after = load_demo(password="a-long-test-password-2019")
    assert after["screenings"] > 0
    assert after["through_the_gate"] == 2
    assert after["handovers"] == 1
    # Allocation (docs/allocation.md): the people with a plan at HMP Altcourse are tom.okafor's; others wait.
    assert after["allocations"] >= 2
    crc_manager = after["personas"][Role.CRC_MANAGER]
    assert worklist.unallocated_due_work(crc_manager).page.paginator.count > 0
    assert after["referrals"] > 0
    assert after["payments"]["purchases"] > 0
    # Nobody released unseen (issue 23 item 4): a man due for release from a non-resettlement prison, on
    # the officer's list and Merseyside CRC's, transfer missed, with a release plan and a referral from it.
    assert after["release_plans"] == 1
    officer, caseworker = after["personas"][Role.RESPONSIBLE_OFFICER], after["personas"][Role.TTG_CASEWORKER]
    for user in (officer, caseworker):
        row: Any = next(p for p in release_selectors.releases(user) if p.person.prison_number == RELEASE_PRISON_NUMBER)
        assert (row.transfer, row.purchase_authorised, row.release_plan) == ("missed", True, True)
    assert Referral.objects.get(plan_activity__plan__custody_period__person__prison_number=RELEASE_PRISON_NUMBER).referred_by == officer
    # The contract manager finds the weakest prison: HMP Altcourse, first on Merseyside CRC's page.
    assert after["compliance_histories"] > 0
    manager = after["personas"][Role.CONTRACT_MANAGER]
    _, places, report = compliance.crc_report(manager, "MERSEYSIDE")
    assert [p.code for p, _ in compliance.prisons_weakest_first(report, places)] == ["ACI", "LPI"]
    # The analyst sees the main cohorts' charts at the threshold of 10: women and men, resettlement or not.
    assert after["insights_outcomes"] > 0
    analyst = after["personas"][Role.ANALYST]
    for by in ("sex", "resettlement"):
        b = insights.breakdown(analyst, by)
        assert all(not g.rates["settled"].hidden and not g.rates["outcome_recorded"].hidden for g in b.groups), [
            (g.label, g.released, g.rates["outcome_recorded"], g.rates["settled"]) for g in b.groups
        ]

    again = load_demo(password="a-long-test-password-2019")
    made = {k: v for k, v in again.items() if k != "personas"}
    assert made["compliance_histories"] == made["insights_outcomes"] == 0
    assert made["screenings"] == made["handovers"] == made["referrals"] == made["users"] == made["allocations"] == 0
    assert made["payments"] == {"budgets": 0, "purchases": 0}
    assert made["release_plans"] == 0


def test_personas_only_signs_the_personas_in_on_a_generated_national_estate(tmp_path: Path) -> None:
    """The load benchmark's database: the generated national estate, where every women's prison is a
    resettlement prison (as in the real one), so the payments demo's person has nowhere to come from.
    `load_demo --personas-only` still gives every persona a user, and nothing else."""
    estate = tmp_path / "estate.json"
    estate.write_text(json.dumps(build_estate("national", seed=1), default=str), encoding="utf-8")
    load_estate_file(estate)

    made = load_demo(password="a-long-test-password-2019", personas_only=True)
    assert set(made["personas"]) == {p.role for p in PERSONAS}
    assert all(user.check_password("a-long-test-password-2019") for user in made["personas"].values())
    assert not {"screenings", "through_the_gate", "handovers", "referrals", "payments"} & set(made)
