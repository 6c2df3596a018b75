"""allauth's authentication backend, loading the person and their couple in one query.

Django loads the signed-in user on every request; nearly every page then needs their
partnership. Fetching both partners' memberships with their users and the partnership in
one query, and keeping the couple on the user object for the rest of the request, saves
a query on every signed-in page (the dashboard's budget is 8 queries).
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from partners.access import Couple, couple_rows


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        rows = couple_rows(user_id)
        me = next((row for row in rows if row.user_id == user_id), None)
        if me is None:
            user = super().get_user(user_id)
            if user is not None:
                user._alongside_couple = None
            return user
        user = me.user
        if not self.user_can_authenticate(user):
            return None
        partner = next((row for row in rows if row.user_id != user_id), None)
        user._alongside_couple = Couple(partnership=me.partnership, me=me, partner=partner)
        return user
