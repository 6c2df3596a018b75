from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from partners import deliveries, security_log
from partners.models import Delivery, Invitation, Membership, Partnership, SecurityEvent, User

# Staff sign in through allauth (with MFA), never through a second, weaker login form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "time_zone", "email_notifications"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "reviewer_credential"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def user_change_password(self, request, id, form_url=""):
        """A password set by staff goes into that person's security log, like their own."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                security_log.record(user, SecurityEvent.Kind.PASSWORD_CHANGED_BY_STAFF, request)
        return response


class MadeByPairingOnly(admin.ModelAdmin):
    """Partnerships, memberships and invitations come only from the pairing flow, which
    keeps their rules (two members, one role each, a hashed token). An admin "add" form
    could only make a broken row: its fields are read-only, so saving one fails."""

    def has_add_permission(self, request):
        return False


@admin.register(Partnership)
class PartnershipAdmin(MadeByPairingOnly):
    # Operators see that a partnership exists, never what a couple wrote.
    list_display = ["public_id", "created_at", "ended_at"]
    # The check-in day is read-only here: changed on the couple's settings page, it
    # waits for the running week to end and both are told (the reveal rule).
    readonly_fields = ["public_id", "started_by", "created_at", "ended_at", "checkin_weekday"]
    fields = [*readonly_fields, "time_zone"]


@admin.register(Membership)
class MembershipAdmin(MadeByPairingOnly):
    list_display = ["user", "role", "partnership", "left_at"]
    readonly_fields = ["partnership", "user", "role", "joined_at", "left_at"]


@admin.register(Invitation)
class InvitationAdmin(MadeByPairingOnly):
    list_display = ["partnership", "role", "created_at", "expires_at", "state"]
    readonly_fields = [
        "public_id",
        "partnership",
        "invited_by",
        "role",
        "sent_to",
        "created_at",
        "expires_at",
        "revoked_at",
        "accepted_at",
        "declined_at",
        "answered_by",
    ]
    exclude = ["token_hash"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Every email and where it stands. Read-only: staff may only send again one that was
    given up on. The message itself is never shown (it may hold a sign-in link, and it
    is cleared once sent)."""

    list_display = ["template", "state", "attempts", "created_at", "sent_at", "failed_at"]
    list_filter = ["state", "template"]
    readonly_fields = [
        "key",
        "template",
        "to",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "claimed_until",
        "sent_at",
        "failed_at",
        "last_error",
    ]
    fields = tuple(readonly_fields)
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed emails again", permissions=["view"])
    def send_again(self, request, queryset):
        count = deliveries.retry_now(queryset)
        self.message_user(request, f"{count} failed email(s) queued again.")
