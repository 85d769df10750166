"""What the people app tells the apps above it (they connect in their AppConfig.ready).

`custody_written` is sent inside the transaction that wrote custody periods without `save()`
(the feed importer writes with COPY and bulk statements, so no post_save is sent): apps that keep
state derived from custody periods recompute it in the same transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with period_ids: the custody periods created or changed (their movements, release dates).
custody_written = Signal()
