"""The one URL table: for every URL pattern, how to reach it, who gets what, and which pages
the NUL-byte walk visits.

A new URL gets one row here, and nowhere else: `tests/security/test_authorization_matrix.py`
fails for a pattern without a row, and `tests/failures/test_nul_bytes.py` for a page our apps
(or allauth) serve that has no `walk`. Both build their paths from one world, `tests.world`.

Each row gives the URL (built from the world's objects), and the exact answer to GET and
to an empty POST for each actor, in the order of `ACTORS`:

    anonymous, stranger (a member of another couple), in_treatment, supporting,
    editor, reviewer, operator (a superuser)

Rows whose URL names one couple's object are marked `couple_object`: the stranger must
get 404 there, and the test also asks with the other couple's ids as each partner.
Rows behind allauth's reauthentication give `fresh_get`/`fresh_post` too: the answers
right after reauthenticating, for the six signed-in actors.

`walk` lists the NUL-byte walk's visits to the page: (person, path) pairs built from the
world's couple with history (Sam and Alex) and everyone else, where each person is one of
anon (signed out), sam (in treatment), alex (supporting), jo (no partner), dana (waiting for
her partner to accept an invitation; dana2 is her other device), editor and reviewer.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import admin
from django.urls import reverse

from tests.security.expect import ADMIN_LOGIN, LOGIN, REAUTH, login_then, to

Visits = list[tuple[str, str]]


@dataclass(frozen=True)
class Row:
    url: Callable
    get: tuple
    post: tuple
    couple_object: bool = False
    fresh_get: tuple | None = None
    fresh_post: tuple | None = None
    # A GET may write only for a reason given here (allauth's own behaviour).
    writes_on_get: str = ""
    # fn(world) -> the NUL-byte walk's visits to this page; None: not walked.
    walk: Callable[..., Visits] | None = None


def both(path):
    """The walk visits a couple page as each of Sam and Alex."""
    return [("sam", path), ("alex", path)]


def url(name, **kwargs):
    """fn(world, couple) -> the URL of `name`, kwargs being values or fn(world, couple)."""

    def build(w, c):
        return reverse(name, kwargs={k: v(w, c) if callable(v) else v for k, v in kwargs.items()})

    return build


def of_couple(attribute):
    return lambda w, c: getattr(c, attribute)


def admin_id(label):
    return lambda w, c: str(w.admin_ids[label])


def article_url(w, c):
    return w.article.get_absolute_url()


L, R, A = LOGIN, REAUTH, ADMIN_LOGIN
HOME = to("/home/")
SIGN_IN_PAGE = to("/accounts/login/")
BOUNDARY_PAGE = to(lambda w, c: reverse("boundary_detail", args=[c.boundary]))
ENTRY_PAGE = to(lambda w, c: reverse("treatment_entry", args=[c.treatment_entry]))
CLINIC_LINK_PAGE = to(lambda w, c: reverse("clinic_link", args=[c.clinic_link]))


def clinic_summary_url(w, c):
    return reverse("clinic_summary", args=[c.clinic_token])


NEW_REVISION = to(re.compile(r"/admin/resources/revision/\d+/change/"))
REVISION_PAGE = to(
    lambda w, c: reverse(
        "admin:resources_revision_change", args=[w.admin_ids["resources.revision"]]
    )
)

# Columns: anonymous, stranger, in_treatment, supporting, editor, reviewer, operator.
EVERYONE = (200,) * 7
NOBODY = (405,) * 7
SIGNED_IN = (L, 200, 200, 200, 200, 200, 200)
SIGNED_IN_405 = (L, 405, 405, 405, 405, 405, 405)
SIGNED_IN_AWAY = (SIGN_IN_PAGE, HOME, HOME, HOME, HOME, HOME, HOME)
BEHIND_REAUTH = (L, R, R, R, R, R, R)
# Staff have no partnership: couple pages are a 404 for them, as for anyone unpaired.
COUPLE = (L, 200, 200, 200, 404, 404, 404)
COUPLE_405 = (L, 405, 405, 405, 404, 404, 404)
NOT_STAFF = (A, A, A, A)


def staff(editor, reviewer, operator):
    return (*NOT_STAFF, editor, reviewer, operator)


TABLE = {
    # --- Public pages -----------------------------------------------------------------
    "landing": Row(
        url("landing"), (200, *(HOME,) * 6), NOBODY, walk=lambda w: [("anon", "/"), ("sam", "/")]
    ),
    "privacy": Row(url("privacy"), EVERYONE, NOBODY, walk=lambda w: [("anon", "/privacy/")]),
    "healthz": Row(url("healthz"), EVERYONE, NOBODY, walk=lambda w: [("anon", "/healthz")]),
    # --- On a phone: install, and help offline (journal/offline) ---------------------------
    "web_manifest": Row(
        url("web_manifest"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/manifest.webmanifest")],
    ),
    "service_worker": Row(
        url("service_worker"), EVERYONE, NOBODY, walk=lambda w: [("anon", "/sw.js")]
    ),
    # The same page for everyone; it never reads who is signed in.
    "offline": Row(
        url("offline"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/offline/"), ("sam", "/offline/")],
    ),
    "this_device": Row(
        url("this_device"), SIGNED_IN, SIGNED_IN_405, walk=lambda w: both("/account/this-device/")
    ),
    # Only the plan's owner (the stranger owns their own couple's plan): a supporter, and
    # staff with no plan, get a 404, so a kept copy is removed rather than replaced.
    "safety_plan_offline_copy": Row(
        url("safety_plan_offline_copy"),
        (L, 200, 200, 404, 404, 404, 404),
        SIGNED_IN_405,
        walk=lambda w: [("sam", "/safety-plan/offline-copy/")],
    ),
    "library_home": Row(
        url("library_home"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/library/"), ("sam", "/library/")],
    ),
    "library_search": Row(
        url("library_search"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/library/search/?q=ketamine"), ("sam", "/library/search/")],
    ),
    "library_category": Row(
        url("library_category", slug=lambda w, c: w.article.category.slug),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/library/category/talking-together/")],
    ),
    "library_article": Row(
        url("library_article", slug=lambda w, c: w.article.slug),
        EVERYONE,
        NOBODY,
        walk=lambda w: [
            ("anon", f"/library/{w.article.slug}/"),
            *both(f"/library/{w.article.slug}/"),
            ("jo", f"/library/{w.article.slug}/"),
        ],
    ),
    # --- allauth: signing in and out ----------------------------------------------------
    "account_login": Row(
        url("account_login"),
        (200, *(HOME,) * 6),
        (200, *(HOME,) * 6),
        walk=lambda w: [("anon", "/accounts/login/")],
    ),
    "account_signup": Row(
        url("account_signup"),
        (200, *(HOME,) * 6),
        (200, *(HOME,) * 6),
        walk=lambda w: [("anon", "/accounts/signup/")],
    ),
    "account_logout": Row(
        url("account_logout"),
        (to("/"), *(200,) * 6),
        (to("/"),) * 7,
        walk=lambda w: [("sam", "/accounts/logout/")],
    ),
    "account_inactive": Row(
        url("account_inactive"), EVERYONE, NOBODY, walk=lambda w: [("anon", "/accounts/inactive/")]
    ),
    "account_confirm_login_code": Row(
        url("account_confirm_login_code"),
        SIGNED_IN_AWAY,
        SIGNED_IN_AWAY,
        walk=lambda w: [("anon", "/accounts/login/code/confirm/")],
    ),
    "mfa_authenticate": Row(
        url("mfa_authenticate"),
        SIGNED_IN_AWAY,
        SIGNED_IN_AWAY,
        walk=lambda w: [("anon", "/accounts/2fa/authenticate/")],
    ),
    "mfa_login_webauthn": Row(
        url("mfa_login_webauthn"),
        SIGNED_IN_AWAY,
        SIGNED_IN_AWAY,
        walk=lambda w: [("anon", "/accounts/2fa/webauthn/login/")],
    ),
    # --- allauth: email addresses and passwords -------------------------------------
    "account_email": Row(
        url("account_email"),
        SIGNED_IN,
        (L, *(to("/accounts/email/"),) * 6),
        walk=lambda w: [("sam", "/accounts/email/"), ("jo", "/accounts/email/")],
    ),
    "account_email_verification_sent": Row(
        url("account_email_verification_sent"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/accounts/confirm-email/")],
    ),
    # The key is the permission: anyone holding it may confirm. Opening someone else's
    # link signs the visitor out first (allauth), which the security log records.
    "account_confirm_email": Row(
        url("account_confirm_email", key=lambda w, c: w.confirm_email_key),
        EVERYONE,
        (SIGN_IN_PAGE,) * 7,
        writes_on_get="allauth signs out a person who opens someone else's confirmation link",
        walk=lambda w: [("anon", w.confirm_path), ("jo", w.confirm_path)],
    ),
    "account_change_password": Row(
        url("account_change_password"),
        SIGNED_IN,
        SIGNED_IN,
        walk=lambda w: [("sam", "/accounts/password/change/")],
    ),
    "account_set_password": Row(
        url("account_set_password"),
        (L, *(to("/accounts/password/change/"),) * 6),
        (L, *(to("/accounts/password/change/"),) * 6),
        walk=lambda w: [("sam", "/accounts/password/set/")],
    ),
    "account_reset_password": Row(
        url("account_reset_password"),
        EVERYONE,
        EVERYONE,
        walk=lambda w: [("anon", "/accounts/password/reset/")],
    ),
    "account_reset_password_done": Row(
        url("account_reset_password_done"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/accounts/password/reset/done/")],
    ),
    # A valid key moves into the session and out of the address bar.
    "account_reset_password_from_key": Row(
        lambda w, c: reverse(
            "account_reset_password_from_key",
            kwargs=dict(zip(("uidb36", "key"), w.password_reset_key.split("-", 1), strict=True)),
        ),
        (to(lambda w, c: _set_password_url(w)),) * 7,
        (to(lambda w, c: _set_password_url(w)),) * 7,
        walk=lambda w: [("anon", w.reset_path)],
    ),
    "account_reset_password_from_key_done": Row(
        url("account_reset_password_from_key_done"),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", "/accounts/password/reset/key/done/")],
    ),
    # --- allauth: reauthentication and MFA ---------------------------------------------
    "account_reauthenticate": Row(
        url("account_reauthenticate"),
        SIGNED_IN,
        SIGNED_IN,
        walk=lambda w: [("sam", "/accounts/reauthenticate/")],
    ),
    "account_request_reauthentication_code": Row(
        url("account_request_reauthentication_code"),
        SIGNED_IN,
        SIGNED_IN,
        walk=lambda w: [("sam", "/accounts/reauthenticate/code/")],
    ),
    "account_confirm_reauthentication_code": Row(
        url("account_confirm_reauthentication_code"),
        (L, *(to("/accounts/reauthenticate/code/"),) * 6),
        (L, *(to("/accounts/reauthenticate/code/"),) * 6),
        walk=lambda w: [("sam", "/accounts/reauthenticate/code/confirm/")],
    ),
    "mfa_index": Row(
        url("mfa_index"), SIGNED_IN, SIGNED_IN_405, walk=lambda w: [("sam", "/accounts/2fa/")]
    ),
    # Nobody has an authenticator app here, so the MFA reauthentication sends everyone
    # to the password form.
    # Staff have an authenticator app (the admin requires a second factor), so allauth
    # offers them the code form; partners without one go to the password form.
    "mfa_reauthenticate": Row(
        url("mfa_reauthenticate"),
        (L, *(to("/accounts/reauthenticate/"),) * 3, 200, 200, 200),
        (L, *(to("/accounts/reauthenticate/"),) * 3, 200, 200, 200),
        walk=lambda w: [("sam", "/accounts/2fa/reauthenticate/")],
    ),
    # Only the partner in treatment has a passkey; an empty answer goes back to sign-in.
    "mfa_reauthenticate_webauthn": Row(
        url("mfa_reauthenticate_webauthn"),
        (L, to("/accounts/reauthenticate/"), 200, *(to("/accounts/reauthenticate/"),) * 4),
        (L, to("/accounts/reauthenticate/"), SIGN_IN_PAGE, *(to("/accounts/reauthenticate/"),) * 4),
        walk=lambda w: [("sam", "/accounts/2fa/webauthn/reauthenticate/")],
    ),
    "mfa_activate_totp": Row(
        url("mfa_activate_totp"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        # Staff already have one: allauth sends them to the page that turns it off.
        fresh_get=(200, 200, 200, *(to("/accounts/2fa/totp/deactivate/"),) * 3),
        fresh_post=(200, 200, 200, *(to("/accounts/2fa/totp/deactivate/"),) * 3),
        walk=lambda w: [("sam", "/accounts/2fa/totp/activate/")],
    ),
    "mfa_deactivate_totp": Row(
        url("mfa_deactivate_totp"),
        (L, 404, 404, 404, R, R, R),
        (L, 404, 404, 404, R, R, R),
        fresh_get=(404, 404, 404, 200, 200, 200),
        # allauth turns it off on a bare POST after reauthentication; the admin then
        # sends staff back to set one up (partners.middleware.StaffSecondFactorMiddleware).
        fresh_post=(404, 404, 404, *(to("/accounts/2fa/"),) * 3),
        walk=lambda w: [("sam", "/accounts/2fa/totp/deactivate/")],
    ),
    "mfa_view_recovery_codes": Row(
        url("mfa_view_recovery_codes"),
        (L, *(404,) * 6),
        SIGNED_IN_405,
        walk=lambda w: [("sam", "/accounts/2fa/recovery-codes/")],
    ),
    "mfa_generate_recovery_codes": Row(
        url("mfa_generate_recovery_codes"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(200,) * 6,
        # With a passkey there is a second factor, so codes are made at once.
        # With a passkey (Sam) or an authenticator app (staff) there is a second factor,
        # so codes are made at once.
        fresh_post=(
            200,
            to("/accounts/2fa/recovery-codes/"),
            200,
            *(to("/accounts/2fa/recovery-codes/"),) * 3,
        ),
        walk=lambda w: [("sam", "/accounts/2fa/recovery-codes/generate/")],
    ),
    "mfa_download_recovery_codes": Row(
        url("mfa_download_recovery_codes"),
        (L, *(404,) * 6),
        (L, *(404,) * 6),
        walk=lambda w: [("sam", "/accounts/2fa/recovery-codes/download/")],
    ),
    "mfa_list_webauthn": Row(
        url("mfa_list_webauthn"),
        SIGNED_IN,
        SIGNED_IN_405,
        walk=lambda w: [("sam", "/accounts/2fa/webauthn/")],
    ),
    "mfa_add_webauthn": Row(
        url("mfa_add_webauthn"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(200,) * 6,
        fresh_post=(200,) * 6,
        walk=lambda w: [("sam", "/accounts/2fa/webauthn/add/")],
    ),
    # The passkey is the partner in treatment's: anyone else gets 404 behind the door.
    "mfa_edit_webauthn": Row(
        url("mfa_edit_webauthn", pk=lambda w, c: w.admin_ids["mfa.authenticator"]),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(404, 200, 404, 404, 404, 404),
        fresh_post=(404, 200, 404, 404, 404, 404),
        walk=lambda w: [("sam", "/accounts/2fa/webauthn/keys/1/edit/")],
    ),
    "mfa_remove_webauthn": Row(
        url("mfa_remove_webauthn", pk=lambda w, c: w.admin_ids["mfa.authenticator"]),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(404, 200, 404, 404, 404, 404),
        fresh_post=(404, to("/accounts/2fa/webauthn/"), 404, 404, 404, 404),
        walk=lambda w: [("sam", "/accounts/2fa/webauthn/keys/1/remove/")],
    ),
    "usersessions_list": Row(
        url("usersessions_list"),
        SIGNED_IN,
        (L, *(to("/accounts/sessions/"),) * 6),
        writes_on_get="allauth forgets sessions that have already ended",
        walk=lambda w: [("sam", "/accounts/sessions/")],
    ),
    # --- Account pages of ours ---------------------------------------------------------
    "account_profile": Row(
        url("account_profile"),
        SIGNED_IN,
        SIGNED_IN,
        walk=lambda w: [("sam", "/account/profile/"), ("jo", "/account/profile/")],
    ),
    "security_log": Row(
        url("security_log"),
        SIGNED_IN,
        SIGNED_IN_405,
        walk=lambda w: [("sam", "/account/security-log/")],
    ),
    "my_data": Row(
        url("my_data"),
        SIGNED_IN,
        SIGNED_IN_405,
        walk=lambda w: [("sam", "/account/data/"), ("jo", "/account/data/")],
    ),
    "my_data_export": Row(
        url("my_data_export"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(405,) * 6,
        fresh_post=(200,) * 6,
        walk=lambda w: [("sam", "/account/data/export.json")],
    ),
    "my_data_checkins_csv": Row(
        url("my_data_checkins_csv"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(405,) * 6,
        fresh_post=(200,) * 6,
        walk=lambda w: [("sam", "/account/data/checkins.csv")],
    ),
    "account_delete": Row(
        url("account_delete"),
        BEHIND_REAUTH,
        BEHIND_REAUTH,
        fresh_get=(200,) * 6,
        # An empty POST is an unconfirmed form shown again (400), never a deletion.
        fresh_post=(400,) * 6,
        walk=lambda w: [("alex", "/account/delete/"), ("jo", "/account/delete/")],
    ),
    # --- Pairing -----------------------------------------------------------------------
    "partnership_start": Row(
        url("partnership_start"),
        (L, HOME, HOME, HOME, 200, 200, 200),
        (L, HOME, HOME, HOME, 200, 200, 200),
        walk=lambda w: [("jo", "/partnership/start/")],
    ),
    "partnership_settings": Row(
        url("partnership_settings"), COUPLE, COUPLE, walk=lambda w: both("/partnership/settings/")
    ),
    "partnership_end": Row(
        url("partnership_end"),
        (L, R, R, R, 404, 404, 404),
        (L, R, R, R, 404, 404, 404),
        fresh_get=(200, 200, 200, 404, 404, 404),
        fresh_post=(200, 200, 200, 404, 404, 404),
        walk=lambda w: [("alex", "/partnership/end/")],
    ),
    "invitation_manage": Row(
        url("invitation_manage"),
        (L, HOME, HOME, HOME, 404, 404, 404),
        COUPLE_405,
        walk=lambda w: [("dana", "/partnership/invite/"), ("dana2", "/partnership/invite/")],
    ),
    "invitation_new": Row(
        url("invitation_new"),
        COUPLE_405,
        (L, HOME, HOME, HOME, 404, 404, 404),
        walk=lambda w: [("dana", "/partnership/invite/new/")],
    ),
    "invitation_email": Row(
        url("invitation_email"),
        COUPLE_405,
        (L, *(to("/partnership/invite/"),) * 3, 404, 404, 404),
        walk=lambda w: [("dana", "/partnership/invite/email/")],
    ),
    "invitation_revoke": Row(
        url("invitation_revoke", public_id=of_couple("invitation")),
        COUPLE_405,
        (L, 404, to("/partnership/invite/"), to("/partnership/invite/"), 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("dana", f"/partnership/invite/{w.invitation.public_id}/revoke/")],
    ),
    # The token is the permission; a signed-in person must press a button to answer.
    "invitation": Row(
        url("invitation", token=lambda w, c: w.invitation_token),
        EVERYONE,
        NOBODY,
        walk=lambda w: [("anon", f"/invite/{w.token}/"), ("jo", f"/invite/{w.token}/")],
    ),
    "invitation_answer": Row(
        url("invitation_answer", token=lambda w, c: w.invitation_token),
        NOBODY,
        (login_then(lambda w, c: reverse("invitation", args=[w.invitation_token])), *(400,) * 6),
        walk=lambda w: [("jo", f"/invite/{w.token}/answer/")],
    ),
    # --- Journal: home and notices --------------------------------------------------------
    "dashboard": Row(
        url("dashboard"),
        SIGNED_IN,
        SIGNED_IN_405,
        walk=lambda w: [*both("/home/"), ("jo", "/home/"), ("dana", "/home/")],
    ),
    # One's own writing from every partnership (issue 12): anyone signed in has a history,
    # perhaps empty; a check-in there opens for its author only, whoever else asks.
    "my_history": Row(
        url("my_history"),
        SIGNED_IN,
        SIGNED_IN_405,
        walk=lambda w: [*both("/my-history/"), ("jo", "/my-history/")],
    ),
    "my_history_checkin": Row(
        url("my_history_checkin", public_id=of_couple("checkin")),
        (L, 404, 200, 404, 404, 404, 404),
        SIGNED_IN_405,
        walk=lambda w: [("sam", f"/my-history/checkins/{w.sams_checkin.public_id}/")],
    ),
    "notice_list": Row(url("notice_list"), COUPLE, COUPLE_405, walk=lambda w: both("/notices/")),
    "notices_read_all": Row(
        url("notices_read_all"),
        COUPLE_405,
        (L, *(to("/notices/"),) * 3, 404, 404, 404),
        walk=lambda w: [("sam", "/notices/read-all/")],
    ),
    # The notice is addressed to the partner in treatment; their partner cannot open it.
    "notice_open": Row(
        url("notice_open", public_id=of_couple("notice")),
        COUPLE_405,
        (L, 404, to("/boundaries/"), 404, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/notices/{w.sams_notice.public_id}/open/")],
    ),
    # --- Journal: check-ins ---------------------------------------------------------------
    "checkin_week": Row(url("checkin_week"), COUPLE, COUPLE_405, walk=lambda w: both("/checkins/")),
    "checkin_form": Row(
        url("checkin_form"),
        COUPLE,
        (L, 400, 400, 400, 404, 404, 404),
        walk=lambda w: both("/checkins/this-week/"),
    ),
    "checkin_history": Row(
        url("checkin_history"), COUPLE, COUPLE_405, walk=lambda w: both("/checkins/history/")
    ),
    "checkin_trends": Row(
        url("checkin_trends"), COUPLE, COUPLE_405, walk=lambda w: both("/checkins/trends/")
    ),
    "checkin_summary": Row(
        url("checkin_summary"),
        (L, 200, 200, 403, 404, 404, 404),
        (L, 405, 405, 403, 404, 404, 404),
        walk=lambda w: both("/checkins/summary/"),
    ),
    # The check-in is the partner in treatment's; both have answered, so both see it.
    "checkin_detail": Row(
        url("checkin_detail", public_id=of_couple("checkin")),
        (L, 404, 200, 200, 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: [("sam", f"/checkins/{w.sams_checkin.public_id}/")],
    ),
    # Author-only pages: the partner gets the same 404 as a stranger.
    "checkin_revisions": Row(
        url("checkin_revisions", public_id=of_couple("checkin")),
        (L, 404, 200, 404, 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: [("sam", f"/checkins/{w.sams_checkin.public_id}/versions/")],
    ),
    "checkin_note": Row(
        url("checkin_note", public_id=of_couple("checkin")),
        (L, 404, 200, 404, 404, 404, 404),
        (L, 404, 400, 404, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/checkins/{w.sams_checkin.public_id}/note/")],
    ),
    "checkin_tell_partner": Row(
        url("checkin_tell_partner", public_id=of_couple("checkin")),
        COUPLE_405,
        (L, 404, to("/checkins/"), 404, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/checkins/{w.sams_checkin.public_id}/tell-partner/")],
    ),
    # Addressed to the supporting partner; the partner who raised it cannot mark it seen.
    "safety_alert_seen": Row(
        url("safety_alert_seen", public_id=of_couple("safety_alert")),
        COUPLE_405,
        (L, 404, 404, to("/checkins/"), 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("alex", f"/alerts/{w.alexs_alert.public_id}/seen/")],
    ),
    # --- Journal: boundaries --------------------------------------------------------------
    "boundary_list": Row(
        url("boundary_list"), COUPLE, COUPLE_405, walk=lambda w: both("/boundaries/")
    ),
    "boundary_retired": Row(
        url("boundary_retired"), COUPLE, COUPLE_405, walk=lambda w: both("/boundaries/retired/")
    ),
    # An empty POST is a submission with nothing in it: the form again, with its messages.
    "boundary_propose": Row(
        url("boundary_propose"),
        COUPLE,
        (L, 400, 400, 400, 404, 404, 404),
        walk=lambda w: both("/boundaries/new/"),
    ),
    "boundary_detail": Row(
        url("boundary_detail", public_id=of_couple("boundary")),
        (L, 404, 200, 200, 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: [
            *both(f"/boundaries/{w.agreed.public_id}/"),
            ("sam", f"/boundaries/{w.paused.public_id}/"),
            ("sam", f"/boundaries/{w.waiting_on_alex.public_id}/"),
        ],
    ),
    "boundary_edit": Row(
        url("boundary_edit", public_id=of_couple("boundary")),
        (L, 404, 200, 200, 404, 404, 404),
        (L, 404, 400, 400, 404, 404, 404),
        couple_object=True,
        walk=lambda w: both(f"/boundaries/{w.agreed.public_id}/edit/"),
    ),
    # Nothing is waiting for an answer, so the answer page sends both to the boundary.
    "boundary_answer": Row(
        url("boundary_answer", public_id=of_couple("boundary")),
        (L, 404, BOUNDARY_PAGE, BOUNDARY_PAGE, 404, 404, 404),
        (L, 404, 400, 400, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [
            ("sam", f"/boundaries/{w.waiting_on_sam.public_id}/answer/"),
            ("alex", f"/boundaries/{w.waiting_on_alex.public_id}/answer/"),
        ],
    ),
    "boundary_step": Row(
        url("boundary_step", public_id=of_couple("boundary"), slug="retire"),
        COUPLE_405,
        (L, 404, 400, 400, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/boundaries/{w.agreed.public_id}/keep/")],
    ),
    # --- Journal: treatment log -----------------------------------------------------------
    "treatment_log": Row(
        url("treatment_log"), COUPLE, COUPLE_405, walk=lambda w: both("/treatment/")
    ),
    "treatment_new_session": Row(
        url("treatment_new_session"),
        (L, 200, 200, 403, 404, 404, 404),
        (L, 400, 400, 403, 404, 404, 404),
        walk=lambda w: [("sam", "/treatment/new/session/")],
    ),
    "treatment_new_change": Row(
        url("treatment_new_change"),
        (L, 200, 200, 403, 404, 404, 404),
        (L, 400, 400, 403, 404, 404, 404),
        walk=lambda w: [("sam", "/treatment/new/change/")],
    ),
    "treatment_entry": Row(
        url("treatment_entry", public_id=of_couple("treatment_entry")),
        (L, 404, 200, 200, 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: [
            *both(f"/treatment/{w.planned_session.public_id}/"),
            ("sam", f"/treatment/{w.change.public_id}/"),
        ],
    ),
    "treatment_edit": Row(
        url("treatment_edit", public_id=of_couple("treatment_entry")),
        (L, 404, 200, 403, 404, 404, 404),
        (L, 404, 400, 403, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [
            ("sam", f"/treatment/{w.planned_session.public_id}/edit/"),
            ("sam", f"/treatment/{w.change.public_id}/edit/"),
        ],
    ),
    "treatment_delete": Row(
        url("treatment_delete", public_id=of_couple("treatment_entry")),
        (L, 404, 200, 403, 404, 404, 404),
        (L, 404, to("/treatment/"), 403, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/treatment/{w.change.public_id}/delete/")],
    ),
    "treatment_status": Row(
        url("treatment_status", public_id=of_couple("treatment_entry")),
        COUPLE_405,
        (L, 404, 400, 403, 404, 404, 404),  # no status chosen: the entry page again
        couple_object=True,
        walk=lambda w: [("sam", f"/treatment/{w.planned_session.public_id}/status/")],
    ),
    "treatment_ride": Row(
        url("treatment_ride", public_id=of_couple("treatment_entry")),
        COUPLE_405,
        (L, 404, 403, 400, 404, 404, 404),  # no answer: the entry page again
        couple_object=True,
        walk=lambda w: [("alex", f"/treatment/{w.planned_session.public_id}/ride/")],
    ),
    "treatment_entry_calendar": Row(
        url("treatment_entry_calendar", public_id=of_couple("treatment_entry")),
        (L, 404, 200, 200, 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: both(f"/treatment/{w.planned_session.public_id}/calendar.ics"),
    ),
    # --- Journal: calendar ----------------------------------------------------------------
    "calendar_settings": Row(
        url("calendar_settings"),
        COUPLE,
        (L, 400, 400, 400, 404, 404, 404),
        walk=lambda w: both("/calendar/"),
    ),
    # No sign-in: the secret address is the key, and a wrong one is a 404 for everyone.
    "calendar_feed": Row(
        url("calendar_feed", token="not-a-real-address"),
        (404,) * 7,
        NOBODY,
        walk=lambda w: [("anon", "/calendar/feed/not-a-real-address.ics")],
    ),
    # --- Journal: safety plan -------------------------------------------------------------
    "safety_plan": Row(
        url("safety_plan"), COUPLE, COUPLE_405, walk=lambda w: both("/safety-plan/")
    ),
    "safety_plan_print": Row(
        url("safety_plan_print"), COUPLE, COUPLE_405, walk=lambda w: both("/safety-plan/print/")
    ),
    "safety_plan_edit": Row(
        url("safety_plan_edit"),
        (L, 200, 200, 403, 404, 404, 404),
        (L, 400, 400, 403, 404, 404, 404),
        walk=lambda w: [("sam", "/safety-plan/edit/")],
    ),
    # The stranger is in treatment in their own couple: their own plan, their own consent.
    "safety_plan_alert": Row(
        url("safety_plan_alert"),
        (L, 405, 405, 403, 404, 404, 404),
        (L, to("/safety-plan/"), to("/safety-plan/"), 403, 404, 404, 404),
        walk=lambda w: [("sam", "/safety-plan/alert/")],
    ),
    "safety_plan_suggest": Row(
        url("safety_plan_suggest"),
        (L, 403, 403, 200, 404, 404, 404),
        (L, 403, 403, 400, 404, 404, 404),
        walk=lambda w: [("alex", "/safety-plan/suggest/")],
    ),
    "safety_plan_decide": Row(
        url("safety_plan_decide", public_id=of_couple("plan_suggestion")),
        COUPLE_405,
        (L, 404, 400, 403, 404, 404, 404),  # no decision: the plan page again
        couple_object=True,
        walk=lambda w: [("sam", f"/safety-plan/suggestions/{w.plan_suggestion.public_id}/")],
    ),
    # --- Journal: summaries for the clinic ------------------------------------------------
    # Signed in and in a partnership (now or before): links outlive the shared space.
    "clinic_links": Row(url("clinic_links"), COUPLE, COUPLE_405, walk=lambda w: both("/clinic/")),
    # The stranger is in treatment in their own couple: they may make their own link.
    "clinic_link_new": Row(
        url("clinic_link_new"),
        (L, 200, 200, 403, 404, 404, 404),
        (L, 400, 400, 403, 404, 404, 404),
        walk=lambda w: [("sam", "/clinic/new/")],
    ),
    # The link is the partner in treatment's alone, like their archive: it outlives the
    # shared space (so not a couple object), and anyone else, their partner too, gets a 404
    # (tests/journal/test_clinic_links.py asks with the other couple's ids).
    "clinic_link": Row(
        url("clinic_link", public_id=of_couple("clinic_link")),
        (L, 404, 200, 404, 404, 404, 404),
        COUPLE_405,
        walk=lambda w: [("sam", f"/clinic/{w.clinic_link.public_id}/")],
    ),
    "clinic_link_revoke": Row(
        url("clinic_link_revoke", public_id=of_couple("clinic_link")),
        COUPLE_405,
        (L, 404, CLINIC_LINK_PAGE, 404, 404, 404, 404),
        walk=lambda w: [("sam", f"/clinic/{w.clinic_link.public_id}/turn-off/")],
    ),
    # Only the partner asked answers; an empty answer is a clear 400.
    "clinic_link_consent": Row(
        url("clinic_link_consent", public_id=of_couple("clinic_link")),
        (L, 404, 404, 200, 404, 404, 404),
        (L, 404, 404, 400, 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("alex", f"/clinic/{w.clinic_link.public_id}/my-answers/")],
    ),
    # Public: whoever holds the address reads the summary; a link without a code has
    # nothing to post, so a POST goes back to the page.
    "clinic_summary": Row(
        url("clinic_summary", token=of_couple("clinic_token")),
        EVERYONE,
        (to(clinic_summary_url),) * 7,
        writes_on_get="each opening of a clinic summary is logged (time, browser family)",
        walk=lambda w: [
            ("anon", w.clinic_path),
            ("sam", w.clinic_path),
            ("anon", w.clinic_coded_path),
        ],
    ),
    # --- Library: what a couple does with an article --------------------------------------
    "library_mark_read": Row(
        url("library_mark_read", slug=lambda w, c: w.article.slug),
        COUPLE_405,
        (L, *(to(article_url),) * 3, 404, 404, 404),
        walk=lambda w: [("sam", f"/library/{w.article.slug}/read/")],
    ),
    "library_suggest": Row(
        url("library_suggest", slug=lambda w, c: w.article.slug),
        COUPLE_405,
        (L, *(to(article_url),) * 3, 404, 404, 404),
        walk=lambda w: [("sam", f"/library/{w.article.slug}/suggest/")],
    ),
    "library_suggestion": Row(
        url("library_suggestion", public_id=of_couple("suggestion")),
        (L, 404, to(article_url), to(article_url), 404, 404, 404),
        COUPLE_405,
        couple_object=True,
        walk=lambda w: [("sam", f"/library/suggestions/{w.suggestion.public_id}/")],
    ),
    "library_open_suggestion": Row(
        url("library_open_suggestion", public_id=of_couple("suggestion")),
        COUPLE_405,
        (L, 404, to(article_url), to(article_url), 404, 404, 404),
        couple_object=True,
        walk=lambda w: [("sam", f"/library/suggestions/{w.suggestion.public_id}/open/")],
    ),
    # --- Admin: the site's own pages ------------------------------------------------------
    "admin:index": Row(
        url("admin:index"),
        staff(200, 200, 200),
        staff(200, 200, 200),
        walk=lambda w: [("editor", "/admin/")],
    ),
    # Staff sign in through allauth (with MFA); the admin's own form is never shown, and
    # a signed-in person who is not staff is told no.
    "admin:login": Row(
        url("admin:login"),
        (L, 403, 403, 403, *(to("/admin/"),) * 3),
        (L, 403, 403, 403, 200, 200, 200),
    ),
    "admin:logout": Row(
        url("admin:logout"),
        (*(to("/admin/"),) * 4, 405, 405, 405),
        (*(to("/admin/"),) * 4, 200, 200, 200),
    ),
    "admin:password_change": Row(
        url("admin:password_change"), staff(200, 200, 200), staff(200, 200, 200)
    ),
    "admin:password_change_done": Row(
        url("admin:password_change_done"), staff(200, 200, 200), staff(405, 405, 405)
    ),
    "admin:autocomplete": Row(
        url("admin:autocomplete"), staff(403, 403, 403), staff(405, 405, 405)
    ),
    "admin:jsi18n": Row(url("admin:jsi18n"), staff(200, 200, 200), staff(405, 405, 405)),
    "admin:view_on_site": Row(
        url(
            "admin:view_on_site",
            content_type_id=lambda w, c: w.admin_ids["article_content_type"],
            object_id=admin_id("resources.article"),
        ),
        staff(*(to(article_url),) * 3),
        staff(*(to(article_url),) * 3),
    ),
    "admin:app_list": Row(
        url("admin:app_list", app_label="resources"), staff(200, 200, 200), staff(200, 200, 200)
    ),
    "admin/(?P<url>.*)$": Row(
        lambda w, c: "/admin/no-such-page/", staff(404, 404, 404), staff(404, 404, 404)
    ),
    "admin:auth_user_password_change": Row(
        url("admin:auth_user_password_change", id=admin_id("partners.user")),
        staff(403, 403, 200),
        staff(403, 403, 200),
    ),
    # --- Admin: the library workflow ------------------------------------------------------
    "admin:resources_article_edit": Row(
        url("admin:resources_article_edit", pk=admin_id("resources.article")),
        staff(405, 405, 405),
        staff(
            NEW_REVISION,
            403,
            NEW_REVISION,
        ),
        walk=lambda w: [("editor", f"/admin/resources/article/{w.article.pk}/edit-text/")],
    ),
    "admin:resources_article_withdraw": Row(
        url("admin:resources_article_withdraw", pk=admin_id("resources.article")),
        staff(200, 200, 200),
        staff(400, 400, 400),
        walk=lambda w: [("reviewer", f"/admin/resources/article/{w.article.pk}/withdraw/")],
    ),
    "admin:resources_revision_preview": Row(
        url("admin:resources_revision_preview", pk=admin_id("resources.revision")),
        staff(200, 200, 200),
        staff(200, 200, 200),
        walk=lambda w: [("editor", f"/admin/resources/revision/{w.draft.pk}/preview/")],
    ),
    # The revision is published: submitting it again is refused with a message.
    "admin:resources_revision_submit": Row(
        url("admin:resources_revision_submit", pk=admin_id("resources.revision")),
        staff(405, 405, 405),
        staff(REVISION_PAGE, 403, REVISION_PAGE),
        walk=lambda w: [("editor", f"/admin/resources/revision/{w.draft.pk}/submit/")],
    ),
    "admin:resources_revision_take_back": Row(
        url("admin:resources_revision_take_back", pk=admin_id("resources.revision")),
        staff(405, 405, 405),
        staff(REVISION_PAGE, 403, REVISION_PAGE),
        walk=lambda w: [("editor", f"/admin/resources/revision/{w.submitted.pk}/take-back/")],
    ),
    "admin:resources_revision_review": Row(
        url("admin:resources_revision_review", pk=admin_id("resources.revision")),
        staff(403, 200, 200),
        staff(403, 400, 400),
        walk=lambda w: [("reviewer", f"/admin/resources/revision/{w.submitted.pk}/review/")],
    ),
}


def _set_password_url(w):
    uidb36 = w.password_reset_key.split("-", 1)[0]
    return reverse(
        "account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": "set-password"}
    )


# --- Admin: every registered model, by pattern ---------------------------------------------
# What each staff member may do with each model: v(iew), a(dd), c(hange), d(elete), for
# (editor, reviewer, operator). The operator is a superuser, limited only where a model
# admin refuses everyone (history is kept; pairing makes partnerships).
ADMIN_MODELS = {
    "auth.group": ("", "", "vacd"),
    "account.emailaddress": ("", "", "vacd"),
    "mfa.authenticator": ("", "", "vacd"),
    "usersessions.usersession": ("", "", "vacd"),
    "partners.user": ("", "", "vacd"),
    "partners.partnership": ("", "", "vcd"),
    "partners.membership": ("", "", "vcd"),
    "partners.invitation": ("", "", "vcd"),
    "resources.category": ("v", "v", "vacd"),
    "resources.article": ("vac", "v", "vacd"),
    # The revision in the world is published: read-only for everyone.
    "resources.revision": ("v", "v", "v"),
    "resources.review": ("v", "v", "v"),
    # Emails and their tasks: read by operators only; deliveries may be removed, tasks not.
    "partners.delivery": ("", "", "vd"),
    "django_tasks_database.dbtaskresult": ("", "", "v"),
}
# Every field of these is read-only, so an empty POST to the change form is a valid save.
SAVES_WHEN_EMPTY = {"partners.membership", "partners.invitation"}


def _admin_rows(label, perms):
    app_label, model_name = label.split(".")
    base = f"admin:{app_label}_{model_name}"
    changelist = reverse(f"{base}_changelist")

    def may(letter, yes=200):
        return staff(*(yes if letter in p else 403 for p in perms))

    change_post = to(changelist) if label in SAVES_WHEN_EMPTY else 200
    object_url = {"object_id": admin_id(label)}
    route = f"admin/{app_label}/{model_name}/<path:object_id>/"
    return {
        f"{base}_changelist": Row(url(f"{base}_changelist"), may("v"), may("v")),
        f"{base}_add": Row(url(f"{base}_add"), may("a"), may("a")),
        f"{base}_history": Row(url(f"{base}_history", **object_url), may("v"), may("v")),
        f"{base}_delete": Row(url(f"{base}_delete", **object_url), may("d"), may("d")),
        f"{base}_change": Row(url(f"{base}_change", **object_url), may("v"), may("c", change_post)),
        # The old "<id>/" address: any staff member is sent on to the change page.
        route: Row(
            lambda w, c: f"/admin/{app_label}/{model_name}/{w.admin_ids[label]}/",
            staff(*(to(lambda w, c: reverse(f"{base}_change", args=[w.admin_ids[label]])),) * 3),
            staff(*(to(lambda w, c: reverse(f"{base}_change", args=[w.admin_ids[label]])),) * 3),
        ),
    }


for _label, _perms in ADMIN_MODELS.items():
    TABLE.update(_admin_rows(_label, _perms))

# The walk's visits to Django's own admin pages that an editor and a reviewer work from
# (their forms and search box), and to the library's revisions in their several states.
_ADMIN_WALK = {
    "admin:resources_article_changelist": lambda w: [
        ("editor", "/admin/resources/article/"),
        ("reviewer", "/admin/resources/article/?review=overdue"),
    ],
    "admin:resources_article_add": lambda w: [("editor", "/admin/resources/article/add/")],
    "admin:resources_article_change": lambda w: [
        ("editor", f"/admin/resources/article/{w.article.pk}/change/")
    ],
    "admin:resources_revision_changelist": lambda w: [("editor", "/admin/resources/revision/")],
    "admin:resources_review_changelist": lambda w: [("reviewer", "/admin/resources/review/")],
    "admin:resources_revision_change": lambda w: [
        ("editor", f"/admin/resources/revision/{w.draft.pk}/change/"),
        ("editor", f"/admin/resources/revision/{w.submitted.pk}/change/"),
        ("reviewer", f"/admin/resources/revision/{w.submitted.pk}/change/"),
    ],
}
for _key, _walk in _ADMIN_WALK.items():
    TABLE[_key] = replace(TABLE[_key], walk=_walk)


def registered_admin_models():
    return {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
