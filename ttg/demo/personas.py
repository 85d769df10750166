"""One named persona for each role (README, "Demo logins"), and a second partner caseworker.

Idempotent: a persona already there is left as it is (an integration account gets a new API token
if its token has expired).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from ttg.accounts.authentication import expires_at
from ttg.accounts.constants import Role
from ttg.accounts.mfa import APP_DEVICE_NAME, needs_two_factor
from ttg.accounts.models import User
from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.estate.models import CRC, NPSDivision, Organisation, Prison


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    prison: str = ""
    crc: str = ""
    organisation: str = ""
    nps_division: str = ""
    manages: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PERSONAS = [
    Persona("priya.shah", "Priya", "Shah", Role.PRISON_OFFICER, prison="ACI"),
    Persona("tom.okafor", "Tom", "Okafor", Role.TTG_CASEWORKER, crc="MERSEYSIDE"),
    Persona("helen.price", "Helen", "Price", Role.CRC_MANAGER, crc="MERSEYSIDE"),
    Persona("aisha.begum", "Aisha", "Begum", Role.PARTNER_CASEWORKER, organisation="Mersey Women's Centre"),
    Persona("david.jones", "David", "Jones", Role.RESPONSIBLE_OFFICER, nps_division="NW"),
    Persona("margaret.lewis", "Margaret", "Lewis", Role.GOVERNOR, prison="ACI"),
    Persona("samuel.adeyemi", "Samuel", "Adeyemi", Role.CONTRACT_MANAGER, manages=("MERSEYSIDE", "CHESHIRE_GM")),
    Persona("ruth.evans", "Ruth", "Evans", Role.ANALYST),
    Persona("alex.morgan", "Alex", "Morgan", Role.ADMINISTRATOR),
    # A system, not a person: the prison system's custody feed, with an API token.
    Persona("nomis.feed", "NOMIS", "custody feed", Role.INTEGRATION),
]
PERSONA_BY_ROLE = {p.role: p for p in PERSONAS}
# A second caseworker at the partner, to assign referrals to (ttg/referrals/demo.py).
SECOND_PARTNER = Persona("ffion.hughes", "Ffion", "Hughes", Role.PARTNER_CASEWORKER, organisation="Mersey Women's Centre")
# Staff at HMP Styal, the women's prison Cheshire and Greater Manchester CRC serves, who screened the
# women from Merseyside there and referred them to Mersey Women's Centre, and the CRC's manager, who
# decides what its rate card buys from the centre for them (ttg/referrals/demo.py).
# They sign in with the demo password too.
STYAL_STAFF = (
    Persona("rachel.ward", "Rachel", "Ward", Role.PRISON_OFFICER, prison="STI"),
    Persona("joanne.clarke", "Joanne", "Clarke", Role.TTG_CASEWORKER, crc="CHESHIRE_GM"),
    Persona("karen.ashworth", "Karen", "Ashworth", Role.CRC_MANAGER, crc="CHESHIRE_GM"),
)
# A partner organisation's TTG caseworker: Gateway Housing Trust does Merseyside CRC's TTG casework at
# HMP Liverpool (its supply-chain register row, ttg/supply_chain/demo.py), so she screens (BCST2), plans
# and refers for the people there, as Merseyside's own caseworkers do, and sees no other prison's people.
PARTNER_TTG_CASEWORKER = Persona("nadia.karim", "Nadia", "Karim", Role.TTG_CASEWORKER, organisation="Gateway Housing Trust")
# The governor of HMP Liverpool, who agrees Merseyside CRC is ready there (ttg/mobilisation/demo.py).
LIVERPOOL_GOVERNOR = Persona("owen.roberts", "Owen", "Roberts", Role.GOVERNOR, prison="LPI")
# A prison officer at HMP Cardiff, a prison in Wales: the people she screens follow the Welsh route for
# housing on release (the Welsh national pathway, not the English duty to refer: ttg/screening/demo.py).
CARDIFF_OFFICER = Persona("carys.jenkins", "Carys", "Jenkins", Role.PRISON_OFFICER, prison="CFI")
# A TTG caseworker at HMP Cardiff, for Wales CRC, whose person there reads their plan in Welsh (issue 22,
# ttg/plans/plan/demo.py: load_welsh_plan).
WALES_CASEWORKER = Persona("rhys.morgan", "Rhys", "Morgan", Role.TTG_CASEWORKER, crc="WALES")
# Everyone who signs in to the demo, in the order of the README's table (the second partner after the
# first, HMP Styal's staff, the partner's TTG caseworker, HMP Liverpool's governor, then HMP Cardiff's
# prison officer, last).
LOGINS = [
    persona
    for p in PERSONAS
    if p.role != Role.INTEGRATION
    for persona in ((p, SECOND_PARTNER) if p.role == Role.PARTNER_CASEWORKER else (p,))
] + [*STYAL_STAFF, PARTNER_TTG_CASEWORKER, LIVERPOOL_GOVERNOR, CARDIFF_OFFICER, WALES_CASEWORKER]


def fresh_token(user: User) -> None:
    """A demo kept for longer than tokens last gets a new token when the demo is loaded again."""
    token = Token.objects.filter(user=user).first()
    ends = expires_at(token.created) if token else None
    if token is None or (ends is not None and ends <= timezone.now()):
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user)


def demo_authenticator(user: User) -> None:
    """A persona whose role signs in with a code gets the demo's authenticator secret (README, "Demo
    logins"): a tester adds it to an app once. Demo data only (deploy check ttg.E003)."""
    if needs_two_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True, key=settings.TTG_DEMO_TOTP_KEY)


def persona_user(persona: Persona, password: str) -> tuple[User, bool]:
    existing = User.objects.filter(username=persona.username).first()
    if existing is not None:
        if existing.role == Role.INTEGRATION:
            fresh_token(existing)
        demo_authenticator(existing)
        return existing, False
    user = User(
        username=persona.username,
        first_name=persona.first_name,
        last_name=persona.last_name,
        email=f"{persona.username}@example.justice.gov.uk",
        role=persona.role,
        is_staff=persona.role == Role.ADMINISTRATOR,
        date_joined=clock.now(),  # the service's own date (2019 in the demo), not the machine's
        prison=Prison.objects.get(code=persona.prison) if persona.prison else None,
        crc=CRC.objects.get(code=persona.crc) if persona.crc else None,
        organisation=Organisation.objects.get(name=persona.organisation) if persona.organisation else None,
        nps_division=NPSDivision.objects.get(code=persona.nps_division) if persona.nps_division else None,
    )
    user.full_clean(exclude=["password"])
    user.set_password(password)
    user.save()
    if persona.manages:
        user.managed_crcs.set(CRC.objects.filter(code__in=persona.manages))
    if persona.role == Role.INTEGRATION:
        Token.objects.create(user=user)  # systems use the API with a token
    demo_authenticator(user)
    record_change(
        actor=None,
        action="accounts.user.add",
        obj=user,
        after=snapshot(user),
        reason="Demonstration data",
        scope_crc=user.crc,
    )
    return user, True
