"""partners.pairing: the rules for starting, joining and ending a partnership."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners import pairing
from partners.access import load_couple
from partners.models import Invitation, Membership, Partnership, Role, hash_token
from tests.factories import make_user


def test_starting_twice_is_refused(loner):
    pairing.start_partnership(loner, Role.IN_TREATMENT)

    with pytest.raises(pairing.PairingError, match="already have a partnership"):
        pairing.start_partnership(loner, Role.SUPPORTING)

    assert Partnership.objects.filter(started_by=loner).count() == 1


def test_a_paired_person_cannot_start_another(in_treatment):
    with pytest.raises(pairing.PairingError):
        pairing.start_partnership(in_treatment, Role.IN_TREATMENT)


def test_the_database_holds_one_active_partnership_per_person(couple, in_treatment):
    other = Partnership.objects.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(partnership=other, user=in_treatment, role=Role.SUPPORTING)


def test_the_database_holds_one_person_per_role(couple):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(partnership=couple, user=make_user(), role=Role.SUPPORTING)


def test_an_invitation_is_for_the_other_role(loner):
    pairing.start_partnership(loner, Role.SUPPORTING)

    invitation, _ = pairing.invite(load_couple(loner), loner)

    assert invitation.role == Role.IN_TREATMENT


def test_a_complete_couple_cannot_invite(couple, in_treatment):
    with pytest.raises(pairing.PairingError, match="already joined"):
        pairing.invite(load_couple(in_treatment), in_treatment)


def test_a_new_invitation_withdraws_the_pending_one(inviter, pending):
    old, old_token = pending

    pairing.invite(load_couple(inviter), inviter)

    old.refresh_from_db()
    assert old.state == Invitation.State.REVOKED
    assert Invitation.find(old_token) == old


def test_tokens_are_long_random_and_stored_only_as_a_hash(inviter):
    couple = load_couple(inviter)
    tokens = {pairing.invite(couple, inviter)[1] for _ in range(20)}

    assert len(tokens) == 20
    assert all(len(token) >= 40 for token in tokens)
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {hash_token(token) for token in tokens}
    assert stored.isdisjoint(tokens)


def test_find_matches_the_exact_token_only(pending):
    invitation, token = pending

    assert Invitation.find(token) == invitation
    assert Invitation.find(token.upper()) is None
    assert Invitation.find(token + "x") is None
    assert Invitation.find(token[:-1]) is None
    assert Invitation.find("") is None
    assert Invitation.find(None) is None


# The db fixture is shared across examples on purpose: find() only reads.
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_find_never_raises_whatever_the_token(db, token):
    assert Invitation.find(token) is None


@pytest.mark.parametrize(
    ("change", "state"),
    [
        ({"accepted_at": timezone.now()}, Invitation.State.ACCEPTED),
        ({"declined_at": timezone.now()}, Invitation.State.DECLINED),
        ({"revoked_at": timezone.now()}, Invitation.State.REVOKED),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, Invitation.State.EXPIRED),
        ({}, Invitation.State.PENDING),
    ],
)
def test_an_invitation_knows_its_state(pending, change, state):
    invitation, _ = pending
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    invitation.refresh_from_db()

    assert invitation.state == state
    assert invitation.is_pending == (state == Invitation.State.PENDING)
    assert (invitation in Invitation.objects.pending()) == (state == Invitation.State.PENDING)


def test_pending_queryset_leaves_out_expired_ones(pending):
    invitation, _ = pending
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=8)
    )

    assert not Invitation.objects.pending().exists()


def test_accepting_completes_the_couple(pending, loner):
    invitation, _ = pending

    partnership = pairing.accept(invitation, loner)

    couple = load_couple(loner)
    assert couple.partnership == partnership
    assert couple.is_complete
    assert couple.me.role == Role.SUPPORTING


def test_accepting_reads_the_invitation_fresh_not_the_stale_copy(pending, loner):
    invitation, _ = pending
    stale = Invitation.objects.get(pk=invitation.pk)
    pairing.revoke(invitation)

    with pytest.raises(pairing.PairingError, match="withdrawn"):
        pairing.accept(stale, loner)

    assert not Membership.objects.filter(user=loner).exists()


def test_a_membership_clash_is_a_clear_error_not_a_crash(pending, loner, monkeypatch):
    invitation, _ = pending
    # Someone else joins between the check and the insert.
    monkeypatch.setattr(pairing, "problem_with", lambda invitation, user: None)
    Membership.objects.create(
        partnership=invitation.partnership, user=make_user(), role=invitation.role
    )

    with pytest.raises(pairing.PairingError, match="already joined"):
        pairing.accept(invitation, loner)

    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_declining_twice_explains_the_second_time(pending, loner):
    invitation, _ = pending
    pairing.decline(invitation, loner)

    with pytest.raises(pairing.PairingError, match="declined"):
        pairing.decline(invitation, loner)


def test_a_used_invitation_cannot_be_declined(pending, loner):
    invitation, _ = pending
    pairing.accept(invitation, loner)

    with pytest.raises(pairing.PairingError, match="already been used"):
        pairing.decline(invitation, make_user())


def test_revoking_a_stale_copy_leaves_an_accepted_link_alone(pending, loner):
    invitation, _ = pending
    stale = Invitation.objects.get(pk=invitation.pk)
    pairing.accept(invitation, loner)

    pairing.revoke(stale)

    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_ending_closes_both_memberships_and_open_links(inviter, pending):
    invitation, _ = pending

    ended = pairing.end_partnership(load_couple(inviter))

    assert ended.ended_at is not None
    assert not ended.members.filter(left_at__isnull=True).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_ending_twice_keeps_the_first_end(couple, in_treatment):
    found = load_couple(in_treatment)
    first = pairing.end_partnership(found).ended_at

    second = pairing.end_partnership(found).ended_at

    assert first == second


def test_after_ending_both_are_free_to_pair_again(couple, in_treatment, supporting):
    pairing.end_partnership(load_couple(in_treatment))
    fresh = pairing.start_partnership(in_treatment, Role.IN_TREATMENT)
    invitation, _ = pairing.invite(load_couple(in_treatment), in_treatment)

    pairing.accept(invitation, supporting)

    assert load_couple(supporting).partnership == fresh
    assert Membership.objects.filter(user=supporting).count() == 2


def test_problem_with_says_nothing_for_someone_signed_out(pending):
    from django.contrib.auth.models import AnonymousUser

    invitation, _ = pending

    assert pairing.problem_with(invitation, AnonymousUser()) is None
