"""The layout's constant parts (templates/base.html and its partials), worked out once per
process instead of on every request.

Every page links to the same dozen pages and static files and shows the same crisis helplines.
Reversing those URLs, looking up the static files' hashed names and looping over the helplines
were most of what an empty signed-in page cost. What they produce cannot change while the
process runs: the URLconf and the static manifest are loaded once, and `CRISIS_LINES` is
read from the environment at start-up. So:

- `{% fixed_url "name" %}` is `{% url "name" %}` for a URL without arguments, reversed once
  per address the site is served under (the WSGI server's SCRIPT_NAME) and URLconf;
- `{% fixed_static "path" %}` is `{% static "path" %}`, looked up once;
- `{% crisis_helplines %}` is `partials/helplines.html` with `CRISIS_LINES`, rendered once:
  the same words and tap-to-call links, from the same template;
- `{% include_once "partial.html" %}` includes a partial the first time a page asks for it
  and gives the same output the second time (the navigation is drawn twice: a menu for
  phones and a list for wider screens);
- `{% remembered_filter striptags|truncatechars:300 %}` is `{% filter %}` for filters whose
  output depends on their input alone, remembering the output for each text (the page's
  description is the same on most pages).

Anything a setting changes (tests do) is worked out again: every cache here is emptied
when any setting changes, and when runserver sees a file change.
tests/partners/test_layout.py pins the layout's output.
"""

from typing import Any, cast

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# (script prefix, URLconf) -> {name: the escaped path}; static path -> escaped URL.
_urls: dict[tuple[str, Any], dict[str, SafeString]] = {}
_static: dict[str, SafeString] = {}
# (the CRISIS_LINES list it was rendered from, the HTML): compared by identity, so a
# setting replaced without a signal is still noticed.
_helplines: list[tuple[object, SafeString]] = []


@receiver(setting_changed, dispatch_uid="layout_forget_constant_parts")
@receiver(file_changed, dispatch_uid="layout_forget_constant_parts_on_edit")
def forget(**kwargs: Any) -> None:
    """Work everything out again: a setting changed (tests), or a file was edited under
    `runserver`, which reloads templates without restarting (partials/helplines.html)."""
    _urls.clear()
    _static.clear()
    _helplines.clear()
    _filtered.clear()


def _constant_argument(parser: Parser, token: Token) -> str:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name: {token.contents}")
    return bits[1][1:-1]


class FixedURLNode(Node):
    child_nodelists = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: Context) -> str:
        urls = _urls_here(context)
        url = urls.get(self.name)
        if url is None:
            url = urls[self.name] = conditional_escape(reverse(self.name))
        return url


def _urls_here(context: Context) -> dict[str, SafeString]:
    """The URLs reversed for the address and URLconf this page is rendered under. Both are
    read once per page: each is a context-local lookup that costs more than the URL."""
    page: dict[Any, Any] = context.render_context.dicts[0]  # lives as long as this page
    urls = page.get(_URLS_HERE)
    if urls is None:
        where = (get_script_prefix(), get_urlconf())
        if where not in _urls and len(_urls) >= MOST_ADDRESSES:
            _urls.clear()  # the prefix comes from the server's environ: never let it grow
        urls = page[_URLS_HERE] = _urls.setdefault(where, {})
    return cast(dict[str, SafeString], urls)


_URLS_HERE = "fixed_url urls"
# A site is served under one address (two while it moves); more is not worth remembering.
MOST_ADDRESSES = 8


@register.tag
def fixed_url(parser: Parser, token: Token) -> FixedURLNode:
    """`{% url "name" %}` for a URL without arguments, reversed once per process."""
    return FixedURLNode(_constant_argument(parser, token))


class FixedStaticNode(Node):
    child_nodelists = ()

    def __init__(self, path: str) -> None:
        self.path = path

    def render(self, context: Context) -> str:
        url = _static.get(self.path)
        if url is None:
            url = _static[self.path] = conditional_escape(static(self.path))
        return url


@register.tag
def fixed_static(parser: Parser, token: Token) -> FixedStaticNode:
    """`{% static "path" %}`, looked up once per process (the manifest is loaded once)."""
    return FixedStaticNode(_constant_argument(parser, token))


@register.simple_tag
def crisis_helplines() -> SafeString:
    """The crisis helplines (partials/helplines.html with CRISIS_LINES), rendered once."""
    lines = settings.CRISIS_LINES
    if not _helplines or _helplines[0][0] is not lines:
        html = mark_safe(render_to_string("partials/helplines.html", {"lines": lines}))  # noqa: S308
        _helplines[:] = [(lines, html)]
    return _helplines[0][1]


class IncludeOnceNode(Node):
    child_nodelists = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: Context) -> str:
        # The render context lives as long as this one page's rendering.
        key = f"include_once {self.name}"
        rendered = context.render_context.get(key)
        if rendered is None:
            assert context.template is not None
            partial = context.template.engine.get_template(self.name)
            rendered = context.render_context[key] = partial.render(context)
        return rendered


@register.tag
def include_once(parser: Parser, token: Token) -> IncludeOnceNode:
    """`{% include "partial.html" %}`, whose output a page reuses if it includes it again."""
    return IncludeOnceNode(_constant_argument(parser, token))


class RememberedFilterNode(Node):
    def __init__(self, filter_expr: FilterExpression, nodelist: NodeList) -> None:
        self.filter_expr = filter_expr
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        text = self.nodelist.render(context)
        key = (self.filter_expr.token, context.autoescape, text)
        filtered = _filtered.get(key)
        if filtered is None:
            with context.push(var=text):
                filtered = self.filter_expr.resolve(context)
            if len(_filtered) >= REMEMBERED_FILTER_OUTPUTS:
                _filtered.clear()
            _filtered[key] = filtered
        return filtered


# Enough for every page's own description; past it the memory starts again.
REMEMBERED_FILTER_OUTPUTS = 2000
_filtered: dict[tuple[str, bool, str], str] = {}


@register.tag
def remembered_filter(parser: Parser, token: Token) -> RememberedFilterNode:
    """`{% filter %}` for filters whose output depends on their input alone (striptags,
    truncatechars): the output for a text is worked out once and remembered. The layout's
    description (the same on most pages) was filtered again on every request."""
    bits = token.contents.split(None, 1)
    if len(bits) != 2:
        raise template.TemplateSyntaxError("remembered_filter needs filters to apply")
    filter_expr = parser.compile_filter(f"var|{bits[1]}")
    # A number is a Variable too, but a literal one (no lookups).
    arguments = [arg for _, args in filter_expr.filters for lookup, arg in args if lookup]
    if any(arg.lookups is not None for arg in arguments):
        raise template.TemplateSyntaxError("remembered_filter's filters take constants only")
    nodelist = parser.parse(("endremembered_filter",))
    parser.delete_first_token()
    return RememberedFilterNode(filter_expr, nodelist)
