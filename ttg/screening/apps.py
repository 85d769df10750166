from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "ttg.screening"
    label = "screening"
    verbose_name = "Screening: BCST1, BCST2, immediate needs and the duty to refer"

    def ready(self) -> None:
        from ttg.core.templating import register_filters, register_globals

        from . import access, announcements, home, personal_data, services, state, views
        from .questions import all_question_sets

        access.register()
        home.register()
        personal_data.register_personal_data()
        state.connect()
        services.connect()  # after state: a duty's route follows a transfer (rule R-W1)
        register_globals(announcing_notices=announcements.announcing)
        register_filters(in_page_language=views.in_page_language)
        # A broken question file stops the service starting, not the first screening of the day.
        all_question_sets()
