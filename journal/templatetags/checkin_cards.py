"""The check-in pages' repeated markup, written out in Python.

- `{% checkin_card item h=3 links=True editable=... compact=... %}`: one check-in's card
  (journal.checkins.cards), with the person's own time zone for its dates;
- `{% line_chart chart %}`: a trend chart (journal.checkins.chart_html).
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from journal.checkins.cards import render_card
from journal.checkins.chart_html import render_chart

register = template.Library()


@register.simple_tag(takes_context=True)
def checkin_card(
    context: template.Context,
    item: dict,
    h: int,
    links: bool = False,
    editable: bool = False,
    compact: bool = False,
) -> SafeString:
    def extra_answers(section: Any, answers: Any) -> str:
        render = getattr(section, "render_answers", None)
        if render is not None:
            return render(answers, item=item, compact=compact)
        # A section that shows its answers with a template of its own gets what an
        # {% include %} inside the card would have given it.
        assert context.template is not None
        section_template = context.template.engine.get_template(section.answers_template)
        with context.push(
            item=item,
            checkin=item["checkin"],
            h=h,
            sub=h + 1,
            links=links,
            editable=editable,
            compact=compact,
            section=section,
            answers=answers,
        ):
            return section_template.render(context)

    user = context.get("user")
    return render_card(
        item,
        time_zone=getattr(user, "time_zone", None),
        h=h,
        links=links,
        editable=editable,
        compact=compact,
        extra_answers=extra_answers,
    )


@register.simple_tag
def line_chart(chart: Any) -> SafeString:
    """`{% line_chart chart %}`: a chart of journal.checkins.chart with its words and numbers."""
    return render_chart(chart)
