from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Resettlement plans, in four parts that each have the same inner shape: the specification
    catalogue, the plan, through the gate, and the handover to the responsible officer."""

    name = "ttg.plans"
    label = "plans"
    verbose_name = "Plans: the specification catalogue, resettlement plans, through the gate and handovers"

    def ready(self) -> None:
        from ttg.core import templating
        from ttg.screening.signals import screening_submitted

        from . import personal_data
        from .catalogue import access as catalogue_access
        from .catalogue import home as catalogue_home
        from .gate import access as gate_access
        from .gate import views as gate_views
        from .handover import access as handover_access
        from .handover import home as handover_home
        from .handover import selectors as handover_selectors
        from .plan import access as plan_access
        from .plan import home as plan_home
        from .plan import services as plan_services

        for part in (catalogue_access, plan_access, gate_access, handover_access):  # the plan before what extends it
            part.register()
        catalogue_home.register()
        plan_home.register()
        handover_home.register()
        personal_data.register_personal_data()
        # The plan page's handover and through-the-gate parts, read when its template includes them.
        # P13: BCST2 submitted after the plan was proposed completes the plan's "Complete BCST2" activity.
        screening_submitted.connect(plan_services.on_screening_submitted, dispatch_uid="plans_bcst2_submitted")
        templating.register_globals(plan_handover=handover_selectors.for_plan, through_the_gate=gate_views.plan_page_gate)
