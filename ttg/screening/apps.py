from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "ttg.screening"
    label = "screening"
    verbose_name = "Screening: BCST1, BCST2, immediate needs and the duty to refer"

    def ready(self) -> None:
        # A broken question file stops the service starting, not the first screening of the day.
        from .questions import all_question_sets

        all_question_sets()
