from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ttg.accounts import views as account_views
from ttg.assurance import api as assurance_api
from ttg.compliance import api as compliance_api
from ttg.core import api_views as core_api
from ttg.core import views as core
from ttg.insights import api as insights_api
from ttg.mobilisation import api as mobilisation_api
from ttg.notices import api as notices_api
from ttg.payments import api as payments_api
from ttg.payments import api_funding as payments_api_funding
from ttg.people import api as people_api
from ttg.plans.catalogue import api as catalogue_api
from ttg.plans.gate import api as plans_api_gate
from ttg.plans.handover import api as api_handover
from ttg.plans.plan import api as plans_api
from ttg.referrals import api as referrals_api
from ttg.screening import api as screening_api
from ttg.stewardship import api as stewardship_api
from ttg.supply_chain import api as supply_chain_api

handler400 = "ttg.core.views.bad_request"
handler403 = "ttg.core.views.permission_denied"
handler404 = "ttg.core.views.page_not_found"
handler500 = "ttg.core.views.server_error"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in users (deny by default holds for documentation too)."""

    ttg_action = "account.view"


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI served from our own static files (drf-spectacular-sidecar): no internet needed."""

    ttg_action = "account.view"


api_v1 = [
    path("me/", core_api.MeView.as_view(), name="api_me"),
    path("audit-events/", core_api.AuditEventList.as_view(), name="api_audit_events"),
    path("custody-feed/", people_api.CustodyFeedView.as_view(), name="api_custody_feed"),
    path("people/<str:prison_number>/screening/", screening_api.PersonScreeningView.as_view(), name="api_screening"),
    path("people/<str:prison_number>/screening/bcst1/", screening_api.Bcst1View.as_view(), name="api_bcst1"),
    path("people/<str:prison_number>/screening/bcst2/", screening_api.Bcst2View.as_view(), name="api_bcst2"),
    path("catalogue/versions/", catalogue_api.CatalogueVersionList.as_view(), name="api_catalogue_versions"),
    path("catalogue/versions/<int:pk>/", catalogue_api.CatalogueVersionDetail.as_view(), name="api_catalogue_version"),
    path("people/<str:prison_number>/plan/", plans_api.PersonPlanView.as_view(), name="api_plan"),
    path("people/<str:prison_number>/plan/agree/", plans_api.PlanAgreeView.as_view(), name="api_plan_agree"),
    path("people/<str:prison_number>/plan/activities/", plans_api.PlanActivityList.as_view(), name="api_plan_activities"),
    path("people/<str:prison_number>/plan/activities/<int:pk>/", plans_api.PlanActivityDetail.as_view(), name="api_plan_activity"),
    path("people/<str:prison_number>/plan/goals/", plans_api.PlanGoalList.as_view(), name="api_plan_goals"),
    path("people/<str:prison_number>/plan/goals/<int:pk>/", plans_api.PlanGoalDetail.as_view(), name="api_plan_goal"),
    path("screening/question-sets/", screening_api.QuestionSetVersionList.as_view(), name="api_question_sets"),
    path("screening/question-sets/<str:kind>/<str:version>/", screening_api.QuestionSetView.as_view(), name="api_question_set"),
    path("people/<str:prison_number>/plan/handover/", api_handover.PlanHandoverView.as_view(), name="api_plan_handover"),
    path("handovers/", api_handover.HandoverListView.as_view(), name="api_handovers"),
    path("handovers/<int:pk>/receive/", api_handover.HandoverReceiveView.as_view(), name="api_handover_receive"),
    path(
        "people/<str:prison_number>/plan/pre-release-review/", plans_api_gate.PreReleaseReviewView.as_view(), name="api_pre_release_review"
    ),
    path("people/<str:prison_number>/plan/outcomes/<str:kind>/", plans_api_gate.ReleaseOutcomeView.as_view(), name="api_release_outcome"),
    path("people/<str:prison_number>/plan/release-checklist/", plans_api_gate.ReleaseChecklistView.as_view(), name="api_release_checklist"),
    path("supply-chain/", supply_chain_api.SupplyChainList.as_view(), name="api_supply_chain"),
    path("sharing-agreements/", supply_chain_api.SharingAgreementList.as_view(), name="api_sharing_agreements"),
    path("notices/", notices_api.NoticeList.as_view(), name="api_notices"),
    path("notices/drafts/", notices_api.NoticeDraftCreate.as_view(), name="api_notice_draft"),
    path("notices/<int:pk>/", notices_api.NoticeDetail.as_view(), name="api_notice"),
    path("notices/<int:pk>/acknowledge/", notices_api.NoticeAcknowledge.as_view(), name="api_notice_acknowledge"),
    path("notices/<int:pk>/publish/", notices_api.NoticePublish.as_view(), name="api_notice_publish"),
    path("notices/<int:pk>/report/", notices_api.NoticeReport.as_view(), name="api_notice_report"),
    path("mobilisation/plans/", mobilisation_api.PlanList.as_view(), name="api_mobilisation_plans"),
    path("mobilisation/plans/<int:pk>/", mobilisation_api.PlanDetail.as_view(), name="api_mobilisation_plan"),
    path("mobilisation/plans/<int:pk>/submit/", mobilisation_api.PlanSubmit.as_view(), name="api_mobilisation_submit"),
    path("mobilisation/plans/<int:pk>/decision/", mobilisation_api.PlanDecision.as_view(), name="api_mobilisation_decision"),
    path("mobilisation/plans/<int:pk>/readiness/declare/", mobilisation_api.ReadinessDeclare.as_view(), name="api_mobilisation_declare"),
    path("mobilisation/plans/<int:pk>/readiness/governor/", mobilisation_api.ReadinessGovernor.as_view(), name="api_mobilisation_governor"),
    path("mobilisation/plans/<int:pk>/readiness/go-live/", mobilisation_api.ReadinessGoLive.as_view(), name="api_mobilisation_go_live"),
    path("mobilisation/commitments/", mobilisation_api.CommitmentList.as_view(), name="api_mobilisation_commitments"),
    path(
        "mobilisation/commitments/<int:pk>/answer/", mobilisation_api.CommitmentAnswer.as_view(), name="api_mobilisation_commitment_answer"
    ),
    path("referrals/", referrals_api.ReferralList.as_view(), name="api_referrals"),
    path("referrals/<int:pk>/", referrals_api.ReferralDetail.as_view(), name="api_referral"),
    path("referrals/<int:pk>/<str:action>/", referrals_api.ReferralAction.as_view(), name="api_referral_action"),
    path("unfunded-work/", referrals_api.UnfundedWorkList.as_view(), name="api_unfunded_work"),
    path("rate-cards/", payments_api.RateCardList.as_view(), name="api_rate_cards"),
    path("rate-cards/<int:pk>/", payments_api.RateCardDetail.as_view(), name="api_rate_card"),
    path("purchases/", payments_api.PurchaseList.as_view(), name="api_purchases"),
    path("purchases/buy/", payments_api.PurchaseBuy.as_view(), name="api_purchase_buy"),
    path("purchases/<str:reference>/", payments_api.PurchaseDetail.as_view(), name="api_purchase"),
    path("purchases/<str:reference>/deliveries/", payments_api.DeliveryCreate.as_view(), name="api_deliveries"),
    path("purchases/<str:reference>/variations/", payments_api.VariationList.as_view(), name="api_variations"),
    path("purchases/<str:reference>/variations/request/", payments_api.VariationRequest.as_view(), name="api_variation_request"),
    path("purchases/<str:reference>/variations/<int:pk>/decide/", payments_api.VariationDecide.as_view(), name="api_variation_decide"),
    path("claims/", payments_api.ClaimList.as_view(), name="api_claims"),
    path("claims/aged-debt/", payments_api.AgedDebtView.as_view(), name="api_aged_debt"),
    path("claims/<int:pk>/", payments_api.ClaimDetail.as_view(), name="api_claim"),
    path("claims/<int:pk>/submit/", payments_api.ClaimSubmit.as_view(), name="api_claim_submit"),
    path("claims/<int:pk>/approve/", payments_api.ClaimApprove.as_view(), name="api_claim_approve"),
    path("claims/<int:pk>/reject/", payments_api.ClaimReject.as_view(), name="api_claim_reject"),
    path("claims/<int:pk>/paid/", payments_api.ClaimPaid.as_view(), name="api_claim_paid"),
    path("funding/spend/", payments_api.SpendView.as_view(), name="api_spend"),
    path("assurance/samples/", assurance_api.SampleList.as_view(), name="api_assurance_samples"),
    path("assurance/samples/<int:pk>/", assurance_api.SampleDetail.as_view(), name="api_assurance_sample"),
    path("assurance/issues/", assurance_api.IssueList.as_view(), name="api_assurance_issues"),
    path("assurance/issues/<int:pk>/", assurance_api.IssueDetail.as_view(), name="api_assurance_issue"),
    path("assurance/issues/<int:pk>/resolve/", assurance_api.IssueResolve.as_view(), name="api_assurance_issue_resolve"),
    path("assurance/actions/<int:pk>/answer/", assurance_api.ActionAnswer.as_view(), name="api_assurance_action_answer"),
    path("assurance/engagement/", assurance_api.EngagementList.as_view(), name="api_assurance_engagements"),
    # Market stewardship (R-A4): ttg/stewardship/api.py
    path("stewardship/", stewardship_api.NationalView.as_view(), name="api_stewardship"),
    path("stewardship/crcs/<str:code>/", stewardship_api.CrcView.as_view(), name="api_stewardship_crc"),
    path("stewardship/crcs/<str:code>/benchmarks/", stewardship_api.BenchmarkSet.as_view(), name="api_stewardship_benchmark"),
    path("stewardship/prisons/<str:code>/", stewardship_api.PrisonView.as_view(), name="api_stewardship_prison"),
]

