"""What the screening app tells the apps above it (they connect in their AppConfig.ready).

`screening_submitted` is sent inside the transaction that first submits a BCST1 or BCST2 (not when an
amendment is finished): an app that keeps state following a screening (the plan's "Complete BCST2"
activity, rule P13) updates it in the same transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with screening (the Screening, now submitted) and by (who submitted it).
screening_submitted = Signal()
