"""A deterministic generator of the prison estate and the custody feed, at demo, regional or national scale.

Pure Python: the standard library and `random.Random(seed)` only, importable without Django. The same
seed, scale and "now" always give byte-identical files.

The feed follows the custody feed contract (docs/custody-feed.md) exactly (same columns as
`ttg/people/data/custody-feed-sample.csv`). The estate is written as JSON beside it for the estate
loader: real establishments from `ttg/estate/data/prisons.csv` (with their country, England or Wales)
plus synthetic ones (in England), the 21 CRCs and 7
NPS divisions of `ttg.estate.reference`, resettlement designations over time, invented organisations
and contract managers. Designation and CRC periods: `from` is the first day, `to` the last day (inclusive) or null.

How the feed is made: people are simulated one at a time as chains of custody periods (reception,
possibly remand then sentencing, transfers, sometimes a changed release date, release, then perhaps
recall on licence or a new offence). Chains start up to three years before the feed window so the
flow is steady across the window; only periods received inside the window (the `years` before
"now") are written, and only events before "now". Each person's events go into bounded in-memory
chunks, which are sorted and spilled to temporary files, then merged with `heapq.merge` into the
chronological output. Memory stays bounded whatever the scale.
"""

from __future__ import annotations

import csv
import heapq
import json
import os
import random
import tempfile
import time
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from datetime import time as dtime
from math import gcd
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ttg.estate import reference

from .feed import FIELDS

LONDON = ZoneInfo("Europe/London")
DEFAULT_NOW = "2019-09-02"  # the demo clock (TTG_NOW in make run)
ESTATE_NOTE = "Generated estate: designations, CRC links and organisations are illustrative."

# The contract's columns (in the sample file's order) and values, from the feed's own module.
FEED_COLUMNS = FIELDS
SPECIALISMS = (
    "womens_centre",
    "domestic_abuse",
    "learning_disability",
    "bame_led",
    "user_led",
    "accommodation",
    "employment",
    "finance_debt",
)

TTG_START = date(2015, 5, 1)  # Transforming Rehabilitation: resettlement prisons and CRCs go live
ENHANCED_START = date(2019, 4, 1)  # the enhanced TTG specification (facts T7)
DEDESIGNATED_AFTER = date(2017, 3, 31)  # last day as a resettlement prison for re-roled ones
ORA_START = date(2015, 2, 1).toordinal()  # Offender Rehabilitation Act: licence for sentences under 12 months
BURN_IN_DAYS = 3 * 365  # chains start this long before the window, so the flow is steady inside it


@dataclass(frozen=True)
class Scale:
    """How big an estate and feed to make. `periods` is the number of custody periods (receptions)."""

    name: str
    periods: int
    years: int = 15
    real_prisons: tuple[str, ...] | None = None  # None: every real establishment
    extra_real_prisons: int = 0  # more real establishments, drawn by the seed
    synthetic_prisons: int = 0
    synthetic_female: int = 0
    organisations: int = 10
    contract_managers: int = 2
    became_resettlement: int = 1  # prisons that became resettlement prisons on 2019-04-01
    dedesignated: int = 0  # prisons that were resettlement prisons until 2017-03-31
    resettlement_share: float = 86 / 120
    female_share: float = 0.075  # of people: gives about 5% women among those in custody now


SCALES = {
    "demo": Scale(
        "demo",
        periods=400,
        years=5,
        real_prisons=("ACI", "LPI", "KMI", "STI", "AGI"),
        synthetic_prisons=1,
        organisations=12,
        contract_managers=2,
    ),
    "regional": Scale(
        "regional",
        periods=100_000,
        real_prisons=("ACI", "LPI", "KMI", "STI", "NHI"),
        extra_real_prisons=5,
        synthetic_prisons=2,
        organisations=60,
        contract_managers=3,
    ),
    "national": Scale(
        "national",
        periods=1_000_000,
        synthetic_prisons=12,
        synthetic_female=1,
        organisations=600,
        contract_managers=8,
        became_resettlement=5,
        dedesignated=2,
    ),
}


def scale_named(scale: str | Scale) -> Scale:
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.") from None


def small_scale(periods: int, years: int = 5, **changes: Any) -> Scale:
    """A custom scale on the demo estate, for tests that need more people than the demo has."""
    return replace(SCALES["demo"], name=f"custom-{periods}", periods=periods, years=years, **changes)


# --- reference data --------------------------------------------------------------------------------

