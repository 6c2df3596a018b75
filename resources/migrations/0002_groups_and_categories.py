"""The library's categories, and the Editors and Reviewers groups with their permissions.

Editors write and submit; Reviewers approve or request changes. Neither can delete an
article or a revision: history is kept. Staff status is still given per person.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    (
        "understanding-treatment",
        "Understanding the treatment",
        "What ketamine and esketamine treatment are, how they are thought to work, "
        "and what the research shows.",
    ),
    (
        "session-days",
        "Session days and the course",
        "What a course of treatment looks like, and what a session day asks of you both.",
    ),
    (
        "risks-and-safety",
        "Risks and safety",
        "Side effects, risks, misuse and who the treatment may not suit, told honestly.",
    ),
    (
        "talking-together",
        "Talking together",
        "Ways to talk about treatment as a couple, and boundaries that help.",
    ),
    (
        "looking-after-yourself",
        "Looking after yourself",
        "For the supporting partner: your own health matters too.",
    ),
    ("crisis", "In a crisis", "Recognising a crisis, and what to do and who to call."),
]

GROUPS = {
    "Editors": [
        "view_category",
        "view_article",
        "add_article",
        "change_article",
        "view_revision",
        "add_revision",
        "change_revision",
        "submit_revision",
        "view_source",
        "add_source",
        "change_source",
        "delete_source",
        "view_review",
        "view_workflowevent",
    ],
    "Reviewers": [
        "view_category",
        "view_article",
        "view_revision",
        "review_revision",
        "view_source",
        "view_review",
        "view_workflowevent",
    ],
}


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now
    # so the groups can be given them on a fresh database.
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Category = apps.get_model("resources", "Category")
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(
            content_type__app_label="resources", codename__in=codenames
        )
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
