from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Audience(models.TextChoices):
    """Who a notice goes to, by kind (R-N1). Resolved to people when it is published."""

    GOVERNORS = "governors", _("Prison governors")
    PRISON_OFFICERS = "prison_officers", _("Prison officers")
    CRCS = "crcs", _("CRCs: their caseworkers, managers and responsible officers")
    SUPPLY_CHAIN = "supply_chain", _("Every organisation in the CRCs' supply chains, and their staff")
    NPS_DIVISIONS = "nps_divisions", _("NPS divisions")
    CONTRACT_MANAGERS = "contract_managers", _("Contract managers")


class LinkKind(models.TextChoices):
    """What a notice announces: a rule version, a question-set version or a catalogue version."""

    RULE = "rule", _("Rule")
    QUESTION_SET = "question_set", _("Question set")
    CATALOGUE = "catalogue", _("Catalogue of services")


class Employer(models.TextChoices):
    """Where a recipient works, as the publisher's report groups them."""

    PRISON = "prison", _("Prison")
    CRC = "crc", _("CRC")
    ORGANISATION = "organisation", _("Partner organisation")
    NPS_DIVISION = "nps_division", _("NPS division")
    HMPPS = "hmpps", _("HMPPS")
