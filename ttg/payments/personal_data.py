"""What payments hold about a person, field by field (ttg.core.personal_data; docs/data-protection.md).

Claims and their escalations name no person; a claim line is reached through its delivery."""

from __future__ import annotations

from ttg.core.personal_data import register


def register_personal_data() -> None:
    register(
        "payments.Purchase",
        title="Services bought from a rate card",
        person="person",
        order=40,
        special=("decision_reason",),
        operational=(
            "id",
            "reference",
            "purchaser_kind",
            "purchased_by",
            "nps_division",
            "purchaser_crc",
            "person",
            "custody_period",
            "prison",
            "item",
            "provider_crc",
            "provider_organisation",
            "allocation",
            "units_authorised",
            "unit_price_pence",
            "subcontract_unit_price_pence",
            "value_authorised_pence",
            "status",
            "purchased_on",
            "created_at",
            "requested_by",
            "requested_on",
            "decided_by",
            "decided_at",
        ),
    )
    register(
        "payments.Variation",
        title="Variations of purchases",
        person="purchase__person",
        order=41,
        special=("reason",),
        operational=("id", "purchase", "extra_units", "status", "requested_by", "requested_at", "decided_by", "decided_at"),
    )
    register(
        "payments.Delivery",
        title="Deliveries of purchased services",
        person="purchase__person",
        order=42,
        special=("withdrawn_reason",),
        operational=(
            "id",
            "purchase",
            "kind",
            "units",
            "delivered_on",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "unfunded_reason",
        ),
        not_personal=("source_key",),
    )
    register(
        "payments.ClaimLine",
        title="Claim lines for deliveries",
        person="delivery__purchase__person",
        order=43,
        operational=("id", "claim", "delivery", "tier", "units", "unit_price_pence", "amount_pence", "reverses"),
    )