MALE_FIRST_NAMES = (
    "James", "John", "David", "Michael", "Daniel", "Thomas", "Ryan", "Lee", "Craig", "Mark", "Paul",
    "Adam", "Liam", "Jordan", "Connor", "Kieran", "Jamie", "Dean", "Scott", "Shaun", "Wayne", "Carl",
    "Gary", "Stephen", "Anthony", "Christopher", "Matthew", "Robert", "Richard", "Jason", "Darren",
    "Ashley", "Nathan", "Aaron", "Callum", "Jack", "Tyler", "Reece", "Mohammed", "Ali", "Imran",
    "Tariq", "Kwame", "Emmanuel", "Tunde", "Marcus", "Andre", "Jerome", "Piotr", "Tomasz", "Mihai",
    "Gareth", "Rhys", "Dafydd", "Sean", "Patrick",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "Sarah", "Emma", "Laura", "Gemma", "Kelly", "Lisa", "Michelle", "Nicola", "Amy", "Rebecca",
    "Stacey", "Leanne", "Donna", "Claire", "Hayley", "Jade", "Chloe", "Megan", "Danielle", "Natalie",
    "Samantha", "Joanne", "Tracey", "Karen", "Julie", "Aisha", "Fatima", "Nadia", "Shabana", "Amira",
    "Grace", "Precious", "Chantelle", "Keisha", "Maria", "Agnieszka", "Ioana", "Siobhan", "Bethan",
    "Carys", "Rhiannon", "Kirsty", "Zoe", "Charlotte", "Louise", "Victoria", "Jessica", "Shannon",
    "Tanya", "Paige",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green",
    "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper",
    "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
    "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell",
    "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis",
    "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
    "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills",
    "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins",
    "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson",
    "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford",
    "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill",
    "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells",
    "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Kennedy",
    "Robertson", "Okafor", "Mensah", "Nowak", "Kowalski", "Popescu", "Osei", "Adeyemi", "Mahmood",
    "Rahman", "Akhtar", "Iqbal", "Reid", "Doyle", "Byrne", "McDonald",
)  # fmt: skip

# ONS 2011 ethnicity codes, shares roughly as in the prison population (about 1.5% not stated).
ETHNICITY_SHARES = (
    ("W1", 62.0), ("W2", 1.0), ("W3", 1.0), ("W9", 9.0),
    ("M1", 2.0), ("M2", 0.7), ("M3", 0.5), ("M9", 1.8),
    ("A1", 1.3), ("A2", 3.0), ("A3", 1.0), ("A4", 0.2), ("A9", 2.5),
    ("B1", 5.0), ("B2", 3.0), ("B9", 2.5),
    ("O2", 0.6), ("O9", 1.4), ("", 1.5),
)  # fmt: skip
ETHNICITY_CODES = tuple(code for code, _ in ETHNICITY_SHARES if code)

# Determinate sentence lengths: (share, unit, low, high) in weeks or months. Skewed short, long tail.
MALE_SENTENCES = ((28, "w", 2, 13), (16, "w", 14, 26), (14, "m", 7, 12), (25, "m", 13, 48), (14, "m", 49, 120), (3, "m", 121, 360))
FEMALE_SENTENCES = ((40, "w", 2, 13), (22, "w", 14, 26), (14, "m", 7, 12), (17, "m", 13, 48), (6, "m", 49, 120), (1, "m", 121, 240))

CRC_OWNERS = (
    "Northgate Rehabilitation Ltd",
    "Crosspoint Justice Partnership",
    "Meridian Community Services Ltd",
    "Riverstone Rehabilitation Group",
    "Keystone Justice Services Ltd",
    "Harbourline Partnerships Ltd",
    "Pathway Rehabilitation Company",
    "Westbrook Community Justice Ltd",
)

ORG_PLACES = (
    "Wirral", "Tyneside", "Pennine", "Severn", "Thames", "Humber", "Wessex", "Cheviot", "Fenland",
    "Chiltern", "Mendip", "Cotswold", "Peak", "Dales", "Wear", "Tees", "Solent", "Medway", "Weald",
    "Downs", "Marches", "Gower", "Valleys", "Clwyd", "Snowdon", "Brecon", "Trent", "Avon", "Exe",
    "Tamar", "Kennet", "Ouse", "Aire", "Calder", "Irwell", "Ribble", "Eden", "Lune", "Derwent",
    "Wharfe", "Bure", "Stour", "Itchen", "Lea", "Fylde",
)  # fmt: skip
ORG_KINDS = {
    "voluntary": (
        ("Women's Centre", ("womens_centre",)),
        ("Women's Aid", ("domestic_abuse", "womens_centre")),
        ("Domestic Abuse Service", ("domestic_abuse",)),
        ("Housing Trust", ("accommodation",)),
        ("Homes", ("accommodation",)),
        ("Foyer", ("accommodation",)),
        ("Night Shelter", ("accommodation",)),
        ("Employment Project", ("employment",)),
        ("Works", ("employment",)),
        ("Skills Hub", ("employment",)),
        ("Money Advice", ("finance_debt",)),
        ("Debt Advice Centre", ("finance_debt",)),
        ("Credit Union", ("finance_debt",)),
        ("Learning Disability Advocacy", ("learning_disability",)),
        ("Self-Advocacy Network", ("learning_disability", "user_led")),
        ("Lived Experience Network", ("user_led",)),
        ("Peer Mentors", ("user_led",)),
        ("Black and Asian Community Forum", ("bame_led",)),
        ("Multicultural Resource Centre", ("bame_led",)),
        ("Refugee and Migrant Support", ("bame_led",)),
        ("Resettlement Trust", ("accommodation", "employment")),
        ("Recovery Network", ()),
        ("Mentoring", ()),
        ("Family Support", ()),
        ("Community Foundation", ()),
    ),
    "statutory": (
        ("Council Housing Options", ("accommodation",)),
        ("Jobcentre Partnership", ("employment",)),
        ("Council Welfare Rights", ("finance_debt",)),
        ("Community Learning Disability Team", ("learning_disability",)),
    ),
    "private": (
        ("Employment Solutions Ltd", ("employment",)),
        ("Training Ltd", ("employment",)),
        ("Lettings Ltd", ("accommodation",)),
        ("Supported Housing Ltd", ("accommodation",)),
        ("Financial Inclusion Ltd", ("finance_debt",)),
    ),
}
ORG_TYPE_SHARES = (("voluntary", 75), ("statutory", 10), ("private", 15))


