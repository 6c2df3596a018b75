"""partners.middleware.ContentSecurityPolicyMiddleware: django-csp's middleware with the site's
policy built once per process. Every response gets exactly the header django-csp would give
it, customised ones included."""

import pytest
from csp.constants import HEADER
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from partners.middleware import ContentSecurityPolicyMiddleware


def respond(middleware_class, customise=lambda response: None, path="/"):
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda request: HttpResponse("ok"))
    middleware.process_request(request)
    response = HttpResponse("ok")
    customise(response)
    return request, middleware.process_response(request, response)


def header(middleware_class, customise=lambda response: None, path="/"):
    return respond(middleware_class, customise, path)[1].get(HEADER)


def test_a_plain_response_gets_django_csps_header():
    ours = header(ContentSecurityPolicyMiddleware)

    assert ours == header(CSPMiddleware)
    assert "default-src 'none'" in ours
    assert "frame-ancestors 'none'" in ours


@pytest.mark.parametrize(
    "customise",
    [
        lambda response: setattr(response, "_csp_update", {"img-src": ["https://example.org"]}),
        lambda response: setattr(response, "_csp_replace", {"script-src": ["'none'"]}),
        lambda response: setattr(response, "_csp_config", {"default-src": ["'self'"]}),
        lambda response: setattr(response, "_csp_exempt", True),
        lambda response: response.headers.__setitem__(HEADER, "default-src 'self'"),
    ],
)
def test_a_response_a_view_customised_gets_what_django_csp_gives_it(customise):
    assert header(ContentSecurityPolicyMiddleware, customise) == header(CSPMiddleware, customise)


def test_the_header_follows_the_setting(settings):
    header(ContentSecurityPolicyMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}

    assert header(ContentSecurityPolicyMiddleware) == "default-src 'self'"


def test_excluded_prefixes_are_still_left_out(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/skip/"],
    }

    assert header(ContentSecurityPolicyMiddleware, path="/skip/here/") is None
    assert header(ContentSecurityPolicyMiddleware, path="/kept/") is not None


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request, _ = respond(ContentSecurityPolicyMiddleware)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_the_site_uses_it(client, db):
    from django.conf import settings

    assert "partners.middleware.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
    assert client.get("/").headers[HEADER] == header(CSPMiddleware)
