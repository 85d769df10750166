"""The catalogue's titles, names and descriptions in English and Welsh (issue 22, docs/welsh.md): carried by
its versioned data, refused on load when one is missing, stored beside the English, shown in the reader's
language."""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ttg.plans.catalogue import selectors, services
from ttg.plans.catalogue.loader import CATALOGUE_DIR, INITIAL_FILES, CatalogueFileError, read_version_file, text_problem
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion
from ttg.plans.catalogue.rules import in_language, is_welsh

# --- The files ------------------------------------------------------------------------------------------


def _broken(tmp_path: Path, change: Any) -> Path:
    data = json.loads((CATALOGUE_DIR / "2019-04-01.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "2019-04-01.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["activities"][13]["title"].pop("cy"),
            "2019-04-01.json, activity 14 (finance-bank-account): its title has no Welsh (cy)",
        ),
        (
            lambda d: d["activities"][13]["description"].update(cy=" "),
            "2019-04-01.json, activity 14 (finance-bank-account): its description has no Welsh (cy)",
        ),
        (
            lambda d: d["activities"][0]["title"].pop("en-gb"),
            "2019-04-01.json, activity 1 (screening-bcst2): its title has no English (en-gb)",
        ),
        (
            lambda d: d["activities"][0].update(title="Complete BCST2 with the person"),
            "2019-04-01.json, activity 1 (screening-bcst2): its title must be in English (en-gb) and Welsh (cy)",
        ),
        (lambda d: d["activities"][0].pop("title"), "2019-04-01.json, activity 1 (screening-bcst2): it needs a title"),
        (
            lambda d: d["activities"][0]["title"].update(fr="Compléter"),
            "2019-04-01.json, activity 1 (screening-bcst2): its title has unknown languages ['fr']",
        ),
        (lambda d: d["levels"][1]["name"].pop("cy"), "2019-04-01.json, level 2 (2): its name has no Welsh (cy)"),
        (lambda d: d["levels"][2]["description"].pop("cy"), "2019-04-01.json, level 3 (3): its description has no Welsh (cy)"),
        (lambda d: d["need_areas"][3]["name"].pop("cy"), "2019-04-01.json, need area 4 (personal): its name has no Welsh (cy)"),
        (
            lambda d: d["need_areas"][0]["description"].pop("cy"),
            "2019-04-01.json, need area 1 (accommodation): its description has no Welsh (cy)",
        ),
        (lambda d: d["pathways"][2]["name"].pop("cy"), "2019-04-01.json, pathway 3 (health): its name has no Welsh (cy)"),
        (lambda d: d["pathways"][7]["description"].pop("cy"), "2019-04-01.json, pathway 8 (abuse): its description has no Welsh (cy)"),
    ],
)
def test_a_file_missing_a_welsh_or_english_text_is_refused_naming_the_file_and_the_item(tmp_path: Path, change: Any, message: str) -> None:
    with pytest.raises(CatalogueFileError) as error:
        read_version_file(_broken(tmp_path, change))
    assert str(error.value).startswith(message), str(error.value)


def test_a_description_may_be_left_out_but_not_half_given() -> None:
    assert text_problem(None, "description", required=False) == ""
    assert text_problem({"en-gb": "", "cy": ""}, "description", required=False) == ""
    assert "has no Welsh (cy)" in text_problem({"en-gb": "Said.", "cy": ""}, "description", required=False)
    assert "has no English (en-gb)" in text_problem({"cy": "Dywedwyd."}, "description", required=False)
    assert text_problem({"en-gb": "Said.", "cy": "Dywedwyd."}, "title", required=True) == ""


def test_every_text_of_both_files_is_in_english_and_welsh_and_they_differ() -> None:
    for name in INITIAL_FILES:
        data = read_version_file(CATALOGUE_DIR / name)
        for row in data.activities:
            assert row["title_cy"] and row["title_cy"] != row["title"], row["code"]
            assert row["description_cy"] and row["description_cy"] != row["description"], row["code"]
        for row in (*data.levels, *data.need_areas, *data.pathways):
            assert row["name_cy"] and row["name_cy"] != row["name"], row
            assert row["description_cy"], row


def test_the_language_helper() -> None:
    assert is_welsh("cy") and is_welsh("cy-GB") and is_welsh("CY_gb")
    assert not is_welsh("en-gb") and not is_welsh("en") and not is_welsh(None) and not is_welsh("")
    assert in_language("Health", "Iechyd", "cy") == "Iechyd"
    assert in_language("Health", "Iechyd", "en-gb") == "Health"
    assert in_language("Health", " ", "cy") == "Health"  # a draft's row with no Welsh yet: the English, not nothing


