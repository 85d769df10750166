from .models import DesiredOutcome

"""The first desired outcomes per pathway, loaded by a data migration (administrators edit them later)."""

SEED: dict[str, tuple[str, ...]] = {
    "accommodation": (
        "Has somewhere safe and suitable to live on release",
        "Keeps their tenancy while in custody",
        "Has applied to the local housing authority",
    ),
    "ete": (
        "Has a CV and a plan for work or training",
        "Starts education or training",
        "Starts work",
    ),
    "health": (
        "Is registered with a GP on release",
        "Has a mental health assessment or support in place",
    ),
    "drugs_alcohol": (
        "Is in touch with a community treatment service on release",
        "Reduces their use of drugs or alcohol",
    ),
    "finance": (
        "Has a bank account",
        "Has claimed the benefits they are entitled to",
        "Has a plan to manage their debts",
        "Has identification documents",
    ),
    "children_families": (
        "Keeps or rebuilds contact with their children and family",
        "Has support for family relationships",
    ),
    "attitudes": ("Takes part in a programme on attitudes, thinking and behaviour",),
    "abuse": (
        "Has a safety plan",
        "Is in touch with a specialist domestic abuse service",
        "Has counselling or emotional support",
    ),
    "sex_work": (
        "Is in touch with a specialist service for women involved in sex work",
        "Has a plan to exit sex work, if she chooses",
    ),
}


def load_desired_outcomes() -> int:
    """The seed outcomes, again (for the demo and for browser tests that empty the tables)."""

    made = 0
    for pathway, texts in SEED.items():
        for order, text in enumerate(texts):
            made += DesiredOutcome.objects.get_or_create(pathway=pathway, text=text, defaults={"order": order})[1]
    return made
