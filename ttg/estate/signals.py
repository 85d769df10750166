"""What the estate app tells the apps above it (they connect in their AppConfig.ready).

`designations_written` is sent inside the transaction that wrote resettlement designations in bulk
(the estate loader): apps that keep decisions derived from them recompute those in the same
transaction. Saves through the ORM send Django's own post_save.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with prison_ids: the prisons whose designations changed.
designations_written = Signal()