# --- Stored beside the English ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migrations_stored_the_welsh_of_every_row(catalogue: dict[str, CatalogueVersion]) -> None:
    bank = Activity.objects.get(version=catalogue["2019"], code="finance-bank-account")
    assert (bank.title, bank.title_cy) == ("Open a bank account", "Agor cyfrif banc")
    assert bank.description_cy.startswith("I berson heb gyfrif banc")
    for model in (CatalogueLevel, CatalogueNeedArea, CataloguePathway):
        assert not model.objects.filter(name_cy="").exists(), model
    assert not Activity.objects.filter(title_cy="").exists()
    assert CataloguePathway.objects.get(version=catalogue["2015"], code="health").name_cy == "Iechyd"
    assert CatalogueLevel.objects.get(version=catalogue["2019"], level=1).name_cy == "Sgrinio a chynllunio adsefydlu"


@pytest.mark.django_db
def test_the_data_migration_fills_an_initial_version_by_its_name_and_a_copy_by_the_same_english(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]
) -> None:
    """The migration's own function, on the current models: rows with no Welsh yet, as before 0018."""
    migration = importlib.import_module("ttg.plans.migrations.0018_catalogue_welsh")
    copy = services.copy_as_draft(version=catalogue["2019"], by=personas["administrator"], in_force_from=date(2020, 1, 6))
    copy.activities.filter(code="ete-cv-job-search").update(title="Write a CV and look for work")
    Activity.objects.update(title_cy="", description_cy="")
    CatalogueLevel.objects.update(name_cy="", description_cy="")
    CatalogueNeedArea.objects.update(name_cy="", description_cy="")
    CataloguePathway.objects.update(name_cy="", description_cy="")
    CataloguePathway.objects.filter(version=catalogue["2019"], code="ete").update(name_cy="Wedi’i gadw")  # one already there
    migration.add_welsh(apps, None)
    assert Activity.objects.get(version=catalogue["2015"], code="screening-bcst2").title_cy == "Cwblhau BCST2 a’r cynllun adsefydlu"
    assert Activity.objects.get(version=catalogue["2019"], code="screening-bcst2").title_cy == "Cwblhau BCST2 gyda’r person"
    assert CataloguePathway.objects.get(version=catalogue["2019"], code="ete").name_cy == "Wedi’i gadw"
    assert CatalogueNeedArea.objects.get(version=catalogue["2019"], code="personal").name_cy == "Personol, perthnasoedd a’r gymuned"
    # The copy: the same English has the same Welsh; an English text the administrator changed has none.
    assert copy.activities.get(code="finance-bank-account").title_cy == "Agor cyfrif banc"
    changed = copy.activities.get(code="ete-cv-job-search")
    assert changed.title_cy == "" and changed.description_cy.startswith("Helpu’r person i ysgrifennu CV")
    assert services.welsh_problems(copy) == {
        "activities": ["Activity “Write a CV and look for work” (ete-cv-job-search): give its title in Welsh."]
    }


@pytest.mark.django_db
def test_a_copy_keeps_the_welsh_and_publish_refuses_a_draft_missing_it_naming_the_row(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]
) -> None:
    draft = services.copy_as_draft(version=catalogue["2019"], by=personas["administrator"], in_force_from=date(2019, 10, 1))
    assert draft.activities.get(code="finance-bank-account").title_cy == "Agor cyfrif banc"
    assert draft.pathways.get(code="health").name_cy == "Iechyd" and draft.levels.get(level=2).description_cy
    assert services.welsh_problems(draft) == {}
    Activity.objects.create(version=draft, code="ete-interview", title="Practise an interview", pathway="ete", level=2, order=999)
    draft.pathways.filter(code="health").update(description_cy="")
    draft.levels.filter(level=3).update(name_cy="")
    draft.need_areas.filter(code="finance").update(name_cy="")
    with pytest.raises(ValidationError) as error:
        services.publish(version=draft, by=personas["administrator"])
    assert error.value.message_dict == {
        "activities": ["Activity “Practise an interview” (ete-interview): give its title in Welsh."],
        "levels": ["Level 3: give its name in Welsh."],
        "need_areas": ["Need area “Finance, benefit and debt”: give its name in Welsh."],
        "pathways": ["Pathway “Health”: give its description in Welsh."],
    }
    draft.refresh_from_db()
    assert not draft.published


