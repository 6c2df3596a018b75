from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Library"

    def ready(self):
        # Connect the page cache's "library content changed" receivers.
        from resources import page_cache  # noqa: F401
