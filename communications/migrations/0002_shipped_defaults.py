from django.db import migrations


def load(apps, schema_editor):
    from communications.bootstrap import load_comms_defaults

    load_comms_defaults(
        apps.get_model("communications", "MessageTemplate"),
        apps.get_model("communications", "CadencePolicy"),
        apps.get_model("communications", "AudienceList"),
    )


class Migration(migrations.Migration):
    dependencies = [("communications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
