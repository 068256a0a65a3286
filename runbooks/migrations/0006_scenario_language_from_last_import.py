"""Scenarios imported before translations existed get the language of the last playbook
import, so that importing the other language's playbook next writes translations."""

from django.db import migrations


def fill_language(apps, schema_editor):
    Scenario = apps.get_model("runbooks", "Scenario")
    PlaybookImport = apps.get_model("runbooks", "PlaybookImport")
    last = PlaybookImport.objects.order_by("-imported_at", "-pk").first()
    language = str((last.extras or {}).get("language") or "") if last else ""
    if language:
        key = "en" if language.lower().startswith("en") else "pt-br"
        Scenario.objects.filter(language="").update(language=key)


class Migration(migrations.Migration):
    dependencies = [("runbooks", "0005_scenario_translation_rules")]

    operations = [migrations.RunPython(fill_language, migrations.RunPython.noop)]
