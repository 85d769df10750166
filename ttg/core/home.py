"""What each role sees first (design/ui.md, "Home pages by role").

The foundation knows organisations and users, not yet people in custody: each home page shows
the user's place in the estate and the work they can reach today. Later issues add work lists here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ttg.accounts.constants import Role
from ttg.estate.models import Prison

from . import access


@dataclass
class Row:
    text: str
    href: str = ""
    hint: str = ""


@dataclass
class Section:
    heading: str
    rows: list[Row] = field(default_factory=list)
    empty: str = ""


@dataclass
class Home:
    title: str
    lead: str
    sees: str
    sections: list[Section] = field(default_factory=list)


def _money(user: Any) -> list[Section]:
    """Rate cards, purchases, claims and funding (issue 7): what waits, in counts, and the pages."""
    from ttg.payments.home import sections

    return sections(user)


def _handovers_coming(user: Any) -> list[Section]:
    """The responsible officer's handovers not yet received: overdue first, then release in the next weeks."""
    if not access.can(user, "handover.receive"):
        return []
    from ttg.core.formatting import govuk_date
    from ttg.plans.selectors_handover import for_officer

    groups = for_officer(user)
    rows = []
    for row, overdue in [(r, True) for r in groups.overdue] + [(r, False) for r in groups.coming]:
        person = row.handover.plan.custody_period.person
        release = govuk_date(row.release_date) if row.release_date else _("not known")
        hint = (_("Overdue: release date %(date)s, not received") if overdue else _("Release date %(date)s")) % {"date": release}
        rows.append(
            Row(
                f"{person.first_name} {person.last_name} ({person.prison_number})",
                reverse("handover_summary", args=[row.handover.pk]),
                hint,
            )
        )
    heading = _("Handovers coming (release in the next %(weeks)d weeks)") % {"weeks": groups.weeks}
    return [
        Section(heading, rows, empty=_("No handovers are waiting for you.")),
        Section(_("Work"), [Row(_("All handovers to you"), reverse("handover_list"), _("Coming, later and received"))]),
    ]


def _work_summary(user: Any) -> list[Section]:
    """The caseworker's work list in counts, one row per section, each linking to it (a fixed number of queries)."""
    if not access.can(user, "worklist.view"):
        return []
    from ttg.plans.selectors_worklist import work_list

    work = work_list(user)
    href = reverse("work_list")
    rows = [Row(f"{s.heading}: {s.total}", f"{href}#{s.key}") for s in work.sections]
    return [Section(_("Your work"), rows)]


def home_for(user: Any) -> Home:
    home = _home_for(user)
    home.sections.extend(_money(user))
    return home


