"""What this app holds about a person, field by field (ttg.core.personal_data; docs/data-protection.md)."""

from __future__ import annotations

from ttg.core.personal_data import register


def register_personal_data() -> None:
    register(
        "screening.Screening",
        title="Screenings (BCST1 and BCST2)",
        person="custody_period__person",
        order=20,
        special=("answers", "answers_before_amendment", "needs_summary"),
        operational=(
            "id",
            "custody_period",
            "kind",
            "question_set_version",
            "status",
            "cloned_from",
            "needs_unchanged_confirmed",
            "started_by",
            "started_at",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ),
    )
    register(
        "screening.Amendment",
        title="Amendments to screenings",
        person="screening__custody_period__person",
        order=21,
        special=("reason", "previous_answers"),
        operational=("id", "screening", "changed_questions", "amended_by", "amended_at"),
    )
    register(
        "screening.NeedFlag",
        title="Immediate needs flagged",
        person="custody_period__person",
        order=22,
        special=("acknowledgement_note",),
        operational=(
            "id",
            "screening",
            "custody_period",
            "pathway",
            "question_id",
            "need",
            "raised_at",
            "acknowledged_by",
            "acknowledged_at",
            "withdrawn_at",
        ),
    )
    register(
        "screening.PathwayNeed",
        title="Needs found by BCST2, by pathway",
        person="custody_period__person",
        order=23,
        special=("pathway", "level"),
        operational=("id", "screening", "custody_period", "found_at"),
    )
    register(
        "screening.DutyToRefer",
        title="Duty to refer (Homelessness Reduction Act 2017), or the Welsh pathway's housing referral",
        person="custody_period__person",
        order=23,
        special=("reasons", "outcome_notes"),
        operational=(
            "id",
            "custody_period",
            "raised_by_screening",
            "raised_at",
            "due_on",
            "route",
            "consent",
            "local_housing_authority",
            "referred_on",
            "outcome",
            "updated_by",
            "updated_at",
        ),
    )
    register(
        "screening.ScreeningState",
        title="Screening deadlines worked out",
        person="custody_period__person",
        order=24,
        operational=(
            "custody_period",
            "prison",
            "in_custody",
            "received_at",
            "release_date",
            "released_on",
            "bcst1_due_at",
            "bcst1_started",
            "bcst1_submitted_at",
            "bcst1_to_do",
            "clone_available",
            "bcst2_required",
            "bcst2_due_on",
            "bcst2_started",
            "bcst2_submitted_at",
            "bcst2_to_do",
            "pre_release_opens_on",
            "handover_due_on",
            "duty_due_on",
            "duty_to_do",
            "duty_consent",
            "waiting_flags",
            "valid_until",
            "computed_at",
        ),
        not_personal=("fingerprint",),
    )
