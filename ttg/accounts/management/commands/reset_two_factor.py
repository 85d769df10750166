"""An administrator's reset of someone's two-factor sign-in (a lost phone and lost backup codes)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ttg.accounts.models import User
from ttg.core.audit import record_security


class Command(BaseCommand):
    help = "Remove a user's authenticator app and backup codes: they set up a new app at their next sign-in. Audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why (kept in the audit trail), e.g. a ticket number")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        record_security(action="auth.two_factor_reset", username=user.username, reason=str(options["reason"])[:500])
        self.stdout.write(
            f"Two-factor sign-in reset for {user.username} ({removed} records removed): they set it up again when they next sign in."
        )
