"""Account and partnership pages keep to the CSP: no inline script, style or handlers.

The browser journeys catch violations on the pages they visit; this walks every
account, partnership and allauth page, in the states a test client can reach.
"""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.partners.test_private_cache import every_path

OURS = ("/accounts/", "/account/", "/partnership/", "/invite/", "/privacy/", "/home/")
INLINE_STYLE = re.compile(r"<[^>]+\sstyle=", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.I | re.S)


def assert_csp_clean(path, html):
    assert not INLINE_STYLE.search(html), f"{path}: style attribute"
    assert not HANDLER.search(html), f"{path}: inline event handler"
    for script in SCRIPT.finditer(html):
        attrs, body = script["attrs"], script["body"].strip()
        # External files and JSON data blocks (never executed) are fine.
        assert "src=" in attrs or "application/json" in attrs or not body, (
            f"{path}: inline script {attrs!r}"
        )


@pytest.mark.parametrize("path", [p for p in every_path() if p == "/" or p.startswith(OURS)])
def test_signed_in_pages_have_no_inline_script_or_style(treatment_client, path):
    response = treatment_client.get(path)

    assert_csp_clean(path, response.content.decode())


def test_the_pending_email_change_page_has_no_inline_style(treatment_client, in_treatment):
    EmailAddress.objects.create(user=in_treatment, email="new@example.com", verified=False)

    response = treatment_client.get("/accounts/email/")

    html = response.content.decode()
    assert "new@example.com" in html
    assert_csp_clean("/accounts/email/ (pending)", html)


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_public_pages_have_no_inline_script_or_style(client, db, path):
    assert_csp_clean(path, client.get(path).content.decode())
