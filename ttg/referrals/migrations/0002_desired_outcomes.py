from django.db import migrations


def load(apps, schema_editor):
    from ttg.referrals.outcomes import SEED

    DesiredOutcome = apps.get_model("referrals", "DesiredOutcome")
    for pathway, texts in SEED.items():
        for order, text in enumerate(texts):
            DesiredOutcome.objects.get_or_create(pathway=pathway, text=text, defaults={"order": order})


def unload(apps, schema_editor):
    apps.get_model("referrals", "DesiredOutcome").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
