"""partners.access: the one door to a couple's data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from partners import pairing
from partners.access import couple_required, current_couple, get_couple_or_404, load_couple
from partners.models import Invitation, Role


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_each_partner_sees_the_couple_from_their_side(couple, in_treatment, supporting):
    mine = load_couple(in_treatment)
    theirs = load_couple(supporting)

    assert mine.partnership == theirs.partnership == couple
    assert mine.me.user == in_treatment
    assert mine.partner.user == supporting
    assert theirs.me.user == supporting
    assert theirs.partner.user == in_treatment


def test_roles_are_the_same_whoever_asks(couple, in_treatment, supporting):
    for user in (in_treatment, supporting):
        found = load_couple(user)
        assert found.in_treatment.user == in_treatment
        assert found.supporting.user == supporting


def test_member_for_knows_only_the_two_of_them(couple, in_treatment, supporting, stranger):
    found = load_couple(in_treatment)

    assert found.member_for(supporting).role == Role.SUPPORTING
    assert found.member_for(in_treatment).role == Role.IN_TREATMENT
    assert found.member_for(stranger) is None


def test_someone_without_a_partnership_has_no_couple(loner):
    assert load_couple(loner) is None


def test_someone_signed_out_has_no_couple(db):
    assert load_couple(AnonymousUser()) is None


def test_a_half_made_partnership_is_incomplete(inviter):
    found = load_couple(inviter)

    assert found is not None
    assert not found.is_complete
    assert found.partner is None
    assert found.partner_user is None


def test_an_ended_partnership_is_no_couple(couple, in_treatment, supporting):
    pairing.end_partnership(load_couple(in_treatment))

    assert load_couple(in_treatment) is None
    assert load_couple(supporting) is None


def test_a_new_partnership_after_an_old_one_ended_is_the_one_found(couple, in_treatment):
    pairing.end_partnership(load_couple(in_treatment))
    new = pairing.start_partnership(in_treatment, Role.SUPPORTING)

    found = load_couple(in_treatment)

    assert found.partnership == new
    assert found.partner is None


def test_loading_the_couple_is_one_query(django_assert_num_queries, couple, in_treatment):
    """Guards against a query per member when the couple is loaded on every request."""
    with django_assert_num_queries(1):
        found = load_couple(in_treatment)
        _ = (found.me.user.name, found.partner.user.name, found.partnership.time_zone)


def test_the_couple_is_loaded_once_per_request(django_assert_num_queries, couple, in_treatment):
    request = _request(in_treatment)

    with django_assert_num_queries(1):
        current_couple(request)
        current_couple(request)
        get_couple_or_404(request)


def test_get_couple_or_404_refuses_someone_without_a_partnership(loner):
    with pytest.raises(Http404):
        get_couple_or_404(_request(loner))


def test_get_object_or_404_finds_this_couples_rows(couple, in_treatment, supporting):
    invitation, _ = Invitation.issue(
        partnership=couple, invited_by=in_treatment, role=Role.SUPPORTING
    )

    found = load_couple(supporting).get_object_or_404(
        Invitation.objects.all(), public_id=invitation.public_id
    )

    assert found == invitation


def test_get_object_or_404_hides_another_couples_rows(couple, in_treatment, stranger):
    invitation, _ = Invitation.issue(
        partnership=couple, invited_by=in_treatment, role=Role.SUPPORTING
    )

    with pytest.raises(Http404):
        load_couple(stranger).get_object_or_404(
            Invitation.objects.all(), public_id=invitation.public_id
        )


def _view(request):
    return HttpResponse("ok")


def test_couple_required_sends_someone_signed_out_to_sign_in(db):
    response = couple_required(_view)(_request(AnonymousUser()))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_couple_required_is_404_without_a_partnership(loner):
    with pytest.raises(Http404):
        couple_required(_view)(_request(loner))


def test_couple_required_sends_a_half_made_couple_home(inviter):
    response = couple_required(_view)(_request(inviter))

    assert response.status_code == 302
    assert response.url == "/home/"


def test_couple_required_can_allow_a_half_made_couple(inviter):
    response = couple_required(complete=False)(_view)(_request(inviter))

    assert response.status_code == 200


def test_a_role_restriction_is_403_for_the_other_partner(couple, in_treatment, supporting):
    view = couple_required(role=Role.IN_TREATMENT)(_view)

    assert view(_request(in_treatment)).status_code == 200
    with pytest.raises(PermissionDenied, match="Only the partner in treatment"):
        view(_request(supporting))


def test_a_supporting_only_view_refuses_the_partner_in_treatment(couple, in_treatment):
    view = couple_required(role=Role.SUPPORTING)(_view)

    with pytest.raises(PermissionDenied, match="Only the supporting partner"):
        view(_request(in_treatment))


def test_a_role_restricted_view_is_still_404_without_a_partnership(loner):
    view = couple_required(role=Role.IN_TREATMENT)(_view)

    with pytest.raises(Http404):
        view(_request(loner))
