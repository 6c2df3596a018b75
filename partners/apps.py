from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and accounts"

    def ready(self):
        # Connect the security-log receivers and register the deployment checks.
        from partners import checks, security_log  # noqa: F401
