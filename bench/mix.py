"""The mix of benchmark P4 (bench/load.py, bench/locustfile.py): which personas browse, how many of
the simulated users each has, and the share of API clients. Plain Python: load.py reads it without
importing locust (which patches the standard library for gevent on import)."""

from __future__ import annotations

# Username -> weight: of every 100 simulated users, about this many are signed in as that persona.
PERSONA_WEIGHTS = {
    "priya.shah": 25,  # prison officer: the prison's screening list, caseload, people
    "tom.okafor": 35,  # TTG caseworker: /work/, caseloads, people, referrals
    "aisha.begum": 8,  # partner caseworker: the partner's referrals
    "david.jones": 5,  # responsible officer: handovers
    "samuel.adeyemi": 4,  # contract manager: funding report, claims
}
API_WEIGHT = 23  # other systems, with tokens (below)
TOKEN_USERS = ["tom.okafor", "aisha.begum", "david.jones"]
# The locust user classes, in bench/locustfile.py, for each persona above and for the API.
MIX_CLASSES = ["PrisonOfficer", "Caseworker", "PartnerCaseworker", "ResponsibleOfficer", "Managers", "ApiClient"]
FLOOR_CLASSES = ["HealthzUser"]
# Searches people make: beginnings of common surnames (prison numbers are added from the caseload).
SEARCHES = ["Smith", "Jones", "Wil", "Brown", "Tay", "Dav", "Evans", "Tho", "Wal", "Rob", "Kh", "Mc"]
