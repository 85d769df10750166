"""Reference data of the estate that the service and its tests read, as plain Python: the 21 CRCs
(one per contract package area), the 7 NPS divisions, the real prison estate (`data/prisons.csv`)
and which CRC serves which demo prison (illustrative). No Django here: the national-scale generator
(ttg.people.generator) reads it without Django.

`data/prisons.csv` holds the real establishment codes and names, as the custody feed uses them, with
the estate each holds (male, female, young people). It lives in the repository, so the demo and the
tests need nothing beside it.
"""

from __future__ import annotations

import csv
from pathlib import Path

PRISONS_CSV = Path(__file__).resolve().parent / "data" / "prisons.csv"

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
    """The prisons of `data/prisons.csv` (or another file of the same columns): code, name, estate."""
    with Path(path or PRISONS_CSV).open(newline="", encoding="utf-8") as handle:
        return [{"code": r["code"], "name": r["name"], "estate": r["estate"]} for r in csv.DictReader(handle)]
