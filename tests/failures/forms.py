"""Read the <form>s of a rendered page the way a browser would submit them.

Each form becomes its action, method and fields; `baseline()` is what a person who filled
every empty text box and kept every choice as shown would send.
"""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tests.factories import PASSWORD

# Boxes a person types into: these must come back with an error, never be saved with junk.
TYPED = {"text", "textarea", "email", "password", "search", "url", "tel", "number"}
TYPED_SAMPLES = {
    "email": "typed.person@example.com",
    "password": PASSWORD,
    "url": "https://example.com/typed",
    "tel": "0123 456789",
    "number": "1",
    "time": "10:30",
}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "textarea", "select" or "button"
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected) for a <select>
    multiple: bool = False

    @property
    def typed(self):
        return self.kind in TYPED


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)

    def names(self):
        seen = []
        for item in self.fields:
            if item.name not in seen and item.name != "csrfmiddlewaretoken":
                seen.append(item.name)
        return seen

    def kind_of(self, name):
        return next(item.kind for item in self.fields if item.name == name)

    def key(self):
        return (self.method, self.action, tuple(sorted(self.names())))

    def baseline(self):
        """{name: [values]}: every box filled, every choice as shown (or the first one)."""
        data = {}
        for item in self.fields:
            if item.name == "csrfmiddlewaretoken" or item.kind in BUTTONS:
                continue
            data.setdefault(item.name, []).extend(_as_sent(item))
        # A radio group nobody has answered yet: the first answer, as a person would click.
        for item in self.fields:
            if item.kind == "radio" and not data.get(item.name):
                data[item.name] = [item.value]
        first = next((item for item in self.fields if item.kind in BUTTONS), None)
        if first is not None:
            data.setdefault(first.name, []).append(first.value)
        return {name: values for name, values in data.items() if name}


BUTTONS = ("submit", "button")


def _chosen(item):
    """A <select>'s values as shown; a blank "----" choice is a prompt: pick a real one."""
    chosen = [value for value, selected in item.options if selected and value]
    if not chosen:
        chosen = [next((v for v, _ in item.options if v), "")]
    return chosen if item.multiple else chosen[:1]


def _typed(item):
    """What a person types into an empty box of this kind."""
    if item.kind == "date":
        return date.today().isoformat()
    if item.kind in TYPED_SAMPLES:
        return TYPED_SAMPLES[item.kind]
    if item.typed:
        return f"Typed into {item.name}"
    return ""


def _as_sent(item):
    """The values one control sends when left as shown, its empty boxes filled in."""
    if item.kind == "radio":
        return [item.value] if item.checked else []
    if item.kind == "checkbox":
        return [item.value or "on"] if item.checked else []
    if item.kind == "select":
        return _chosen(item)
    return [item.value or _typed(item)]


class _Parser(HTMLParser):
    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms = []
        self._form = None
        self._by_id = {}
        self._owned = []  # (form id, field): controls placed outside the form they submit
        self._textarea = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._start_form(attrs)
        if "disabled" in attrs:
            return
        name = attrs.get("name")
        if name and "__prefix__" in name:
            return  # the admin's blank inline row, copied by script, never submitted as is
        made = self._control(tag, name, attrs) if name else None
        if made is not None:
            self._place(made, attrs)
        if tag == "option" and self._select is not None:
            self._start_option(attrs)

    def _start_form(self, attrs):
        action = urljoin(self.page_path, attrs.get("action") or self.page_path)
        self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
        self.forms.append(self._form)
        if attrs.get("id"):
            self._by_id[attrs["id"]] = self._form

    def _control(self, tag, name, attrs):
        """The field a named control adds, or None for a tag that sends nothing."""
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            return Field(name, kind, attrs.get("value") or "", checked="checked" in attrs)
        if tag == "button" and (attrs.get("type") or "submit") == "submit":
            return Field(name, "submit", attrs.get("value") or "")
        if tag == "textarea":
            self._textarea = Field(name, "textarea")
            return self._textarea
        if tag == "select":
            self._select = Field(name, "select", multiple="multiple" in attrs)
            return self._select
        return None

    def _place(self, made, attrs):
        if attrs.get("form"):
            self._owned.append((attrs["form"], made))
        elif self._form is not None:
            self._form.fields.append(made)

    def _start_option(self, attrs):
        if self._option is not None:
            self._close_option()
        self._option = [attrs.get("value"), "selected" in attrs, ""]
        self._select.options.append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            if self._option is not None:
                self._close_option()
            if self._select is not None:
                self._select.options = [tuple(option[:2]) for option in self._select.options]
            self._select = None

    def _close_option(self):
        if self._option[0] is None:
            self._option[0] = self._option[2].strip()
        self._option = None


def forms_on(html, page_path):
    """The page's forms that stay on this site (their action is a local path)."""
    parser = _Parser(page_path)
    parser.feed(html)
    parser.close()
    for form_id, made in parser._owned:
        if form_id in parser._by_id:
            parser._by_id[form_id].fields.append(made)
    return [form for form in parser.forms if not urlsplit(form.action).netloc]


def form_data(client, page, action=None):
    """What the form on `page` posting to `action` (default: the page) sends untouched."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    for form in forms_on(response.content.decode(), urlsplit(page).path):
        if form.method == "post" and form.action == (action or urlsplit(page).path):
            return form.baseline()
    raise AssertionError(f"no form posting to {action or page} on {page}")
