"""Small template helpers for forms."""

from django import template
from django.forms import BoundField, Form, PasswordInput

register = template.Library()


@register.filter
def emptied_fields(form: Form) -> list[BoundField]:
    """Fields the page redraws empty after an error (password boxes never show their
    value back), so the error summary can say exactly what to type again."""
    if not form.is_bound:
        return []
    return [
        field
        for field in form.visible_fields()
        if isinstance(field.field.widget, PasswordInput)
        and not field.field.widget.render_value
        and form.data.get(field.html_name)
    ]
