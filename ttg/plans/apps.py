from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ttg.plans"
    label = "plans"
    verbose_name = "Plans: the specification catalogue"

    def ready(self) -> None:
        from ttg.core import templating

        from . import access, home, selectors_handover, views_gate  # its models are loaded now

        access.register()
        home.register()
        # The plan page's handover and through-the-gate parts, read when its template includes them.
        templating.register_globals(plan_handover=selectors_handover.for_plan, through_the_gate=views_gate.plan_page_gate)
