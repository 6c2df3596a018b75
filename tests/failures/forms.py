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
        buttons = [item for item in self.fields if item.kind in ("submit", "button")]
        for item in self.fields:
            if item.name == "csrfmiddlewaretoken" or item.kind in ("submit", "button"):
                continue
            values = data.setdefault(item.name, [])
            if item.kind == "radio":
                if item.checked:
                    values.append(item.value)
            elif item.kind == "checkbox":
                if item.checked:
                    values.append(item.value or "on")
            elif item.kind == "select":
                # A blank "----" choice is a prompt: a person picks a real one.
                chosen = [value for value, selected in item.options if selected and value]
                if not chosen:
                    chosen = [next((v for v, _ in item.options if v), "")]
                values.extend(chosen if item.multiple else chosen[:1])
            elif item.value:
                values.append(item.value)
            elif item.kind == "date":
                values.append(date.today().isoformat())
            elif item.kind in TYPED_SAMPLES:
                values.append(TYPED_SAMPLES[item.kind])
            elif item.typed:
                values.append(f"Typed into {item.name}")
            else:
                values.append("")
        # A radio group nobody has answered yet: the first answer, as a person would click.
        for item in self.fields:
            if item.kind == "radio" and not data.get(item.name):
                data[item.name] = [item.value]
        if buttons:
            first = buttons[0]
            data.setdefault(first.name, []).append(first.value)
        return {name: values for name, values in data.items() if name}


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
            action = urljoin(self.page_path, attrs.get("action") or self.page_path)
            self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
        if "disabled" in attrs:
            return
        name = attrs.get("name")
        if name and "__prefix__" in name:
            return  # the admin's blank inline row, copied by script, never submitted as is
        made = None
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            made = Field(name, kind, attrs.get("value") or "", checked="checked" in attrs)
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            made = Field(name, "submit", attrs.get("value") or "")
        elif tag == "textarea" and name:
            made = self._textarea = Field(name, "textarea")
        elif tag == "select" and name:
            made = self._select = Field(name, "select", multiple="multiple" in attrs)
        if made is not None:
            if attrs.get("form"):
                self._owned.append((attrs["form"], made))
            elif self._form is not None:
                self._form.fields.append(made)
        if tag == "option" and self._select is not None:
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
