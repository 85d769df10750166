"""Notifications: stored once per (key, recipient), delivered after commit, exactly once, retried."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ttg.accounts.constants import Role
from ttg.notifications import backends, messages, services, tasks
from ttg.notifications.models import Notification

DELIVER = "ttg.notifications.tasks.deliver"


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=DELIVER).count()


class Recording:
    """A backend that records what it sent; fails the first `failures` times."""

    name = "recording"

    def __init__(self, failures: int = 0, pause: float = 0.0) -> None:
        self.sent: list[int] = []
        self.failures = failures
        self.pause = pause
        self.lock = threading.Lock()

    def send(self, notification: Notification) -> None:
        time.sleep(self.pause)
        with self.lock:
            if self.failures:
                self.failures -= 1
                raise ConnectionError("Notify is down")
            self.sent.append(notification.pk)


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> Recording:
    recording = Recording()
    monkeypatch.setattr(tasks, "get_backend", lambda: recording)
    return recording


def _notify(personas: dict[str, Any], key: str = "referral:1:accepted", *roles: str) -> list[Notification]:
    recipients = [personas[r] for r in roles or (Role.TTG_CASEWORKER, Role.PARTNER_CASEWORKER)]
    return services.notify(
        key=key, recipients=recipients, template="test_message", context={"detail": "Referral 1 was accepted."}, link="/supply-chain/"
    )


def test_notify_twice_with_the_same_key_makes_one_row_per_recipient_and_one_delivery(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as first:
        made = _notify(personas)
    with django_capture_on_commit_callbacks(execute=True) as second:
        again = _notify(personas)
        again += _notify(personas, "referral:1:accepted", Role.TTG_CASEWORKER)
    assert len(made) == 2 and again == []
    assert len(first) == 2 and second == []
    assert Notification.objects.filter(key="referral:1:accepted").count() == 2
    assert _queued() == 2
    row = made[0]
    assert (
        row.subject == "A test message from Through the Gate resettlement"
        and row.body == "This is a test message. Referral 1 was accepted."
    )


def test_nothing_is_stored_or_enqueued_when_the_transaction_rolls_back(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    before = Notification.objects.count()  # the demo base's own (mobilisation's, ttg/mobilisation/demo.py)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _notify(personas)
        raise RuntimeError("the change failed")
    assert callbacks == [] and Notification.objects.count() == before and _queued() == 0


def test_an_unknown_template_is_refused(personas: dict[str, Any]) -> None:
    before = Notification.objects.count()  # the demo base's own
    with pytest.raises(messages.UnknownTemplateError):
        services.notify(key="k", recipients=[personas[Role.ADMINISTRATOR]], template="../secrets", context={})
    with pytest.raises(messages.UnknownTemplateError):
        services.notify(key="k", recipients=[personas[Role.ADMINISTRATOR]], template="no_such_message", context={})
    assert Notification.objects.count() == before


def test_deliver_twice_sends_once(personas: dict[str, Any], backend: Recording) -> None:
    (row,) = _notify(personas, "k", Role.ADMINISTRATOR)
    assert tasks.deliver.call(row.pk) == tasks.SENT
    assert tasks.deliver.call(row.pk) == tasks.SKIPPED
    assert backend.sent == [row.pk]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1 and row.backend == "recording"
    assert tasks.deliver.call(999999) == tasks.SKIPPED


def test_a_failure_is_recorded_and_retried_with_backoff_then_sent(
    personas: dict[str, Any], backend: Recording, django_capture_on_commit_callbacks: Any
) -> None:
    (row,) = _notify(personas, "k", Role.ADMINISTRATOR)
    backend.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.deliver.call(row.pk) == tasks.RETRYING
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and row.last_error == "ConnectionError: Notify is down"
    retry = DBTaskResult.objects.get(task_path=DELIVER)
    assert retry.args_kwargs["args"] == [row.pk] and retry.run_after > retry.enqueued_at
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.deliver.call(row.pk) == tasks.RETRYING
        assert tasks.deliver.call(row.pk) == tasks.SENT
    row.refresh_from_db()
    assert row.attempts == 3 and row.sent_at is not None and backend.sent == [row.pk]
    assert tasks.retry_delay(1).total_seconds() == 60 and tasks.retry_delay(3).total_seconds() == 240
    assert tasks.retry_delay(30).total_seconds() == 24 * 3600


@override_settings(TTG_NOTIFY_MAX_ATTEMPTS=2)
def test_it_gives_up_after_the_maximum_attempts(
    personas: dict[str, Any], backend: Recording, django_capture_on_commit_callbacks: Any
) -> None:
    (row,) = _notify(personas, "k", Role.ADMINISTRATOR)
    backend.failures = 5
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.deliver.call(row.pk) == tasks.RETRYING
        assert tasks.deliver.call(row.pk) == tasks.FAILED
        assert tasks.deliver.call(row.pk) == tasks.SKIPPED
    assert len(callbacks) == 1  # one retry enqueued, none after giving up
    row.refresh_from_db()
    assert row.failed_at is not None and row.sent_at is None and row.attempts == 2


def test_the_worker_delivers_after_commit(transactional_db: Any, django_capture_on_commit_callbacks: Any) -> None:
    from ttg.demo.loader import load_demo

    personas = load_demo(password="a-long-test-password-2019")["personas"]
    # The demo's own deliveries (mobilisation's notifications) are not this test's: the worker runs ours alone.
    DBTaskResult.objects.filter(task_path=DELIVER).delete()
    with override_settings(TTG_NOTIFY_BACKEND="in_app"):
        with transaction.atomic():
            (row,) = _notify(personas, "worker", Role.ADMINISTRATOR)
        assert _queued() == 1
        call_command("db_worker", "--batch", "--interval", "0")
    row.refresh_from_db()
    assert row.sent_at is not None and row.backend == "in_app"
    assert DBTaskResult.objects.get(task_path=DELIVER).status == "SUCCESSFUL"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_workers_send_once(transactional_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ttg.demo.loader import load_demo

    personas = load_demo(password="a-long-test-password-2019")["personas"]
    slow = Recording(pause=0.3)
    monkeypatch.setattr(tasks, "get_backend", lambda: slow)
    with transaction.atomic():
        (row,) = _notify(personas, "race", Role.ADMINISTRATOR)
    results: list[str] = []
    start = threading.Barrier(4)

    def work() -> None:
        try:
            start.wait()
            results.append(tasks.deliver.call(row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [tasks.SENT] + [tasks.SKIPPED] * 3
    assert slow.sent == [row.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL")
def test_concurrent_notify_with_the_same_key_stores_one(transactional_db: Any) -> None:
    from ttg.demo.loader import load_demo

    personas = load_demo(password="a-long-test-password-2019")["personas"]
    queued = _queued()  # the demo's own (mobilisation's notifications, ttg/mobilisation/demo.py)
    made: list[int] = []
    start = threading.Barrier(4)

    def work() -> None:
        try:
            start.wait()
            with transaction.atomic():
                made.append(len(_notify(personas, "same-change", Role.ADMINISTRATOR)))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(made) == [0, 0, 0, 1]
    assert Notification.objects.filter(key="same-change").count() == 1 and _queued() == queued + 1


# --- backends and settings ----------------------------------------------------------------------


class FakeNotifyClient:
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.calls: list[dict[str, Any]] = []

    def send_email_notification(self, **kwargs: Any) -> dict[str, str]:
        self.calls.append(kwargs)
        return {"id": "fake"}


def test_govuk_notify_sends_an_email_with_the_rendered_text(personas: dict[str, Any]) -> None:
    (row,) = _notify(personas, "k", Role.ADMINISTRATOR)
    clients: list[FakeNotifyClient] = []

    def factory(key: str) -> FakeNotifyClient:
        clients.append(FakeNotifyClient(key))
        return clients[-1]

    notify = backends.GovukNotifyBackend(api_key="key-1", template_id="tmpl-1", base_url="https://ttg.example/", client_factory=factory)
    notify.send(row)
    assert clients[0].api_key == "key-1"
    assert clients[0].calls == [
        {
            "email_address": "alex.morgan@example.justice.gov.uk",
            "template_id": "tmpl-1",
            "personalisation": {"subject": row.subject, "body": row.body, "link": "https://ttg.example/supply-chain/"},
            "reference": f"ttg-notification-{row.pk}",
        }
    ]
    personas[Role.ADMINISTRATOR].email = ""
    with pytest.raises(ValueError, match="no email"):
        notify.send(row)


def test_settings_choose_the_backend() -> None:
    assert isinstance(backends.get_backend(), backends.ConsoleBackend)  # the default
    with override_settings(TTG_NOTIFY_BACKEND="in_app"):
        assert isinstance(backends.get_backend(), backends.InAppBackend)
    with override_settings(
        TTG_NOTIFY_BACKEND="govuk_notify", TTG_NOTIFY_API_KEY="k", TTG_NOTIFY_TEMPLATE_ID="t", TTG_NOTIFY_BASE_URL="https://x"
    ):
        chosen = backends.get_backend()
        assert isinstance(chosen, backends.GovukNotifyBackend)
        assert (chosen.api_key, chosen.template_id, chosen.base_url) == ("k", "t", "https://x")
    with override_settings(TTG_NOTIFY_BACKEND="govuk_notify", TTG_NOTIFY_API_KEY=""), pytest.raises(ImproperlyConfigured):
        backends.get_backend()
    with override_settings(TTG_NOTIFY_BACKEND="pigeon"), pytest.raises(ImproperlyConfigured):
        backends.get_backend()


def test_every_message_template_renders() -> None:
    assert "referral_changed" in messages.names()
    subject, body = messages.render(
        "referral_changed", {"reference": "R-1", "status": "accepted", "organisation": "Mersey Women's Centre", "by": ""}
    )
    assert subject == "Referral R-1: accepted" and "Mersey Women's Centre has a referral R-1" in body


# --- pages ----------------------------------------------------------------------------------------


def test_the_page_shows_my_own_notifications_and_marks_them_read(personas: dict[str, Any], client_for: Any) -> None:
    (mine,) = _notify(personas, "mine", Role.TTG_CASEWORKER)
    (theirs,) = _notify(personas, "theirs", Role.PARTNER_CASEWORKER)
    Notification.objects.filter(pk=theirs.pk).update(subject="Someone else's message")
    client = client_for(Role.TTG_CASEWORKER)
    page = client.get(reverse("notification_list")).content.decode()
    assert "A test message from" in page and "Someone else" not in page and "Notifications (1 unread)" in page
    assert client.post(reverse("notification_read", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("notification_read", kwargs={"pk": mine.pk}), {"open": "1"})["Location"] == "/supply-chain/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    page = client.get(reverse("notification_list")).content.decode()
    assert "You have 0 unread notifications." in page and "Notifications (1 unread)" not in page


def test_the_notification_list_uses_a_fixed_number_of_queries(personas: dict[str, Any], client_for: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.TTG_CASEWORKER)
    _notify(personas, "first", Role.TTG_CASEWORKER)
    client.get(reverse("notification_list"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notification_list"))
        return len(queries)

    before = count()
    for n in range(15):
        _notify(personas, f"more-{n}", Role.TTG_CASEWORKER)
    assert count() == before
    assert client.post(reverse("notification_read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=personas[Role.TTG_CASEWORKER], read_at__isnull=True).exists()


# --- each recipient's language (issue 22, docs/notifications.md) ----------------------------------------


def test_one_notify_writes_to_each_recipient_in_their_own_language(personas: dict[str, Any]) -> None:
    import datetime

    welsh, english = personas[Role.TTG_CASEWORKER], personas[Role.PARTNER_CASEWORKER]
    welsh.language, english.language = "cy", "en-gb"
    made = services.notify(
        key="notice:1:published",
        recipients=[welsh, english],
        template="notice_published",
        context={"title": "BCST2 v3", "effective_on": datetime.date(2019, 10, 1), "publisher": "HMPPS"},
    )
    by_recipient = {n.recipient_id: n for n in made}
    cy, en = by_recipient[welsh.pk], by_recipient[english.pk]
    assert cy.subject == "Hysbysiad newydd i’w ddarllen a’i gydnabod: BCST2 v3"
    assert cy.body.startswith("Mae HMPPS wedi cyhoeddi hysbysiad o newid") and "mewn grym o 1 Hydref 2019." in cy.body
    assert "Mewngofnodwch i’r gwasanaeth" in cy.body
    assert en.subject == "New notice to read and acknowledge: BCST2 v3"
    assert en.body.startswith("HMPPS has published a notice") and "in effect from 1 October 2019." in en.body


def test_someone_whose_language_is_not_known_is_written_to_in_english(personas: dict[str, Any]) -> None:
    user = personas[Role.TTG_CASEWORKER]
    user.language = ""
    (made,) = services.notify(key="k", recipients=[user], template="test_message", context={"detail": ""})
    assert made.subject == "A test message from Through the Gate resettlement"


def test_words_in_the_context_follow_the_recipient(personas: dict[str, Any]) -> None:
    from django.utils.translation import gettext as _
    from django.utils.translation import gettext_lazy

    welsh, english = personas[Role.TTG_CASEWORKER], personas[Role.PARTNER_CASEWORKER]
    welsh.language = "cy"
    made = services.notify(
        key="referral:9",
        recipients=[welsh, english],
        template="referral_changed",
        # A lazy translation, and a callable (called in each language).
        context={
            "reference": "R-9",
            "organisation": "Nacro",
            "status": gettext_lazy("Accepted"),
            "change": lambda: _("The referral has been accepted."),
        },
    )
    cy, en = sorted(made, key=lambda n: n.recipient_id != welsh.pk)
    assert cy.subject == "Atgyfeiriad R-9: Wedi’i dderbyn" and cy.body.startswith("Mae’r atgyfeiriad wedi cael ei dderbyn.")
    assert en.subject == "Referral R-9: Accepted" and en.body.startswith("The referral has been accepted.")


def test_plurals_and_decisions_are_whole_sentences_in_each_language() -> None:
    from django.utils import translation

    context = {"reference": "P-1", "provider": "Nacro", "extra_units": 1, "status": "approved"}
    assert messages.render("variation_requested", context)[0] == "Purchase P-1: 1 more unit requested"
    assert messages.render("variation_requested", {**context, "extra_units": 3})[0] == "Purchase P-1: 3 more units requested"
    assert messages.render("variation_decided", {**context, "status": "refused"})[0] == "Purchase P-1: more units refused"
    with translation.override("cy"):
        assert messages.render("variation_requested", {**context, "extra_units": 3})[0] == "Pryniant P-1: gofynnwyd am 3 uned yn rhagor"
        assert messages.render("variation_decided", context)[0] == "Pryniant P-1: rhagor o unedau wedi’u cymeradwyo"
