"""What the plans hold about a person, field by field (ttg.core.personal_data; docs/data-protection.md)."""

from __future__ import annotations

from ttg.core.personal_data import register

PLAN = "plan__custody_period__person"


def register_personal_data() -> None:
    register(
        "plans.Plan",
        title="Resettlement plan",
        person="custody_period__person",
        order=30,
        special=("not_agreed_reason",),
        operational=(
            "id",
            "custody_period",
            "catalogue_version",
            "status",
            "proposed_at",
            "proposed_by",
            "agreed_at",
            "agreed_by",
            "agreed_with_person",
            "kind",
            "owned_by",
        ),
    )
    register(
        "plans.PlanActivity",
        title="Activities of the plan",
        person=PLAN,
        order=31,
        special=("outcome", "reason"),
        operational=(
            "id",
            "plan",
            "activity",
            "title",
            "pathway",
            "level",
            "owner_kind",
            "owner",
            "due_on",
            "status",
            "reasons",
            "updated_at",
            "updated_by",
            "order",
            "continues_after_release",
            "version",
        ),
    )
    register(
        "plans.PreReleaseReview",
        title="Pre-release review",
        person=PLAN,
        order=32,
        special=("answers",),
        operational=("id", "plan", "status", "started_at", "updated_at", "updated_by", "completed_at", "completed_by"),
    )
    register(
        "plans.ReleaseOutcome",
        title="Outcomes at and after release",
        person=PLAN,
        order=33,
        operational=(
            "id",
            "plan",
            "kind",
            "accommodation",
            "accommodation_safe",
            "ete",
            "bank_account",
            "id_documents",
            "benefit_claim",
            "gp_registration",
            "recorded_at",
            "recorded_by",
        ),
    )
    register(
        "plans.Handover",
        title="Handover to the responsible officer",
        person=PLAN,
        order=34,
        personal=("where_to",),
        special=("summary", "snapshot"),
        operational=("id", "plan", "officer", "release_date_at_handover", "handed_over_at", "handed_over_by", "received_at"),
    )
    register(
        "plans.HandoverAlert",
        title="Alerts about the handover",
        person=PLAN,
        order=35,
        operational=("id", "plan", "kind", "due_on", "sent_at", "recipients"),
    )
    register(
        "plans.ReleaseChecklist",
        title="Release checklist (day-one essentials)",
        person=PLAN,
        order=36,
        special=("items",),
        operational=("id", "plan", "open_items", "completed_at", "opened_at", "opened_by", "updated_at", "updated_by"),
    )
    register(
        "plans.PlanGoal",
        title="The person's own goals in the plan",
        person=PLAN,
        order=37,
        special=("words",),  # what someone wants can say much about them (their health, their family)
        operational=("id", "plan", "agreed_on", "order", "updated_at", "updated_by"),
    )
