"""What referrals hold about a person, field by field (ttg.core.personal_data; docs/data-protection.md).

Unfunded work recorded without a referral names the person only in free text (`person_reference`),
so it cannot be found by person: see docs/data-protection.md."""

from __future__ import annotations

from ttg.core.personal_data import register

REFERRAL = "referral__plan_activity__plan__custody_period__person"


def register_personal_data() -> None:
    register(
        "referrals.Referral",
        title="Referrals to partners",
        person="plan_activity__plan__custody_period__person",
        order=50,
        special=("need", "shared_information", "partner_needs_to_know", "reason"),
        operational=(
            "id",
            "plan_activity",
            "organisation",
            "crc",
            "pathway",
            "activity_title",
            "referred_by",
            "referred_at",
            "consent_given",
            "consent_on",
            "funding",
            "in_supply_chain",
            "purchase",
            "status",
            "status_changed_at",
            "accepted_at",
            "assigned_to",
        ),
        not_personal=("idempotency_key",),
    )
    register(
        "referrals.Assignment",
        title="Caseworkers assigned to referrals",
        person=REFERRAL,
        order=51,
        operational=("id", "referral", "caseworker", "previous", "by", "at"),
    )
    register(
        "referrals.Session",
        title="Sessions with partners",
        person=REFERRAL,
        order=52,
        special=("reason", "note"),
        operational=("id", "referral", "on", "method", "attendance", "recorded_by", "recorded_at"),
        not_personal=("idempotency_key",),
    )
    register(
        "referrals.CaseNote",
        title="Case notes on referrals",
        person=REFERRAL,
        order=53,
        special=("text",),
        operational=("id", "referral", "author", "side", "at"),
        not_personal=("idempotency_key",),
    )
    register(
        "referrals.OutcomeAchievement",
        title="Outcomes achieved",
        person=REFERRAL,
        order=54,
        special=("note",),
        operational=("id", "referral", "desired_outcome", "result", "recorded_by", "recorded_at"),
    )
    register(
        "referrals.EndOfService",
        title="End-of-service reports",
        person=REFERRAL,
        order=55,
        special=("summary",),
        operational=("id", "referral", "closed_by", "closed_at"),
    )
    register(
        "referrals.UnfundedWork",
        title="Unfunded work recorded by partners",
        person=REFERRAL,
        order=56,
        personal=("person_reference",),
        special=("description",),
        operational=("id", "organisation", "referral", "on", "pathway", "hours", "recorded_by", "recorded_at"),
        not_personal=("idempotency_key",),
    )
