from django.conf import settings
from django.db import migrations, models

# Accounts and profiles whose edits change people_version: a statement trigger on each
# (PostgreSQL), a row trigger (SQLite). Only the account columns paging reads count, so a
# login (last_login) does not empty every process's copy.
USER_COLUMNS = ["username", "first_name", "last_name", "email", "is_active"]
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION schedules_people_changed() RETURNS trigger AS $$
BEGIN
    UPDATE schedules_schedulestate
       SET people_version = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""
SQLITE_BUMP = (
    "UPDATE schedules_schedulestate SET people_version = lower(hex(randomblob(16))) "
    "WHERE id = 1;"
)


def _tables(apps):
    user = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    profile = apps.get_model("incidents", "Profile")._meta.db_table
    return user, profile


def create_triggers(apps, schema_editor):
    user, profile = _tables(apps)
    columns = ", ".join(USER_COLUMNS)
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(PG_FUNCTION)
        for name, event, table in (
            ("people_user_insert_delete", "INSERT OR DELETE", user),
            ("people_user_update", f"UPDATE OF {columns}", user),
            ("people_profile_change", "INSERT OR UPDATE OR DELETE", profile),
        ):
            run(
                f"CREATE TRIGGER schedules_{name} AFTER {event} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION schedules_people_changed()"
            )
    elif schema_editor.connection.vendor == "sqlite":
        for name, event, table in (
            ("people_user_insert", "INSERT", user),
            ("people_user_delete", "DELETE", user),
            ("people_user_update", f"UPDATE OF {columns}", user),
            ("people_profile_insert", "INSERT", profile),
            ("people_profile_delete", "DELETE", profile),
            ("people_profile_update", "UPDATE", profile),
        ):
            run(f"CREATE TRIGGER schedules_{name} AFTER {event} ON {table} BEGIN {SQLITE_BUMP} END")


def drop_triggers(apps, schema_editor):
    user, profile = _tables(apps)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, table in (
            ("people_user_insert_delete", user),
            ("people_user_update", user),
            ("people_profile_change", profile),
        ):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS schedules_{name} ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS schedules_people_changed()")
    elif vendor == "sqlite":
        for name in ("user_insert", "user_delete", "user_update", "profile_insert",
                     "profile_delete", "profile_update"):  # fmt: skip
            schema_editor.execute(f"DROP TRIGGER IF EXISTS schedules_people_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("schedules", "0003_alter_calendarfeed_options_alter_gapreport_options_and_more"),
        ("incidents", "0009_alter_deadline_data_alter_deadline_incident_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="schedulestate",
            name="people_version",
            field=models.CharField(default="", max_length=32, verbose_name="people version"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
