from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ttg.demo.loader import load_demo
from ttg.demo.personas import PERSONAS


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
        self.stdout.write(f"\nDemo logins (password for all: {settings.TTG_DEMO_PASSWORD})\n")
        for persona in PERSONAS:
            user = created["personas"][persona.role]
            if persona.role == "integration":
                token = user.auth_token.key
                self.stdout.write(f"  {persona.username:<16} {user.get_role_display():<20} API only: Authorization: Token {token}")
                continue
            self.stdout.write(f"  {persona.username:<16} {user.get_role_display():<20} {persona.name:<16} {user.employer_name}")
