"""The initial content (loaded by the data migration from catalogue/data/*.json): our reading of Annex A."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ttg.core.pathways import PATHWAY_CODES
from ttg.plans.catalogue.constants import Level, Mode
from ttg.plans.catalogue.loader import CATALOGUE_DIR, CatalogueFileError, read_version_file
from ttg.plans.catalogue.models import Activity, CatalogueVersion


def test_the_migration_loaded_two_published_versions(catalogue: dict[str, CatalogueVersion]) -> None:
    assert catalogue["2015"].in_force_from == date(2015, 2, 1) and catalogue["2015"].published
    assert catalogue["2019"].in_force_from == date(2019, 4, 1) and catalogue["2019"].published
    assert catalogue["2019"].by_need_area and not catalogue["2015"].by_need_area
    for version in catalogue.values():
        assert "Our reading" in version.notes
        assert 20 <= version.activities.count() <= 40


def test_every_pathway_has_a_level_2_activity_in_2019(catalogue: dict[str, CatalogueVersion]) -> None:
    level_2 = set(catalogue["2019"].activities.filter(level=Level.TWO).values_list("pathway", flat=True))
    assert level_2 == set(PATHWAY_CODES)


def test_level_1_is_for_everyone_and_mandatory(catalogue: dict[str, CatalogueVersion]) -> None:
    for version in catalogue.values():
        level_1 = version.activities.filter(level=Level.ONE)
        titles = set(level_1.values_list("title", flat=True))
        assert {"Agree the resettlement plan with the person", "Pre-release review", "Handover to the responsible officer"} <= titles
        assert all(a.mandatory and a.cohort == "" for a in level_1)


def test_every_signposted_activity_names_what_it_signposts_to(catalogue: dict[str, CatalogueVersion]) -> None:
    signposted = Activity.objects.filter(version__in=catalogue.values(), mode=Mode.SIGNPOST)
    assert signposted.count() > 10
    assert not signposted.filter(signpost_to="").exists()
    assert not Activity.objects.filter(version__in=catalogue.values(), mode=Mode.DELIVER).exclude(signpost_to="").exists()
    by_code = {a.code: a.signpost_to for a in catalogue["2019"].activities.all()}
    assert by_code["accommodation-duty-to-refer"] == "local_housing_authority"
    assert by_code["ete-dwp-work-coach"] == "dwp_work_coach"
    assert by_code["finance-bank-account"] == "bank"
    assert by_code["health-gp"] == "prison_healthcare"
    assert by_code["drugs-alcohol-refer"] == "substance_misuse_service"
    assert by_code["abuse-specialist-service"] == "specialist_organisation"


def test_cohort_activities_carry_guidance(catalogue: dict[str, CatalogueVersion]) -> None:
    for_cohorts = Activity.objects.filter(version__in=catalogue.values()).exclude(cohort="")
    assert not for_cohorts.filter(guidance="").exists()
    level_3 = catalogue["2019"].activities.filter(level=Level.THREE)
    assert set(level_3.values_list("cohort", flat=True)) >= {
        "domestic_abuse",
        "sex_work",
        "learning_disability",
        "care_leavers",
        "veterans",
    }
    assert not level_3.filter(cohort="").exists()


def test_codes_stay_the_same_across_versions(catalogue: dict[str, CatalogueVersion]) -> None:
    before = {a.code: a.pathway for a in catalogue["2015"].activities.all()}
    after = {a.code: a.pathway for a in catalogue["2019"].activities.all()}
    shared = before.keys() & after.keys()
    assert len(shared) >= 15
    assert all(before[code] == after[code] for code in shared)


def test_loading_again_changes_nothing(catalogue: dict[str, CatalogueVersion]) -> None:
    from ttg.plans.catalogue.loader import load_initial_catalogue

    count = Activity.objects.count()
    assert [v.pk for v in load_initial_catalogue()] == [catalogue["2015"].pk, catalogue["2019"].pk]
    assert Activity.objects.count() == count


def _broken(tmp_path: Path, change: dict[str, Any], index: int = 0) -> Path:
    data = json.loads((CATALOGUE_DIR / "2019-04-01.json").read_text(encoding="utf-8"))
    data["activities"][index].update(change)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "index", "at", "message"),
    [
        ({"pathway": "nowhere"}, 5, "activity 6 (accommodation-keep-tenancy)", "unknown pathway 'nowhere'"),
        ({"mode": "signpost", "signpost_to": ""}, 5, "activity 6", "names a known kind of partner"),
        ({"signpost_to": "bank"}, 5, "activity 6", "names a known kind of partner"),
        ({"cohort": "veterans", "guidance": ""}, 5, "activity 6", "carries good-practice guidance"),
        ({"pathway": ""}, 5, "activity 6", "only a Level 1 activity"),
        ({"level": 4}, 0, "activity 1 (screening-bcst2)", "level must be 1, 2 or 3"),
        # The first activity takes the second's code: the second is the one refused.
        ({"code": "agree-plan"}, 0, "activity 2 (agree-plan)", "a code of its own"),
        ({"colour": "red"}, 0, "activity 1", "unknown keys"),
        # The sentence for the person in English and Welsh (issue 22): a version missing either is refused.
        ({"for_person": {"en-gb": "We will help you open a bank account."}}, 13, "activity 14 (finance-bank-account)", "no Welsh \\(cy\\)"),
        ({"for_person": {"en-gb": "We will help.", "cy": "  "}}, 13, "activity 14", "no Welsh \\(cy\\)"),
        ({"for_person": {"cy": "Byddwn ni’n helpu."}}, 13, "activity 14", "no English \\(en-gb\\)"),
        ({"for_person": None}, 0, "activity 1 (screening-bcst2)", "needs its sentence for the person"),
        ({"for_person": {"en-gb": "a", "cy": "b", "fr": "c"}}, 0, "activity 1", "unknown languages"),
    ],
)
def test_a_broken_file_is_refused_naming_the_activity(tmp_path: Path, change: dict[str, Any], index: int, at: str, message: str) -> None:
    with pytest.raises(CatalogueFileError, match=message) as error:
        read_version_file(_broken(tmp_path, change, index))
    assert f"broken.json, {at}" in str(error.value)


@pytest.mark.django_db
def test_every_activity_carries_its_sentence_for_the_person_in_english_and_welsh(catalogue: dict[str, Any]) -> None:
    # Loaded by the migrations (0015 for the versions there before it), copied with a draft.
    for activity in Activity.objects.all():
        assert activity.for_person.get("en-gb") and activity.for_person.get("cy"), activity.code
