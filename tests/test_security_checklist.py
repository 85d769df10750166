"""`../shared/design/security.md`'s checklist, one test per item, named by the item's ASVS id (issue
17, item 9). Items without an ASVS id are named by their section: DPA (the law, as features) and REL
(reliability). docs/security.md has the table of each item's status.

Each test asserts the item compactly and names the test that proves it in full (`covered_by`): that
test must still exist, so removing it fails here too. Slow proofs (real concurrency, PostgreSQL
triggers, browser) are not run twice. A known gap would be an xfail with its reason; nothing is skipped
without one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ttg.accounts.constants import Role
from ttg.core import access

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for p in (ROOT / "ttg").rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def covered_by(*nodes: str) -> None:
    """Each `path::test_name` still exists (the full proof of this item)."""
    for node in nodes:
        path, name = node.split("::")
        text = (ROOT / path).read_text()
        assert re.search(rf"^(async )?def {re.escape(name)}\(|^    def {re.escape(name)}\(", text, re.M), f"{node} is gone"


def source_matches(pattern: str) -> list[str]:
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def page_views() -> list[tuple[str, Any]]:
    """(route name, view) for every named route outside the admin."""
    views: list[tuple[str, Any]] = []

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                views.append((pattern.name, pattern.callback))

    walk(get_resolver().url_patterns)
    return views


# --- Access control ----------------------------------------------------------------------------------


def test_V4_1_3_deny_by_default_and_no_AllowAny() -> None:
    assert "AllowAny" not in str(settings.REST_FRAMEWORK.get("DEFAULT_PERMISSION_CLASSES"))
    assert not source_matches(r"\bAllowAny\b")
    # Every route declares public or an action (the kernel refuses one that declares neither).
    undeclared = [name for name, view in page_views() if access.view_declaration(view) == (False, None)]
    assert not undeclared, undeclared
    covered_by(
        "tests/test_access_matrix.py::test_user_without_a_role_is_refused_everywhere",
        "ttg/core/tests/test_access.py::test_view_without_declaration_is_refused",
        "ttg/core/tests/test_access.py::test_api_view_without_declaration_is_refused",
    )


def test_V4_2_1_V13_1_4_another_organisations_records_are_not_found() -> None:
    covered_by(
        "tests/test_access_matrix.py::test_second_organisation",
        "tests/test_access_matrix.py::test_every_method",
        "ttg/core/tests/test_access.py::test_get_for_gives_the_same_404_for_missing_and_not_yours",
        "ttg/referrals/tests/test_disclosure_log.py::test_nothing_is_logged_for_a_referral_that_is_not_yours",
    )


def test_V4_1_2_V5_1_2_the_server_sets_owner_and_role_and_extra_fields_are_refused() -> None:
    assert not source_matches(r"fields\s*=\s*[\"']__all__[\"']")
    covered_by(
        "ttg/core/tests/test_api_problems.py::test_every_request_body_is_read_by_a_strict_serializer",
    )


def test_V4_1_5_access_checks_fail_closed(personas: dict[str, Any]) -> None:
    class Broken:
        is_authenticated = is_active = True

        @property
        def role(self) -> str:
            raise RuntimeError("the role cannot be read")

    assert access.can(Broken(), "home.view") is False
    covered_by(
        "ttg/core/tests/test_access.py::test_can_fails_closed_when_the_check_raises",
        "ttg/core/tests/test_access.py::test_a_scope_rule_that_raises_shows_nothing",
    )


def test_V4_2_2_csrf_on_session_authenticated_api_calls() -> None:
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    covered_by("ttg/core/tests/test_api.py::test_session_api_calls_need_csrf")


def test_V4_3_3_bulk_exports_need_recent_reauthentication() -> None:
    exports = [(name, view) for name, view in page_views() if "export" in name]
    assert exports, "no export routes found"
    missing = [name for name, view in exports if not getattr(view, "ttg_recent_authentication", False)]
    assert not missing, f"bulk exports without @recent_authentication_required: {missing}"
    assert settings.TTG_REAUTH_MAX_AGE.total_seconds() <= 30 * 60
    covered_by(
        "ttg/accounts/tests/test_two_factor.py::test_an_export_needs_a_password_given_recently",
        "ttg/accounts/tests/test_two_factor.py::test_with_two_factor_sign_in_the_export_asks_for_a_code",
    )


# --- Authentication and sessions ---------------------------------------------------------------------


def test_V2_1_V2_4_passwords_long_allowed_common_refused_argon2() -> None:
    with pytest.raises(ValidationError):
        validate_password("elevenchars")  # 11
    with pytest.raises(ValidationError):
        validate_password("password1234")  # common
    validate_password("correct horse battery staple " * 4)  # long ones allowed
    covered_by("ttg/core/tests/test_security.py::test_production_defaults_are_secure")  # argon2 in production


def test_V2_2_1_lockout_after_at_most_100_failures_an_hour_audited() -> None:
    assert settings.AXES_FAILURE_LIMIT <= 100
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 3600
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    covered_by("ttg/core/tests/test_security.py::test_account_locks_after_too_many_failures")


def test_V3_2_1_V3_3_1_V3_3_2_sessions_renewed_killed_and_timed_out() -> None:
    assert settings.TTG_SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    assert settings.TTG_SESSION_ABSOLUTE_TIMEOUT.total_seconds() == 12 * 3600
    covered_by(
        "ttg/core/tests/test_security.py::test_sign_in_gives_a_new_session_and_sign_out_kills_it",
        "ttg/core/tests/test_security.py::test_idle_and_absolute_timeouts_end_the_session",
    )


def test_V3_4_cookies_secure_httponly_samesite_host_prefix() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    covered_by("ttg/core/tests/test_security.py::test_production_defaults_are_secure")  # Secure and __Host- with TTG_HTTPS


def test_V4_3_1_mfa_for_administrators_and_other_privileged_roles() -> None:
    assert {Role.ADMINISTRATOR, Role.CONTRACT_MANAGER, Role.CRC_MANAGER} <= set(settings.TTG_MFA_ROLES)
    assert settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") < settings.MIDDLEWARE.index(
        "ttg.accounts.mfa.TwoFactorMiddleware"
    )
    covered_by(
        "ttg/accounts/tests/test_two_factor.py::test_the_roles_that_sign_in_with_a_code",
        "ttg/accounts/tests/test_two_factor.py::test_a_wrong_code_is_refused_audited_and_slows_the_next",
        "ttg/accounts/tests/test_two_factor.py::test_the_demo_secret_fails_the_deploy_check_outside_a_demo",
    )


# --- Input and output --------------------------------------------------------------------------------


def test_V5_1_3_allow_list_validation_of_prison_numbers() -> None:
    from ttg.people.feed import PRISON_NUMBER

    assert PRISON_NUMBER.pattern == r"^[A-Z][0-9]{4}[A-Z]{2}$"
    for bad in ("a1234bc", "A1234B", "A1234BCD", "A1234BC\n", "' OR 1=1 --"):
        assert not PRISON_NUMBER.fullmatch(bad), bad
    covered_by("ttg/core/tests/test_api_problems.py::test_every_request_body_is_read_by_a_strict_serializer")


def test_V5_3_3_stored_script_escaped_and_no_mark_safe_on_user_data() -> None:
    assert not source_matches(r"\bmark_safe\("), "mark_safe: use Markup only on markup the service makes itself"
    # Markup() only on what the service makes itself: the one use is the QR code of the two-factor set-up.
    assert [line.split(":")[0] for line in source_matches(r"\bMarkup\(")] == ["ttg/accounts/views.py"]
    templates = list((ROOT / "ttg").rglob("*.html"))
    unsafe = [f"{p.relative_to(ROOT)}" for p in templates if re.search(r"\|\s*safe\b|autoescape\s+false", p.read_text())]
    assert not unsafe, unsafe
    covered_by("ttg/core/tests/test_security.py::test_stored_script_is_escaped")


RAW_SQL_CALLS = {"execute", "executemany", "raw", "extra", "RawSQL"}
# Files whose SQL interpolates only identifiers the code itself names (table names from model _meta, a
# temporary table's constant) or SQL the ORM compiled (stewardship counts a UNION of two querysets, which
# the ORM cannot aggregate), never a value: values go as parameters.
RAW_SQL_IDENTIFIERS_ONLY = {"ttg/core/chain.py", "ttg/screening/state.py", "ttg/people/importer.py", "ttg/stewardship/selectors.py"}


def test_V5_3_4_no_raw_sql_built_from_strings() -> None:
    built = []
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            is_built = isinstance(first, ast.JoinedStr | ast.BinOp) or (
                isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute) and first.func.attr == "format"
            )
            if name in RAW_SQL_CALLS and is_built:
                built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert {b.split(":")[0] for b in built} <= RAW_SQL_IDENTIFIERS_ONLY, built


def test_V5_5_3_no_pickle_and_no_unsafe_yaml() -> None:
    assert not source_matches(r"^\s*(import pickle|from pickle|import shelve|import dill)")
    assert not source_matches(r"yaml\.(load|unsafe_load|full_load)\(")


def test_V5_1_5_next_redirects_stay_on_the_site() -> None:
    covered_by(
        "ttg/core/tests/test_security.py::test_next_redirect_stays_on_the_site",
        "ttg/accounts/tests/test_two_factor.py::test_next_after_the_code_stays_on_this_site",
    )


def test_V13_1_5_wrong_content_type_is_415() -> None:
    covered_by("ttg/core/tests/test_api.py::test_wrong_content_type_is_refused")


# --- Errors, logs, headers ---------------------------------------------------------------------------


def test_V7_4_no_debug_and_a_govuk_500_with_an_error_id() -> None:
    covered_by(
        "ttg/core/tests/test_security.py::test_production_defaults_are_secure",
        "ttg/core/tests/test_security.py::test_server_error_shows_a_govuk_page_with_an_id_and_no_traceback",
    )


def test_V7_1_logs_hold_no_secrets_and_one_line_per_security_event() -> None:
    covered_by(
        "ttg/core/tests/test_security.py::test_login_failure_log_has_no_password",
        "ttg/core/tests/test_security.py::test_access_refusals_are_logged",
        "ttg/core/tests/test_audit.py::test_sign_in_and_failures_are_security_events",
    )


def test_V7_3_1_log_injection_impossible() -> None:
    logging: dict[str, Any] = settings.LOGGING
    assert logging["formatters"]["json"]["()"].endswith("JsonFormatter")  # values encoded, never raw lines
    covered_by("ttg/core/tests/test_security.py::test_request_ids_are_accepted_only_when_well_formed")


def test_V7_3_3_audit_rows_cannot_be_updated_deleted_or_forged() -> None:
    covered_by(
        "ttg/core/tests/test_audit.py::test_database_refuses_update_and_delete_even_in_raw_sql",
        "ttg/core/tests/test_audit_chain.py::test_a_row_inserted_behind_the_services_back_is_found",
    )


def test_V8_1_1_no_store_on_pages(client_for: Any) -> None:
    assert client_for(Role.PRISON_OFFICER).get(reverse("my_caseloads"))["Cache-Control"] == "no-store"
    covered_by("ttg/core/tests/test_security.py::test_pages_send_security_headers")


def test_V8_3_1_no_personal_data_in_query_strings() -> None:
    # Searching for a person (a name, a prison number) is a POST; the GET filters elsewhere are of
    # prisons, organisations, dates and statuses.
    covered_by("ttg/people/tests/test_pages.py::test_search_is_a_post_and_keeps_names_out_of_the_address")


def test_V14_4_V14_3_headers_and_check_deploy_clean() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py check --deploy --fail-level WARNING" in makefile
    covered_by("ttg/core/tests/test_security.py::test_pages_send_security_headers")


def test_V14_2_1_dependencies_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-"):
                assert "==" in line, f"{name}: {line} is not pinned"


# --- The law, as features (DPA 2018) -----------------------------------------------------------------


def test_DPA_s62_views_and_disclosures_logged_with_why() -> None:
    covered_by(
        "ttg/core/tests/test_audit.py::test_view_of_a_record_is_logged_with_its_justification",
        "ttg/referrals/tests/test_disclosure_log.py::test_a_partners_read_is_logged_as_a_disclosure_to_them",
    )


def test_DPA_subject_access_export_holds_every_model_with_personal_data() -> None:
    covered_by(
        "ttg/dataprotection/tests/test_register.py::test_every_model_holding_data_about_a_person_is_registered",
        "ttg/dataprotection/tests/test_pages.py::test_the_command_exports_every_registered_model_as_json_and_logs_it",
        "ttg/dataprotection/tests/test_pages.py::test_an_administrator_finds_a_person_by_posting_and_exports",
    )


def test_DPA_retention_legal_hold_and_accuracy_disputed() -> None:
    covered_by(
        "ttg/dataprotection/tests/test_retention.py::test_erased_on_the_day_leaving_no_personal_field",
        "ttg/dataprotection/tests/test_retention.py::test_erasure_is_audited_and_sealed",
        "ttg/dataprotection/tests/test_retention.py::test_a_legal_hold_blocks_erasure_until_released",
        "ttg/dataprotection/tests/test_pages.py::test_a_dispute_is_raised_shown_on_the_record_and_resolved_with_history",
    )


def test_DPA_minimisation_every_field_classified() -> None:
    covered_by(
        "ttg/dataprotection/tests/test_register.py::test_every_field_of_every_registered_model_is_classified",
        "ttg/dataprotection/tests/test_register.py::test_the_check_finds_an_unclassified_field",
    )


# --- Reliability -------------------------------------------------------------------------------------


def test_REL_idempotency_a_repeated_request_or_task_changes_nothing() -> None:
    covered_by(
        "ttg/people/tests/test_importer.py::test_a_shuffled_file_gives_the_same_database",
        "ttg/notifications/tests/test_notifications.py::test_deliver_twice_sends_once",
    )


def test_REL_exactly_once_under_concurrency_and_killed_processes() -> None:
    covered_by(
        "ttg/payments/tests/test_concurrency.py::test_the_same_delivery_sent_eight_times_at_once_is_claimed_once",
        "ttg/notifications/tests/test_notifications.py::test_concurrent_workers_send_once",
        "ttg/people/tests/test_importer.py::test_a_killed_import_run_again_completes_with_no_duplicates_and_nothing_lost",
    )


def test_REL_soak() -> None:
    assert (ROOT / "scripts" / "soak.sh").exists() and "Soak" in (ROOT / "docs" / "reliability.md").read_text()
    pytest.skip("A 10-minute mixed load is a script, not a suite test: scripts/soak.sh, its figures in docs/reliability.md")


def test_the_checklist_names_every_id_tested_here() -> None:
    """Every ASVS id of the checklist has a test here, so a new item cannot be left out unnoticed."""
    checklist = (ROOT.parent / "shared" / "design" / "security.md").read_text() if (ROOT.parent / "shared").exists() else ""
    if not checklist:
        pytest.skip("../shared/design/security.md is outside this checkout")
    ids = set(re.findall(r"V\d+\.\d+(?:\.\d+)?", checklist.split("## Checklist", 1)[1]))
    names = " ".join(n.removeprefix("test") for n in globals() if n.startswith("test_V"))
    missing = sorted(i for i in ids if "_" + i.replace(".", "_") + "_" not in names)
    assert not missing, f"checklist ids without a test named by them: {missing}"
