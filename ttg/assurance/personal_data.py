"""What contract assurance holds about a person in custody (ttg.core.personal_data; docs/data-protection.md).

An audit sample's cases are custody periods; the finding and the actions are free text about the case.
Issues and the engagement log are about contracts and organisations, not people in custody."""

from __future__ import annotations

from ttg.core.personal_data import register


def register_personal_data() -> None:
    register(
        "assurance.SampleCase",
        title="Audit samples: cases checked",
        person="custody_period__person",
        order=90,
        special=("finding",),
        operational=("id", "sample", "custody_period", "position", "evidence", "rating", "checked_at", "checked_by"),
    )
    register(
        "assurance.SampleAction",
        title="Audit samples: actions about a case",
        person="case__custody_period__person",
        order=91,
        special=("what", "crc_response", "closing_note"),
        operational=(
            "id",
            "sample",
            "case",
            "due_on",
            "status",
            "responded_at",
            "responded_by",
            "closed_at",
            "closed_by",
            "created_at",
            "created_by",
        ),
    )