def demo_constants() -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, str]]:
    """CRCS, NPS_DIVISIONS and DEMO_SERVING_CRC of the estate's reference data (no Django needed)."""
    return list(reference.CRCS), list(reference.NPS_DIVISIONS), dict(reference.DEMO_SERVING_CRC)


# The custody feed contract's sample file: the demo imports it, and the tests hold the generator to its columns.
SAMPLE_FEED = Path(__file__).resolve().parent / "data" / "custody-feed-sample.csv"


def default_prisons_csv() -> Path:
    return reference.PRISONS_CSV


def read_prisons(path: Path | str | None = None) -> list[dict[str, str]]:
    return reference.read_prisons(path)


# --- the estate ------------------------------------------------------------------------------------


def build_estate(
    scale: str | Scale,
    seed: int,
    prisons_csv: Path | str | None = None,
    constants: tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]], dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The estate as the JSON document the estate loader reads (see the module docstring)."""
    scale = scale_named(scale)
    rng = random.Random(f"estate-{seed}")
    crcs, divisions, demo_serving = constants or demo_constants()
    real = read_prisons(prisons_csv)
    real_by_code = {p["code"]: p for p in real}

    # Which real establishments, then synthetic ones with unused three-letter codes.
    if scale.real_prisons is None:
        chosen = [p["code"] for p in real]
    else:
        chosen = [c for c in scale.real_prisons if c in real_by_code]
        others = [p["code"] for p in real if p["code"] not in chosen and p["estate"] == "male"]
        chosen += rng.sample(others, min(scale.extra_real_prisons, len(others)))
        chosen = [p["code"] for p in real if p["code"] in chosen]  # keep the CSV's order
    prisons: list[dict[str, Any]] = [dict(real_by_code[c]) for c in chosen]
    used = set(real_by_code)
    for n in range(1, scale.synthetic_prisons + 1):
        while True:
            code = "Z" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(2))
            if code not in used:
                break
        used.add(code)
        estate = "female" if n > scale.synthetic_prisons - scale.synthetic_female else "male"
        prisons.append({"code": code, "name": f"HMP Example {n} (synthetic)", "estate": estate, "country": reference.ENGLAND})

    # Resettlement designations: every women's prison, and the demo's CRC-linked ones, plus enough
    # others for the scale's share; some became resettlement prisons late, some stopped.
    codes = [p["code"] for p in prisons]
    forced = [p["code"] for p in prisons if p["estate"] == "female" or p["code"] in demo_serving]
    target = max(round(len(prisons) * scale.resettlement_share), len(forced))
    rest = [c for c in codes if c not in forced]
    resettlement = set(forced) | set(rng.sample(rest, target - len(forced)))
    late_pool = sorted(c for c in resettlement if c != "ACI" and c not in demo_serving.keys() - {"KMI"})
    late_pool = [c for c in late_pool if next(p for p in prisons if p["code"] == c)["estate"] == "male"]
    became = set(rng.sample(late_pool, min(scale.became_resettlement, len(late_pool))))
    non_res = sorted(c for c in codes if c not in resettlement)
    stopped = set(rng.sample(non_res, min(scale.dedesignated, len(non_res))))

    crc_codes = [c for c, _ in crcs]
    usage = dict.fromkeys(crc_codes, 0)
    for code in codes:
        if code in resettlement and code in demo_serving:
            usage[demo_serving[code]] += 1
    rotation = sorted(rng.sample(crc_codes, len(crc_codes)), key=lambda c: usage[c])
    turn = 0
    ttg, enhanced, stop = TTG_START.isoformat(), ENHANCED_START.isoformat(), DEDESIGNATED_AFTER.isoformat()
    day_before_enhanced = date.fromordinal(ENHANCED_START.toordinal() - 1).isoformat()
    for prison in prisons:
        code = prison["code"]
        crc = ""
        if code in resettlement or code in stopped:
            crc = demo_serving.get(code, "")
            if not crc:
                crc = rotation[turn % len(rotation)]
                turn += 1
        if code in became:
            prison["designations"] = [
                {"resettlement": False, "from": ttg, "to": day_before_enhanced},
                {"resettlement": True, "from": enhanced, "to": None},
            ]
            prison["serving_crc"] = [{"crc": crc, "from": enhanced, "to": None}]
        elif code in resettlement:
            prison["designations"] = [{"resettlement": True, "from": ttg, "to": None}]
            prison["serving_crc"] = [{"crc": crc, "from": ttg, "to": None}]
        elif code in stopped:
            prison["designations"] = [
                {"resettlement": True, "from": ttg, "to": stop},
                {"resettlement": False, "from": date.fromordinal(DEDESIGNATED_AFTER.toordinal() + 1).isoformat(), "to": None},
            ]
            prison["serving_crc"] = [{"crc": crc, "from": ttg, "to": stop}]
        else:
            prison["designations"] = [{"resettlement": False, "from": ttg, "to": None}]
            prison["serving_crc"] = []

    owners = list(CRC_OWNERS)
    order = rng.sample(crc_codes, len(crc_codes))
    owner_of = {c: owners[i] if i < len(owners) else rng.choice(owners) for i, c in enumerate(order)}
    crc_rows = [{"code": c, "name": name, "contract_package_area": name.removesuffix(" CRC"), "owner": owner_of[c]} for c, name in crcs]

    managers = []
    spread = rng.sample(crc_codes, len(crc_codes))
    for i in range(scale.contract_managers):
        sex_first = MALE_FIRST_NAMES if rng.random() < 0.5 else FEMALE_FIRST_NAMES
        mine = sorted(spread[i :: scale.contract_managers], key=crc_codes.index)
        managers.append(
            {"username": f"cm.{i + 1:02d}", "first_name": rng.choice(sex_first), "last_name": rng.choice(LAST_NAMES), "crcs": mine}
        )

    return {
        "note": ESTATE_NOTE,
        "crcs": crc_rows,
        "nps_divisions": [{"code": c, "name": n} for c, n in divisions],
        "prisons": prisons,
        "organisations": _organisations(rng, scale.organisations),
        "contract_managers": managers,
    }


def _organisations(rng: random.Random, count: int) -> list[dict[str, Any]]:
    types = [t for t, _ in ORG_TYPE_SHARES]
    weights = [w for _, w in ORG_TYPE_SHARES]
    pools = {t: [(place, kind, specs) for place in ORG_PLACES for kind, specs in kinds] for t, kinds in ORG_KINDS.items()}
    for pool in pools.values():
        rng.shuffle(pool)
    charity_numbers = iter(rng.sample(range(1_000_000, 1_200_000), count))
    result: list[dict[str, Any]] = []
    for _ in range(count):
        kind_type = rng.choices(types, weights)[0]
        if not pools[kind_type]:
            kind_type = "voluntary"
        place, kind, specs = pools[kind_type].pop()
        specialisms = list(specs)
        if rng.random() < 0.25:
            extra = rng.choice(SPECIALISMS)
            if extra not in specialisms and extra != "womens_centre":
                specialisms.append(extra)
        result.append(
            {
                "name": f"{place} {kind}",
                "type": kind_type,
                "charity_number": str(next(charity_numbers)) if kind_type == "voluntary" else "",
                "specialisms": sorted(specialisms, key=SPECIALISMS.index),
            }
        )
    return sorted(result, key=lambda o: o["name"])


# --- the custody feed ------------------------------------------------------------------------------


@dataclass
class Summary:
    events: int = 0
    people: int = 0
    periods: int = 0
    in_custody_now: int = 0
    women_in_custody_now: int = 0
    prisons: int = 0
    seconds: float = 0.0
    feed_path: str = ""
    estate_path: str = ""

    @property
    def women_share_now(self) -> float:
        return self.women_in_custody_now / self.in_custody_now if self.in_custody_now else 0.0

    def line(self) -> str:
        return (
            f"{self.events} events, {self.people} people, {self.periods} custody periods, "
            f"{self.in_custody_now} people in custody now ({self.women_share_now:.1%} women), "
            f"{self.prisons} prisons, {self.seconds:.1f} seconds"
        )


def parse_now(value: str | date | datetime | None) -> tuple[int, int]:
    """'Now' as (date ordinal, minute of the day) in Europe/London. A bare date means its midnight."""
    if value is None:
        value = DEFAULT_NOW
    if isinstance(value, str):
        value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LONDON)
        return value.date().toordinal(), value.hour * 60 + value.minute
    return value.toordinal(), 0


class _Calendar:
    """ISO strings and Europe/London offsets for day ordinals, cached (offsets from zoneinfo)."""

    def __init__(self) -> None:
        self.iso: dict[int, str] = {}
        self.offsets: dict[int, tuple[int, str]] = {}

    def date(self, o: int) -> str:
        s = self.iso.get(o)
        if s is None:
            s = self.iso[o] = date.fromordinal(o).isoformat()
        return s

    def offset(self, o: int) -> tuple[int, str]:
        # Events happen between 07:00 and 21:00, so noon's offset holds all day, even on the days
        # the clocks change (at 01:00 UTC).
        found = self.offsets.get(o)
        if found is None:
            delta = datetime.combine(date.fromordinal(o), dtime(12), tzinfo=LONDON).utcoffset()
            minutes = int(delta.total_seconds() // 60) if delta else 0
            found = self.offsets[o] = (minutes, f"+{minutes // 60:02d}:{minutes % 60:02d}")
        return found


_EPOCH = date(1970, 1, 1).toordinal()
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NUMBER_SPACE = 26 * 10_000 * 26 * 26

# Times of day (minutes, local) for each kind of event.
_RECEPTION_TIMES = (13 * 60, 20 * 60 + 30)
_TRANSFER_TIMES = (8 * 60, 15 * 60)
_SENTENCE_TIMES = (10 * 60, 17 * 60)
_RELEASE_TIMES = (7 * 60 + 30, 11 * 60 + 30)


class FeedGenerator:
    """Simulates people and writes the chronological feed. One instance per run."""

    def __init__(self, estate: dict[str, Any], scale: Scale, seed: int, now: str | date | datetime | None = None) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.now_o, self.now_m = parse_now(now)
        now_date = date.fromordinal(self.now_o)
        try:
            start = now_date.replace(year=now_date.year - scale.years)
        except ValueError:  # 29 February
            start = now_date.replace(year=now_date.year - scale.years, day=28)
        self.window_start = start.toordinal()
        self.cal = _Calendar()
        self.summary = Summary(prisons=len(estate["prisons"]))
        self._prepare_estate(estate)
        multiplier = self.rng.randrange(1, _NUMBER_SPACE)
        while gcd(multiplier, _NUMBER_SPACE) != 1:
            multiplier += 1
        self._number_multiplier = multiplier
        self._number_offset = self.rng.randrange(_NUMBER_SPACE)
        self._sequence = 0
        codes, weights = zip(*ETHNICITY_SHARES, strict=True)
        self._ethnicities = codes
        self._ethnicity_weights = list(_cumulative(weights))
        self._sentences = {sex: self._sentence_bins(bins) for sex, bins in (("M", MALE_SENTENCES), ("F", FEMALE_SENTENCES))}

    # The estate, as the simulation needs it.
    def _prepare_estate(self, estate: dict[str, Any]) -> None:
        rng = random.Random(f"weights-{self.seed}")
        by_sex: dict[str, list[str]] = {"M": [], "F": []}
        weight: dict[str, int] = {}
        local: dict[str, bool] = {}
        periods: dict[str, list[tuple[int, int]]] = {}
        boundaries: set[int] = set()
        for prison in estate["prisons"]:
            code = prison["code"]
            sex = "F" if prison["estate"] == "female" else "M"
            by_sex[sex].append(code)
            weight[code] = rng.randint(3, 16) if sex == "M" else rng.randint(3, 6)
            local[code] = sex == "F" or code in ("ACI", "LPI") or rng.random() < 0.6
            spans = []
            for d in prison["designations"]:
                if d["resettlement"]:
                    lo = date.fromisoformat(d["from"]).toordinal()
                    hi = date.fromisoformat(d["to"]).toordinal() + 1 if d["to"] else 10**7
                    spans.append((lo, hi))
                    boundaries.update((lo, hi))
            periods[code] = spans
        self.boundaries = sorted(boundaries)
        self.prisons_by_sex = by_sex
        self.prison_sex = {c: s for s, cs in by_sex.items() for c in cs}

        def pick_list(codes: list[str]) -> tuple[list[str], list[int]]:
            return codes, list(_cumulative(weight[c] for c in codes))

        self.any_prison = {s: pick_list(cs) for s, cs in by_sex.items()}
        self.reception_prison = {s: pick_list([c for c in cs if local[c]] or cs) for s, cs in by_sex.items()}
        # Resettlement prisons per era between designation changes.
        self.resettlement_by_era: list[dict[str, tuple[list[str], list[int]]]] = []
        for era in range(len(self.boundaries) + 1):
            probe = self.boundaries[era - 1] if era else -1
            era_lists = {}
            for sex, cs in by_sex.items():
                era_lists[sex] = pick_list([c for c in cs if any(lo <= probe < hi for lo, hi in periods[c])])
            self.resettlement_by_era.append(era_lists)

    @staticmethod
    def _sentence_bins(bins: Sequence[tuple[int, str, int, int]]) -> tuple[list[int], list[tuple[str, int, int]]]:
        return list(_cumulative(b[0] for b in bins)), [(u, lo, hi) for _, u, lo, hi in bins]

    # --- sampling helpers

    def _prison_number(self, index: int) -> str:
        x = (index * self._number_multiplier + self._number_offset) % _NUMBER_SPACE
        x, first = divmod(x, 26)
        x, digits = divmod(x, 10_000)
        third, second = divmod(x, 26)
        return f"{_LETTERS[first]}{digits:04d}{_LETTERS[second]}{_LETTERS[third]}"

    def _sentence_length(self, sex: str) -> int:
        rng = self.rng
        cum, bins = self._sentences[sex]
        unit, lo, hi = bins[bisect_right(cum, rng.random() * cum[-1])]
        if unit == "w":
            return 7 * rng.randint(lo, hi)
        months = rng.randint(lo, hi) if hi - lo < 100 else min(hi, lo + int(rng.expovariate(1 / 48)))
        return round(months * 365.25 / 12)

    def _choose(self, lists: tuple[list[str], list[int]], avoid: str = "") -> str:
        codes, cum = lists
        if not codes or (len(codes) == 1 and codes[0] == avoid):
            return ""
        rng = self.rng
        for _ in range(8):
            code = codes[bisect_right(cum, rng.random() * cum[-1])]
            if code != avoid:
                return code
        return next(c for c in codes if c != avoid)

    def _resettlement_prisons(self, o: int, sex: str) -> tuple[list[str], list[int]]:
        return self.resettlement_by_era[bisect_right(self.boundaries, o)][sex]

    @staticmethod
    def _weekday_release(o: int, not_before: int) -> int:
        """Releases happen on weekdays: a Saturday or Sunday release moves to the Friday before."""
        wd = (o + 6) % 7  # Monday 0 (date(1, 1, 1) is a Monday, ordinal 1)
        if wd >= 5:
            moved = o - (wd - 4)
            return moved if moved > not_before else o + (7 - wd)
        return o

    def _minute(self, span: tuple[int, int]) -> int:
        lo, hi = span
        return lo + 5 * self.rng.randrange((hi - lo) // 5)

    # --- the simulation

    def _period(
        self, sex: str, rec_o: int, recall: tuple[str, int, int, int] | None
    ) -> tuple[list[tuple[Any, ...]], int, str, tuple[Any, ...] | None]:
        """One custody period from reception to release, as timeline entries.

        Returns (entries, release ordinal, release type, licence) where licence is
        (sentence_type, start, length, end_of_licence) for someone released on licence.
        Entries are (ordinal, minute, kind, data); the prison is filled in later.
        """
        rng = self.rng
        entries: list[tuple[Any, ...]] = []
        busy = {rec_o}
        sentence_o = 0
        if recall is not None:
            stype, start, length, end = recall
            legal = "RECALL"
            if stype == "INDETERMINATE":
                release_date = 0
                release_o = rec_o + rng.randint(300, 4 * 365)
                release_type = "PAROLE"
                licence: tuple[Any, ...] | None = (stype, start, 0, 10**7)
            elif end - rec_o > 42 and rng.random() < 0.5:  # fixed-term recall: 28 days
                release_date = release_o = rec_o + 28
                release_type = "CONDITIONAL"
                licence = (stype, start, length, end)
            else:  # standard recall: to the end of the sentence
                release_date = release_o = max(end, rec_o + 1)
                release_type = "END_OF_SENTENCE"
                licence = None
            entries.append((rec_o, self._minute(_RECEPTION_TIMES), "RECEPTION", (legal, stype, start, length, release_date)))
            return self._finish(entries, busy, rec_o, release_o, release_type, sex), release_o, release_type, licence

        remand = rng.random() < 0.167
        if remand:
            entries.append((rec_o, self._minute(_RECEPTION_TIMES), "RECEPTION", ("REMAND", "", 0, 0, 0)))
            sentence_o = rec_o + 7 + min(int(rng.expovariate(1 / 40)), 330)
            wd = (sentence_o + 6) % 7
            if wd >= 5:  # courts sit on weekdays
                sentence_o += 7 - wd
            if rng.random() < 0.2:  # acquitted, or a non-custodial sentence: released from court
                return self._finish(entries, busy, rec_o, sentence_o, "COURT", sex), sentence_o, "COURT", None
            busy.add(sentence_o)
            start = sentence_o
        else:
            start = rec_o - (1 if rng.random() < 0.35 else 0)

        if rng.random() < 0.02:
            stype, length, release_date = "INDETERMINATE", 0, 0
            release_o = start + int(365 * (2 + rng.expovariate(1 / 9))) + rng.randint(0, 4 * 365)
            release_type = "PAROLE"
            licence = (stype, start, 0, 10**7)
        else:
            stype = "DETERMINATE"
            length = self._sentence_length(sex)
            release_date = start + length // 2
            licence = None
        sentence = (stype, start, length, release_date)
        if remand:
            entries.append((sentence_o, self._minute(_SENTENCE_TIMES), "SENTENCE", ("SENTENCED", *sentence)))
        else:
            entries.append((rec_o, self._minute(_RECEPTION_TIMES), "RECEPTION", ("SENTENCED", *sentence)))

        if stype == "DETERMINATE":
            anchor = max(rec_o, sentence_o)
            crd = release_date
            end = start + length
            # Some serve to the end of the sentence (release on licence refused): a SENTENCE event
            # moves their release date to the sentence end. Others have the date recalculated.
            full_term = length >= 365 and rng.random() < 0.04
            if crd - anchor > 90 and (full_term or rng.random() < 0.06):
                change_o = anchor + rng.randint(20, max(21, (crd - anchor) * 3 // 4))
                if change_o < crd - 14 and change_o not in busy:
                    if full_term:
                        crd = end
                    else:
                        delta = rng.randint(1, 56) if rng.random() < 0.75 else -rng.randint(1, 14)
                        crd = max(change_o + 7, crd + delta)
                    busy.add(change_o)
                    entries.append((change_o, self._minute(_SENTENCE_TIMES), "SENTENCE", ("SENTENCED", stype, start, length, crd)))
                    anchor = change_o
                else:
                    full_term = False
            else:
                full_term = False
            roll = rng.random()
            if full_term:
                release_o, release_type = crd, "END_OF_SENTENCE"
            elif length < 365 and crd < ORA_START:  # before the ORA: no licence for short sentences
                release_o, release_type = crd, "CONDITIONAL"
            elif roll < 0.015:
                release_o, release_type = crd - rng.randint(0, 30), "DEPORTED"
            elif roll < 0.018:
                release_o, release_type = crd, "OTHER"
            elif 84 <= length < 1460 and roll < 0.33:
                release_o = max(crd - rng.randint(14, 135), start + max(length // 4, 28))
                release_type = "HOME_DETENTION_CURFEW" if release_o < crd else "CONDITIONAL"
                licence = (stype, start, length, end)
            else:
                release_o, release_type = crd, "CONDITIONAL"
                licence = (stype, start, length, end)
            release_o = max(release_o, anchor + 1)
        return self._finish(entries, busy, rec_o, release_o, release_type, sex), release_o, release_type, licence

    def _finish(
        self, entries: list[tuple[Any, ...]], busy: set[int], rec_o: int, release_o: int, release_type: str, sex: str
    ) -> list[tuple[Any, ...]]:
        """Add transfers and the release; fill in the prisons along the way."""
        rng = self.rng
        last = max(busy)
        release_o = self._weekday_release(max(release_o, last + 1), last)
        span = release_o - rec_o
        wanted = 0
        if span > 28 and len(self.prisons_by_sex[sex]) > 1:
            roll = rng.random()
            if span < 120:
                wanted = 1 if roll < 0.15 else 0
            elif span < 365:
                wanted = 1 if roll < 0.45 else 2 if roll < 0.55 else 0
            else:
                wanted = 1 if roll < 0.35 else 2 if roll < 0.65 else 3 if roll < 0.8 else 0
        days: list[int] = []
        toward = False
        if wanted:
            if span > 150 and release_o > TTG_START.toordinal() and rng.random() < 0.7:
                # the last move is to a resettlement prison, three to six months before release (T9)
                lo = max(rec_o + 1, release_o - 180)
                day = rng.randint(lo, release_o - 90)
                if day not in busy:
                    days.append(day)
                    busy.add(day)
                    toward = True
                    wanted -= 1
            upper = (days[0] if days else release_o) - 1
            for _ in range(wanted):
                if upper - rec_o < 2:
                    break
                day = rng.randint(rec_o + 1, upper)
                if day not in busy:
                    days.append(day)
                    busy.add(day)
        last_transfer = max(days) if toward else -1
        for day in days:
            entries.append((day, self._minute(_TRANSFER_TIMES), "TRANSFER", day == last_transfer))
        entries.sort(key=lambda e: e[0])
        entries.append((release_o, self._minute(_RELEASE_TIMES), "RELEASE", release_type))

        prison = self._choose(self.reception_prison[sex])
        placed = []
        for o, m, kind, data in entries:
            if kind == "TRANSFER":
                destination = ""
                if data:
                    destination = self._choose(self._resettlement_prisons(o, sex), avoid=prison)
                if not destination:
                    destination = self._choose(self.any_prison[sex], avoid=prison)
                placed.append((o, m, kind, (prison, destination)))
                prison = destination
            else:
                placed.append((o, m, kind, (prison, data)))
        return placed

    def _person(self) -> tuple[str, int, list[tuple[list[tuple[Any, ...]], bool]]]:
        """A person's chain of custody periods: (sex, date of birth ordinal, [(entries, open now)])."""
        rng = self.rng
        now_o = self.now_o
        sex = "F" if rng.random() < self.scale.female_share else "M"
        rec_o = rng.randint(self.window_start - BURN_IN_DAYS, now_o - 1)
        age = min(79, 18 + int(rng.gammavariate(2.0, 7.0)))
        rec_date = date.fromordinal(rec_o)
        try:
            dob = rec_date.replace(year=rec_date.year - age)
        except ValueError:
            dob = rec_date.replace(year=rec_date.year - age, day=28)
        dob_o = dob.toordinal() - rng.randint(0, 364)
        last_allowed = _add_years(dob_o, 80)  # ages 18 to 80 at every reception
        chain = []
        recall = None
        while True:
            entries, _, release_type, licence = self._period(sex, rec_o, recall)
            release_o = entries[-1][0]  # as released: weekends moved to the Friday before
            still_in = (entries[-1][0], entries[-1][1]) >= (now_o, self.now_m)
            chain.append((entries, still_in))
            if still_in or release_type == "DEPORTED":
                break
            recall = None
            if licence is not None and licence[3] - release_o > 21 and rng.random() < (0.05 if licence[0] == "INDETERMINATE" else 0.2):
                recall = licence
                rec_o = release_o + rng.randint(7, min(licence[3] - release_o - 14, 540))
            else:
                age_now = (release_o - dob_o) / 365.25
                reoffend = 0.55 if age_now < 25 else 0.5 if age_now < 35 else 0.4 if age_now < 50 else 0.2
                if rng.random() >= reoffend:
                    break
                gap = rng.randint(14, 183) if rng.random() < 0.35 else 184 + int(rng.expovariate(1 / 900))
                rec_o = release_o + gap
            if rec_o >= now_o or rec_o >= last_allowed:
                break
        return sex, dob_o, chain

    # --- writing

    def _emit(self, sex: str, dob_o: int, chain: list[tuple[list[tuple[Any, ...]], bool]], out: list[str]) -> None:
        """Append this person's events in the window and before now, as sortable run lines."""
        rng = self.rng
        now = (self.now_o, self.now_m)
        start = self.window_start
        kept = [(entries, still_in) for entries, still_in in chain if entries[0][0] >= start]
        if not kept:
            return
        summary = self.summary
        number = self._prison_number(summary.people)
        summary.people += 1
        first = rng.choice(FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        ethnicity = self._ethnicities[bisect_right(self._ethnicity_weights, rng.random() * self._ethnicity_weights[-1])]
        cal = self.cal
        dob = cal.date(dob_o)
        prefix = f"gen-{self.seed}-"
        for entries, still_in in kept:
            summary.periods += 1
            if still_in:
                summary.in_custody_now += 1
                summary.women_in_custody_now += sex == "F"
            for o, m, kind, data in entries:
                if (o, m) >= now:
                    break
                offset_minutes, offset = cal.offset(o)
                occurred = f"{cal.date(o)}T{m // 60:02d}:{m % 60:02d}:00{offset}"
                self._sequence += 1
                seq = self._sequence
                event_id = f"{prefix}{seq}"
                if kind == "TRANSFER":
                    row = (event_id, kind, occurred, number, "", data[0], data[1], "", "", "", "", "", "", "", "", "", "", "")
                elif kind == "RELEASE":
                    row = (event_id, kind, occurred, number, data[0], "", "", "", "", "", "", "", "", "", "", "", "", data[1])
                else:
                    prison, (legal, stype, s_start, length, release_date) = data
                    sentence = (
                        stype,
                        cal.date(s_start) if stype else "",
                        str(length) if length else "",
                        cal.date(release_date) if release_date else "",
                    )
                    if kind == "RECEPTION":
                        row = (event_id, kind, occurred, number, prison, "", "", first, last, dob, sex, ethnicity, legal, *sentence, "")
                    else:
                        row = (event_id, kind, occurred, number, prison, "", "", "", "", "", "", "", legal, *sentence, "")
                utc = (o - _EPOCH) * 1440 + m - offset_minutes
                out.append(f"{utc:09d}{seq:010d}\t" + "\t".join(row) + "\n")
                summary.events += 1

    def write_runs(self, directory: Path, chunk_events: int = 400_000) -> list[Path]:
        """Simulate people until the scale's periods are reached, spilling sorted chunks to files."""
        runs: list[Path] = []
        buffer: list[str] = []

        def spill() -> None:
            buffer.sort()
            path = directory / f"run-{len(runs):04d}.tsv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(buffer)
            runs.append(path)
            buffer.clear()

        target = self.scale.periods
        while self.summary.periods < target:
            sex, dob_o, chain = self._person()
            self._emit(sex, dob_o, chain, buffer)
            if len(buffer) >= chunk_events:
                spill()
        if buffer or not runs:
            spill()
        return runs


def _cumulative(weights: Any) -> Iterator[Any]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def _add_years(o: int, years: int) -> int:
    d = date.fromordinal(o)
    try:
        return d.replace(year=d.year + years).toordinal()
    except ValueError:
        return d.replace(year=d.year + years, day=28).toordinal()


def merge_runs(runs: Sequence[Path], out: Path, jsonl: bool) -> None:
    """Merge the sorted runs into the output file (CSV, or JSON Lines without empty fields)."""
    handles = [path.open(encoding="utf-8", newline="") for path in runs]
    try:
        with out.open("w", encoding="utf-8", newline="") as target:
            merged = heapq.merge(*handles)
            if jsonl:
                dumps = json.dumps
                for line in merged:
                    fields = line.rstrip("\n").split("\t")[1:]
                    target.write(dumps({k: v for k, v in zip(FEED_COLUMNS, fields, strict=True) if v}, ensure_ascii=False) + "\n")
            else:
                writer = csv.writer(target, lineterminator="\n")
                writer.writerow(FEED_COLUMNS)
                writer.writerows(line.rstrip("\n").split("\t")[1:] for line in merged)
    finally:
        for handle in handles:
            handle.close()


def estate_path_for(out: Path | str) -> Path:
    return Path(out).with_suffix(".estate.json")


def generate(
    out: Path | str,
    scale: str | Scale = "demo",
    seed: int = 1,
    now: str | date | datetime | None = None,
    prisons_csv: Path | str | None = None,
    constants: tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]], dict[str, str]] | None = None,
    chunk_events: int = 400_000,
) -> Summary:
    """Write the custody feed to `out` (CSV, or JSON Lines if it ends .jsonl) and the estate beside it."""
    started = time.monotonic()
    out = Path(out)
    scale = scale_named(scale)
    out.parent.mkdir(parents=True, exist_ok=True)
    estate = build_estate(scale, seed, prisons_csv, constants)
    estate_path = estate_path_for(out)
    estate_path.write_text(json.dumps(estate, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    generator = FeedGenerator(estate, scale, seed, now)
    partial = out.with_name(out.name + ".part")
    with tempfile.TemporaryDirectory(prefix=".generate-", dir=out.parent) as tmp:
        runs = generator.write_runs(Path(tmp), chunk_events)
        merge_runs(runs, partial, jsonl=out.suffix == ".jsonl")
    os.replace(partial, out)

    summary = generator.summary
    summary.seconds = time.monotonic() - started
    summary.feed_path, summary.estate_path = str(out), str(estate_path)
    return summary
