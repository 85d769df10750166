"""What each role's home page says about its work (design/ui.md, "Home pages by role"), the
administrator's section, and the navigation item to manage users. Other apps add their own sections."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import Home, Row, Section

from .constants import Role


def _prison_officer(user: Any) -> Home:
    prison = user.prison
    return Home(
        title=_("Reception screening at %(prison)s") % {"prison": prison.name},
        lead=_(
            "Screen everyone received into custody with the Basic Custody Screening Tool part 1 (BCST1) within 72 hours, and flag immediate needs to the CRC's caseworkers."
        ),
        sees=_("People in custody at %(prison)s") % {"prison": prison.name},
    )


def _governor(user: Any) -> Home:
    prison = user.prison
    return Home(
        title=_("Resettlement at %(prison)s") % {"prison": prison.name},
        lead=_(
            "Agree or disagree that the CRC is ready before the enhanced service goes live in your prison (Mobilisation), then follow how it performs."
        ),
        sees=_("Everything about resettlement at %(prison)s") % {"prison": prison.name},
    )


def _ttg_caseworker(user: Any) -> Home:
    return Home(
        title=_("My work"),
        lead=_(
            "Complete BCST2 and the resettlement plan, deliver or signpost each activity, review before release and hand over at the gate."
        ),
        sees=(
            _("People in the resettlement prisons %(crc)s serves") % {"crc": user.crc.name}
            if user.crc_id
            else _("People in the prisons where %(org)s does a CRC's TTG casework (the CRC's supply-chain register)")
            % {"org": user.organisation.name if user.organisation_id else _("your organisation")}
        ),
    )


def _crc_manager(user: Any) -> Home:
    return Home(
        title=_("%(crc)s") % {"crc": user.crc.name},
        lead=_("Your CRC's mobilisation plans, supply chain, rate card and claims."),
        sees=_("Everything of %(crc)s") % {"crc": user.crc.name},
    )


def _partner_caseworker(user: Any) -> Home:
    return Home(
        title=_("Referrals to %(org)s") % {"org": user.organisation.name},
        lead=_("New referrals, your cases, sessions to record and claims: only the work sent to your organisation."),
        sees=_("Only referrals sent to %(org)s and what mobilisation plans commit to it") % {"org": user.organisation.name},
    )


def _responsible_officer(user: Any) -> Home:
    return Home(
        title=_("Handovers and purchases"),
        lead=_("Handovers coming to you from prison, and Through the Gate services you buy for people leaving non-resettlement prisons."),
        sees=_("Your own cases"),
    )


def _contract_manager(user: Any) -> Home:
    return Home(
        title=_("CRCs at a glance"),
        lead=_("Sign off mobilisation plans and readiness (Mobilisation), see partners' disputes, and handle escalations."),
        sees=_("The CRCs you manage; person-level data only in audit samples"),
    )


def _analyst(user: Any) -> Home:
    return Home(
        title=_("Evaluation"),
        lead=_(
            "Outcomes by cohort, prison and CRC, with equality analysis, and pseudonymised extracts for evaluation and thematic review."
        ),
        sees=_("Pseudonymised data only"),
    )


def _administrator(user: Any) -> Home:
    return Home(
        title=_("Service administration"),
        lead=_("Manage users and reference data, search the audit trail, and answer subject access requests."),
        sees=_(
            "Users and reference data; no case data, except one person's record to answer a subject access request or place a legal hold, each look logged"
        ),
    )


def _assurance(user: Any) -> list[Section]:
    """The contract manager's way into the audit trail (the administrator's is in Administration)."""
    if user.role != Role.CONTRACT_MANAGER or not access.can(user, "audit.search"):
        return []
    return [Section(_("Assurance"), [Row(_("Search the audit trail"), reverse("audit_search"))])]


def _administration(user: Any) -> list[Section]:
    if user.role != Role.ADMINISTRATOR:
        return []
    return [
        Section(
            _("Administration"),
            [
                Row(_("Manage users"), reverse("admin:accounts_user_changelist")),
                Row(_("Manage prisons, CRCs, NPS divisions and organisations"), reverse("admin:app_list", args=["estate"])),
                Row(
                    _("The specification catalogue"),
                    reverse("catalogue_list"),
                    _("Levels and activities by pathway, with the version in force; change it in the administration pages"),
                ),
                Row(_("Search the audit trail"), reverse("audit_search")),
            ],
        )
    ]


INTROS = {
    Role.PRISON_OFFICER: _prison_officer,
    Role.GOVERNOR: _governor,
    Role.TTG_CASEWORKER: _ttg_caseworker,
    Role.CRC_MANAGER: _crc_manager,
    Role.PARTNER_CASEWORKER: _partner_caseworker,
    Role.RESPONSIBLE_OFFICER: _responsible_officer,
    Role.CONTRACT_MANAGER: _contract_manager,
    Role.ANALYST: _analyst,
    Role.ADMINISTRATOR: _administrator,
}


def register() -> None:
    for role, intro in INTROS.items():
        home.register_intro(role, intro)
    home.register_sections(40, _assurance)
    home.register_sections(40, _administration)
    navigation.register(
        170,
        gettext_lazy("Manage users"),
        "admin:accounts_user_changelist",
        shown=lambda user: user.is_staff and access.can(user, "admin.use"),
    )
