"""Referral pages, for both sides. Every route needs an entry in tests/access_matrix.py."""

from django.urls import path

from . import views, views_partner, views_release

urlpatterns = [
    path("people/<str:prison_number>/plan/activities/<int:pk>/refer/<str:step>/", views.referral_new, name="referral_new"),
    path("people/<str:prison_number>/referrals/", views.person_referrals, name="person_referrals"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("releases/", views_release.release_list, name="release_list"),
    path("referrals/summary/", views.referral_summary, name="referral_summary"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/note/", views.referral_note, name="referral_note"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("referrals/<int:pk>/purchase/", views.referral_purchase, name="referral_purchase"),
    path("partner/referrals/", views_partner.partner_inbox, name="partner_inbox"),
    path("partner/referrals/<int:pk>/", views_partner.partner_referral, name="partner_referral"),
    path("partner/referrals/<int:pk>/<str:action>/", views_partner.partner_referral_action, name="partner_referral_action"),
    path("partner/unfunded-work/", views_partner.unfunded_work_list, name="unfunded_work_list"),
    path("partner/unfunded-work/new/", views_partner.unfunded_work_new, name="unfunded_work_new"),
]