# --- Shown in the reader's language -----------------------------------------------------------------------


def _welsh(client: Any) -> Any:
    client.cookies["django_language"] = "cy"
    return client


@pytest.mark.django_db
def test_a_welsh_reader_sees_the_welsh_titles_descriptions_names_and_levels(
    catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    url = reverse("catalogue_version", args=[catalogue["2019"].pk])
    page = _welsh(client_for("ttg_caseworker")).get(url).content.decode()
    assert 'lang="cy"' in page
    for welsh in (
        ">Agor cyfrif banc<",  # an activity's title
        "I berson heb gyfrif banc: ei helpu i wneud cais i fanc",  # its description
        ">Personol, perthnasoedd a’r gymuned</h2>",  # a need area's name
        "Arian ar ôl rhyddhau: cyfrif banc",  # a need area's description
        ">Iechyd</h3>",  # a pathway's name
        "Iechyd corfforol a meddyliol, a meddyg teulu ar ôl rhyddhau.",  # its description
        "Sgrinio a chynllunio adsefydlu",  # a level's name
        "I bobl ag angen penodol",  # a level's description
    ):
        assert welsh in page, welsh
    for english in ("Open a bank account", ">Personal, relationships and community</h2>", ">Health</h3>", "A particular need"):
        assert english not in page, english
    # A need area with one pathway of the same name has one heading, in Welsh too.
    assert ">Llety</h2>" in page and ">Llety</h3>" not in page
    listing = _welsh(client_for("ttg_caseworker")).get(reverse("catalogue_list")).content.decode()
    assert "Anghenion a gwendidau pellach" in listing and "Further needs and vulnerabilities" not in listing


@pytest.mark.django_db
def test_an_english_reader_sees_the_english(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    page = client_for("ttg_caseworker").get(reverse("catalogue_version", args=[catalogue["2019"].pk])).content.decode()
    assert ">Open a bank account<" in page and ">Personal, relationships and community</h2>" in page and ">Health</h3>" in page
    assert "A particular need" in page
    assert "Agor cyfrif banc" not in page and "Iechyd" not in page and "Angen penodol" not in page


@pytest.mark.django_db
def test_the_welsh_page_reads_no_more_than_the_english(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    urls = [reverse("catalogue_list"), reverse("catalogue_version", args=[catalogue["2019"].pk])]
    english, welsh = client_for("analyst"), _welsh(client_for("analyst"))
    for client in (english, welsh):
        client.get(urls[0])

    def count(client: Any, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # One user reading in both languages at once: each request records the language it was read in
        # (User.language, ttg/accounts/language.py); that write is not the page's reading.
        return len([q for q in queries if not q["sql"].startswith('UPDATE "accounts_user" SET "language"')])

    assert [count(welsh, url) for url in urls] == [count(english, url) for url in urls]


@pytest.mark.django_db
def test_pathway_names_and_the_models_follow_the_active_language(catalogue: dict[str, CatalogueVersion]) -> None:
    version = catalogue["2019"]
    bank = Activity.objects.get(version=version, code="finance-bank-account")
    with translation.override("cy"):
        assert selectors.pathway_names(version.pk)["finance"] == "Cyllid, budd-daliadau a dyledion"
        assert bank.title_in() == "Agor cyfrif banc"
        assert selectors.structure(version).pathway_names["health"] == "Iechyd"
    with translation.override("en-gb"):
        assert selectors.pathway_names(version.pk)["finance"] == "Finance, benefit and debt"
        assert bank.title_in() == "Open a bank account"
    assert bank.title_in("cy") == "Agor cyfrif banc" and bank.title_in("en-gb") == "Open a bank account"
    assert selectors.pathway_names(version, "cy")["ete"] == "Addysg, hyfforddiant a chyflogaeth"


@pytest.mark.django_db
def test_the_api_gives_each_text_in_english_and_welsh(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    body = client_for("analyst").get(reverse("api_catalogue_version", args=[catalogue["2019"].pk])).json()
    bank = next(a for a in body["activities"] if a["code"] == "finance-bank-account")
    assert (bank["title"], bank["title_cy"]) == ("Open a bank account", "Agor cyfrif banc") and bank["description_cy"]
    assert {p["code"]: p["name_cy"] for p in body["pathways"]}["health"] == "Iechyd"
    assert {a["code"]: a["name_cy"] for a in body["need_areas"]}["personal"] == "Personol, perthnasoedd a’r gymuned"
    assert body["levels"][0]["name_cy"] == "Sgrinio a chynllunio adsefydlu"
