from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The nine roles of the service brief. A user has one role; a role decides what they may do."""

    PRISON_OFFICER = "prison_officer", _("Prison officer")
    TTG_CASEWORKER = "ttg_caseworker", _("TTG caseworker")
    CRC_MANAGER = "crc_manager", _("CRC manager")
    PARTNER_CASEWORKER = "partner_caseworker", _("Partner caseworker")
    RESPONSIBLE_OFFICER = "responsible_officer", _("Responsible officer")
    GOVERNOR = "governor", _("Prison governor")
    CONTRACT_MANAGER = "contract_manager", _("Contract manager")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Not a person: a system that sends us data (the prison system's custody feed).
    INTEGRATION = "integration", _("Integration account")


class Employer(models.TextChoices):
    PRISON = "prison", _("A prison")
    CRC = "crc", _("A community rehabilitation company (CRC)")
    ORGANISATION = "organisation", _("A partner organisation")
    NPS_DIVISION = "nps_division", _("A National Probation Service (NPS) division")
    HMPPS = "hmpps", _("HMPPS")


# Who each role works for (service brief, "Who uses it"). A responsible officer may also be in a CRC;
# a TTG caseworker works for a CRC "or its supply-chain partner in the prison".
EMPLOYERS_FOR_ROLE: dict[str, frozenset[str]] = {
    Role.PRISON_OFFICER: frozenset({Employer.PRISON}),
    Role.GOVERNOR: frozenset({Employer.PRISON}),
    # A CRC's own caseworker, or a partner organisation's doing the CRC's casework in its prisons (the
    # supply-chain register says where: ttg.accounts.workplaces).
    Role.TTG_CASEWORKER: frozenset({Employer.CRC, Employer.ORGANISATION}),
    Role.CRC_MANAGER: frozenset({Employer.CRC}),
    Role.PARTNER_CASEWORKER: frozenset({Employer.ORGANISATION}),
    Role.RESPONSIBLE_OFFICER: frozenset({Employer.NPS_DIVISION, Employer.CRC}),
    Role.CONTRACT_MANAGER: frozenset({Employer.HMPPS}),
    Role.ANALYST: frozenset({Employer.HMPPS, Employer.ORGANISATION}),
    Role.ADMINISTRATOR: frozenset({Employer.HMPPS}),
    Role.INTEGRATION: frozenset({Employer.HMPPS}),
}

# The nine roles people have (the brief's "Who uses it"); integration accounts are systems.
PEOPLE_ROLES = [role for role in Role if role != Role.INTEGRATION]