def _home_for(user: Any) -> Home:
    role = user.role
    sections: list[Section] = []
    if role in (Role.PRISON_OFFICER, Role.GOVERNOR):
        prison = user.prison
        crc = prison.crc if prison else None
        serving = Section(
            _("Resettlement provider"),
            [Row(_("%(crc)s provides Through the Gate resettlement services here") % {"crc": crc.name})] if crc else [],
            empty=_("No CRC is recorded as serving this prison."),
        )
        if role == Role.PRISON_OFFICER:
            home = Home(
                title=_("Reception screening at %(prison)s") % {"prison": prison.name},
                lead=_(
                    "Screen everyone received into custody with the Basic Custody Screening Tool part 1 (BCST1) within 72 hours, and flag immediate needs to the CRC's caseworkers."
                ),
                sees=_("People in custody at %(prison)s") % {"prison": prison.name},
            )
        else:
            home = Home(
                title=_("Resettlement at %(prison)s") % {"prison": prison.name},
                lead=_("Agree the CRC's readiness before the enhanced service goes live in your prison, then follow how it performs."),
                sees=_("Everything about resettlement at %(prison)s") % {"prison": prison.name},
            )
        home.sections = [serving]
        if prison is not None and access.can(user, "screening.view"):
            home.sections.insert(
                0,
                Section(
                    _("Work"),
                    [
                        Row(
                            _("Screening work at %(prison)s") % {"prison": prison.name},
                            reverse("screening_work_list", args=[prison.code]),
                            _("BCST1 due and overdue, clones available, immediate needs, the duty to refer"),
                        ),
                        Row(_("Caseload: everyone in custody here"), reverse("prison_caseload", args=[prison.code])),
                    ],
                ),
            )
        return home
    if role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
        crc = user.crc
        prisons = list(Prison.objects.visible_to(user).filter(crc=crc).order_by("name"))
        rows = [
            Row(
                text=f"{p.name} ({p.code})",
                href=reverse("screening_work_list", args=[p.code]) if access.can(user, "screening.view") else "",
                hint=_("screening work") if access.can(user, "screening.view") else "",
            )
            for p in prisons
        ]
        served = Section(_("Prisons your CRC serves"), rows, empty=_("No prisons are recorded for your CRC yet."))
        if role == Role.TTG_CASEWORKER:
            return Home(
                title=_("My work"),
                lead=_(
                    "Complete BCST2 and the resettlement plan, deliver or signpost each activity, review before release and hand over at the gate."
                ),
                sees=_("People in the resettlement prisons %(crc)s serves") % {"crc": crc.name},
                sections=[*_work_summary(user), served],
            )
        return Home(
            title=_("%(crc)s") % {"crc": crc.name},
            lead=_("Your CRC's compliance, supply chain, rate card and claims."),
            sees=_("Everything of %(crc)s") % {"crc": crc.name},
            sections=[served],
        )
    if role == Role.PARTNER_CASEWORKER:
        from ttg.referrals.selectors import new_count

        new = new_count(user)
        return Home(
            title=_("Referrals to %(org)s") % {"org": user.organisation.name},
            lead=_("New referrals, your cases, sessions to record and claims: only the work sent to your organisation."),
            sees=_("Only referrals sent to %(org)s and the parts of plans that name it") % {"org": user.organisation.name},
            sections=[
                Section(
                    _("Referrals"),
                    [
                        Row(
                            ngettext("%(n)s new referral", "%(n)s new referrals", new) % {"n": new},
                            reverse("partner_inbox") + "?tab=new",
                            _("Accept or decline them"),
                        ),
                        Row(_("My cases"), reverse("partner_inbox") + "?tab=mine"),
                        Row(_("Record unfunded work"), reverse("unfunded_work_new")),
                    ],
                ),
            ],
        )
    if role == Role.RESPONSIBLE_OFFICER:
        return Home(
            title=_("Handovers and purchases"),
            lead=_(
                "Handovers coming to you from prison, and Through the Gate services you buy for people leaving non-resettlement prisons."
            ),
            sees=_("Your own cases"),
            sections=_handovers_coming(user),
        )
    if role == Role.CONTRACT_MANAGER:
        crcs = list(user.managed_crcs.order_by("name"))
        rows = [Row(text=c.name) for c in crcs]
        sections = [Section(_("CRCs you manage"), rows, empty=_("You are not recorded as managing any CRC yet."))]
        if access.can(user, "audit.search"):
            sections.append(Section(_("Assurance"), [Row(_("Search the audit trail"), reverse("audit_search"))]))
        if access.can(user, "referral.aggregates"):
            sections.append(Section(_("Referrals"), [Row(_("Referrals to partner organisations: counts"), reverse("referral_summary"))]))
        return Home(
            title=_("CRCs at a glance"),
            lead=_("Audit delivery against the enhanced specification, sign off mobilisation and readiness, and handle escalations."),
            sees=_("The CRCs you manage; person-level data only in audit samples"),
            sections=sections,
        )
    if role == Role.ANALYST:
        return Home(
            title=_("Evaluation"),
            lead=_("Outcomes by cohort, prison and CRC, with equality analysis, for evaluation and thematic review."),
            sees=_("Pseudonymised data only"),
        )
    if role == Role.ADMINISTRATOR:
        return Home(
            title=_("Service administration"),
            lead=_("Manage users and reference data, and search the audit trail."),
            sees=_("Users and reference data; no case data"),
            sections=[
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
            ],
        )
    raise ValueError(f"No home page for role {role!r}")
