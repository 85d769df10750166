"""The plans app's pages: the catalogue, the plan, the handover and through the gate (each sub-package's
own urls.py). Every route needs an entry in tests/access_matrix.py."""

from ttg.plans.catalogue.urls import urlpatterns as catalogue
from ttg.plans.gate.urls import urlpatterns as gate
from ttg.plans.handover.urls import urlpatterns as handover
from ttg.plans.plan.urls import urlpatterns as plan

urlpatterns = [*catalogue, *plan, *handover, *gate]
