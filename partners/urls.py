from django.urls import path

from partners.views import account, health, invitations, my_data, partnership, public

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("privacy/", public.privacy, name="privacy"),
    path("account/profile/", account.profile, name="account_profile"),
    path("account/security-log/", account.security_log, name="security_log"),
    path("account/data/", my_data.overview, name="my_data"),
    path("account/data/export.json", my_data.export_json, name="my_data_export"),
    path("account/data/checkins.csv", my_data.export_checkins_csv, name="my_data_checkins_csv"),
    path("account/delete/", my_data.delete_account, name="account_delete"),
    path("partnership/start/", partnership.start, name="partnership_start"),
    path("partnership/settings/", partnership.settings_view, name="partnership_settings"),
    path("partnership/end/", partnership.end, name="partnership_end"),
    path("partnership/invite/", invitations.manage, name="invitation_manage"),
    path("partnership/invite/new/", invitations.new_link, name="invitation_new"),
    path("partnership/invite/email/", invitations.email_link, name="invitation_email"),
    path(
        "partnership/invite/<uuid:public_id>/revoke/",
        invitations.revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", invitations.invitation, name="invitation"),
    path("invite/<str:token>/answer/", invitations.answer, name="invitation_answer"),
]