# Funding (issue 7 part 4): subsidy from unfunded work, and budgets and allocations for contract managers.
api_v1 += [
    path("funding/subsidy/", payments_api_funding.SubsidyView.as_view(), name="api_subsidy"),
    path("funding/budgets/", payments_api_funding.BudgetList.as_view(), name="api_budgets"),
    path("funding/budgets/<int:pk>/", payments_api_funding.BudgetDetail.as_view(), name="api_budget"),
    path("funding/budgets/<int:pk>/allocation/", payments_api_funding.AllocationSet.as_view(), name="api_budget_allocation"),
]

# Compliance with the specification (issue 19, R-A1): the same figures as the pages.
api_v1 += [
    path("compliance/crcs/", compliance_api.CrcList.as_view(), name="api_compliance_crcs"),
    path("compliance/crcs/<str:code>/", compliance_api.CrcDetail.as_view(), name="api_compliance_crc"),
    path("compliance/prisons/<str:code>/", compliance_api.PrisonDetail.as_view(), name="api_compliance_prison"),
]

# Insights and evaluation (issue 21): the analyst's figures by cohort and equality group.
api_v1 += [
    path("insights/<str:by>/", insights_api.BreakdownView.as_view(), name="api_insights_breakdown"),
]

urlpatterns = [
    path("", core.home, name="home"),
    path("sign-in/", account_views.LoginView.as_view(), name="login"),
    path("sign-out/", account_views.LogoutView.as_view(), name="logout"),
    path("sign-in/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("sign-in/two-factor/set-up/", account_views.two_factor_setup, name="two_factor_setup"),
    path("sign-in/confirm/", account_views.reauthenticate, name="reauthenticate"),
    path("accessibility/", core.accessibility, name="accessibility"),
    path("privacy/", core.privacy, name="privacy"),
    path("cookies/", core.cookies, name="cookies"),
    path("language/", core.set_language, name="set_language"),
    path("healthz", core.healthz, name="healthz"),
    path("audit/", core.audit_search, name="audit_search"),
    path("", include("ttg.people.urls")),
    path("", include("ttg.dataprotection.urls")),
    path("", include("ttg.screening.urls")),
    path("", include("ttg.estate.urls")),
    path("", include("ttg.plans.urls")),
    path("", include("ttg.worklist.urls")),
    path("", include("ttg.supply_chain.urls")),
    path("", include("ttg.mobilisation.urls")),
    path("", include("ttg.notifications.urls")),
    path("", include("ttg.referrals.urls")),
    path("", include("ttg.payments.urls")),
    path("", include("ttg.notices.urls")),
    path("", include("ttg.assurance.urls")),
    path("", include("ttg.stewardship.urls")),
    path("", include("ttg.compliance.urls")),
    path("", include("ttg.insights.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", DocsView.as_view(url_name="api_schema"), name="api_docs"),
]
