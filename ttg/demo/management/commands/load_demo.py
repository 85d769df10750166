from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.demo.loader import load_demo
from ttg.demo.personas import LOGINS, PERSONA_BY_ROLE


class Command(BaseCommand):
    help = "Load the demonstration estate and one persona per role. Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")
        parser.add_argument(
            "--personas-only",
            action="store_true",
            help="Only the estate and the persona users (for the load benchmark's national database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(personas_only=options["personas_only"])
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in created.items() if k != "personas")
        self.stdout.write(f"Demo data loaded (created this time: {counts}).")
        if options["quiet_logins"]:
            return
        # The README's "Demo logins" lists the same accounts (tests/test_readme.py).
        self.stdout.write(f"\nDemo logins (password for all: {settings.TTG_DEMO_PASSWORD})\n")
        relations = ("prison", "crc", "organisation", "nps_division")
        users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in LOGINS]).select_related(*relations)}
        for persona in LOGINS:
            user = users[persona.username]
            self.stdout.write(f"  {persona.username:<16} {user.get_role_display():<20} {persona.name:<16} {user.employer_name}")
        feed = created["personas"][Role.INTEGRATION]
        self.stdout.write(f"  {feed.username:<16} {feed.get_role_display():<20} API only: Authorization: Token {feed.auth_token.key}")
        # Accounts from an estate file (the generated demo-scale estate's contract managers).
        known = [p.username for p in LOGINS] + [PERSONA_BY_ROLE[Role.INTEGRATION].username]
        others = User.objects.exclude(username__in=known).annotate(crcs=Count("managed_crcs")).order_by("username")
        if others:
            self.stdout.write("\nOther accounts, from the estate file:\n")
            for user in others:
                manages = f" (manages {user.crcs} CRCs)" if user.crcs else ""
                how = "" if user.has_usable_password() else "  no password: an administrator sets one in Manage users"
                self.stdout.write(
                    f"  {user.username:<16} {user.get_role_display():<20} {user.get_full_name():<16} {user.employer_name}{manages}{how}"
                )
