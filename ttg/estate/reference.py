"""Reference data of the estate that the service and its tests read, as plain Python: the 21 CRCs
(one per contract package area), the 7 NPS divisions, the real prison estate (`data/prisons.csv`)
and which CRC serves which demo prison (illustrative). No Django here: the national-scale generator
(ttg.people.generator) reads it without Django.

`data/prisons.csv` holds the real establishment codes and names, as the custody feed uses them, with
the estate each holds (male, female, young people) and the country it is in (England or Wales: the
homelessness route a prison follows depends on it, issue 23 item 9). It lives in the repository, so
the demo and the tests need nothing beside it.

`data/welsh-local-authorities.csv` lists the 22 principal councils of Wales (Local Government (Wales)
Act 1994), in English and Welsh with names they are also known by: `local_authority_country` tells
whether a local authority a person chose is in Wales.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

PRISONS_CSV = Path(__file__).resolve().parent / "data" / "prisons.csv"
WELSH_LOCAL_AUTHORITIES_CSV = Path(__file__).resolve().parent / "data" / "welsh-local-authorities.csv"

# The countries a prison or a local authority may be in (the values of estate.constants.Country).
ENGLAND, WALES = "england", "wales"
COUNTRIES = (ENGLAND, WALES)

# The 21 contract package areas, each with its CRC.
CRCS = [
    ("NORTHUMBRIA", "Northumbria CRC"),
    ("DTV", "Durham Tees Valley CRC"),
    ("CUMBRIA_LANCS", "Cumbria and Lancashire CRC"),
    ("MERSEYSIDE", "Merseyside CRC"),
    ("CHESHIRE_GM", "Cheshire and Greater Manchester CRC"),
    ("WEST_YORKS", "West Yorkshire CRC"),
    ("HUMBERSIDE", "Humberside, Lincolnshire and North Yorkshire CRC"),
    ("SOUTH_YORKS", "South Yorkshire CRC"),
    ("DLNR", "Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC"),
    ("STAFFS_WM", "Staffordshire and West Midlands CRC"),
    ("WARKS_WM", "Warwickshire and West Mercia CRC"),
    ("WALES", "Wales CRC"),
    ("BEDS_NORTHANTS", "Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire CRC"),
    ("NORFOLK_SUFFOLK", "Norfolk and Suffolk CRC"),
    ("ESSEX", "Essex CRC"),
    ("LONDON", "London CRC"),
    ("THAMES_VALLEY", "Thames Valley CRC"),
    ("BGSW", "Bristol, Gloucestershire, Somerset and Wiltshire CRC"),
    ("DDC", "Dorset, Devon and Cornwall CRC"),
    ("HIOW", "Hampshire and Isle of Wight CRC"),
    ("KSS", "Kent, Surrey and Sussex CRC"),
]

NPS_DIVISIONS = [
    ("NW", "North West"),
    ("NE", "North East"),
    ("MIDLANDS", "Midlands"),
    ("WALES", "Wales"),
    ("LONDON", "London"),
    ("SEE", "South East and Eastern"),
    ("SWSC", "South West and South Central"),
]

# Illustrative: which CRC serves which demo prison.
DEMO_SERVING_CRC = {
    "ACI": "MERSEYSIDE",
    "LPI": "MERSEYSIDE",
    "KMI": "CUMBRIA_LANCS",
    "STI": "CHESHIRE_GM",
    "SWI": "WALES",
    "BWI": "WALES",
    "CFI": "WALES",  # the demo's Welsh speaker (issue 22, ttg/plans/plan/demo.py)
    "LWI": "KSS",
    "DWI": "KSS",
    "NWI": "NORFOLK_SUFFOLK",
    "LNI": "DTV",
}


def read_prisons(path: Path | str | None = None) -> list[dict[str, str]]:
    """The prisons of `data/prisons.csv` (or another file of the same columns): code, name, estate,
    country (England when a file has no country column)."""
    with Path(path or PRISONS_CSV).open(newline="", encoding="utf-8") as handle:
        rows = [
            {"code": r["code"], "name": r["name"], "estate": r["estate"], "country": (r.get("country") or ENGLAND).strip().lower()}
            for r in csv.DictReader(handle)
        ]
    for row in rows:
        if row["country"] not in COUNTRIES:
            raise ValueError(f"Prison {row['code']}: unknown country {row['country']!r}: expected england or wales")
    return rows


def prison_country(code: str) -> str:
    """The country of a real establishment in `data/prisons.csv`; England for any other code (a synthetic prison)."""
    return _countries().get(code, ENGLAND)


@cache
def _countries() -> dict[str, str]:
    return {row["code"]: row["country"] for row in read_prisons()}


# Words a council's name is dressed in, in English and Welsh, left out when names are compared.
_DRESSING = frozenset(
    ["council", "county", "borough", "city", "and", "of", "the", "cyngor", "bwrdeistref", "sirol", "sir", "dinas", "a", "y"]
)


def _plain(name: str) -> str:
    """A local authority's name reduced for comparison: no accents, case, punctuation or dressing words."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w not in _DRESSING)


@cache
def welsh_local_authorities() -> dict[str, str]:
    """Each of the 22 Welsh councils' names (English, Welsh, also known as), reduced by `_plain`, to its English name."""
    found: dict[str, str] = {}
    with WELSH_LOCAL_AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in (row["name"], row["welsh_name"], *row["also_known_as"].split(";")):
                if name.strip():
                    found[_plain(name)] = row["name"]
    return found


def welsh_local_authority(name: str) -> str | None:
    """The Welsh council a name given for a local authority means ("Cyngor Caerdydd", "cardiff" ->
    "Cardiff Council"), or None if it names none of them."""
    plain = _plain(name)
    return welsh_local_authorities().get(plain) if plain else None


def local_authority_country(name: str) -> str | None:
    """Where a local authority the person chose is: Wales if it is one of the 22 Welsh councils, England
    for any other name given (the English duty to refer is to a local housing authority in England), None
    when no name is given."""
    if not name.strip():
        return None
    return WALES if welsh_local_authority(name) else ENGLAND
