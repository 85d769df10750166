from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "ttg.notices"
    label = "notices"
    verbose_name = "Notices of changes to the specification, and their acknowledgement"

    def ready(self) -> None:
        from ttg.core.templating import register_banner
        from ttg.screening.announcements import provide_notice_lookup

        from . import access, home, selectors, signals  # its models are loaded now

        access.register()
        home.register()
        signals.connect()
        register_banner(selectors.banners)  # the banner on the pages a notice affects, until acknowledged
        provide_notice_lookup(selectors.announcements)  # screening decisions name the notice behind a rule
