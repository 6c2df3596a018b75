"""Every URL pattern of the project, as the resolver sees it (ours, allauth's, the admin's)."""

from django.urls import URLPattern, URLResolver, get_resolver


def _join(prefix, part):
    # As Django joins them for ResolverMatch.route: an inner regex loses its "^".
    return prefix + (part[1:] if prefix and part.startswith("^") else part)


def _walk(resolver, prefix, namespace):
    for pattern in resolver.url_patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            # The admin's unnamed "<object_id>/ -> <object_id>/change/" redirects have
            # only their route to go by.
            yield name or route, route


def all_patterns(urlconf=None):
    """{key: full route} for every pattern; key is the URL name, or the route if unnamed.

    The route is spelled as `resolve(path).route` spells it, so a row's URL can be checked
    to reach its own pattern."""
    found = {}
    for key, route in _walk(get_resolver(urlconf), "", None):
        if key in found:
            raise AssertionError(f"two URL patterns share the name {key!r}")
        found[key] = route
    return found
