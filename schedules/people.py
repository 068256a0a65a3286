"""The person a lookup names: the plan's version and the people's version in ONE query.

The plan (who is on call when) is kept per process and trusted only while its version is
the database's. The contact data paging reads (email, phone, Slack handle, language,
whether the account is active) is kept too, per person, while `people_version` stays the
same: database triggers change it with every edit of an account or a profile, however it
is made (a page, the admin, a shell, a bulk update), so a page always goes to the address
a person saved last, and never to a deactivated account."""

import functools
import threading
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import Model

from bulkcopy import execute_prepared
from incidents.models import Profile

from .models import ScheduleState

Converter = Callable[[Any, Any, Any], Any]


class _Columns(NamedTuple):
    """One model's columns in the query: the attribute names from_db takes, and the
    backend's converters for each (SQLite hands back text for dates, 0/1 for booleans)."""

    model: type[Model]
    attnames: list[str]
    converters: list[tuple[int, list[Converter], Any]]
    pk: int  # the primary key's place among the columns

    def build(self, values: Sequence[Any]) -> Any:
        row = list(values)
        for index, converters, column in self.converters:
            for convert in converters:
                row[index] = convert(row[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, row)


def _columns(model: type[Model], alias: str) -> _Columns:
    fields = list(model._meta.concrete_fields)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(alias)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, found, column))
    return _Columns(model, [f.attname for f in fields], converters, fields.index(model._meta.pk))


@functools.cache
def _query(count: int) -> tuple[str, _Columns, _Columns]:
    """The SQL for `count` people (a row for each who exists, each with the version), and
    how to turn its columns into a User and a Profile. The people drive it, not the version
    row: without one (a database just flushed) the people are still found."""
    q = connection.ops.quote_name
    user_model = get_user_model()
    users, profiles = _columns(user_model, "u"), _columns(Profile, "p")
    selected = [f"u.{q(f.column)}" for f in user_model._meta.concrete_fields]
    selected += [f"p.{q(f.column)}" for f in Profile._meta.concrete_fields]
    user_pk = q(user_model._meta.pk.column)  # type: ignore[union-attr]
    state = ScheduleState._meta
    state_row = f" FROM {q(state.db_table)} WHERE {q(state.pk.column)} = 1"  # type: ignore[union-attr]
    version = f"SELECT {q(state.get_field('version').column)}{state_row}"
    people = f"SELECT {q(state.get_field('people_version').column)}{state_row}"
    sql = (
        f"SELECT ({version}), ({people}), {', '.join(selected)}"
        f" FROM {q(user_model._meta.db_table)} u"
        f" LEFT JOIN {q(Profile._meta.db_table)} p"
        f" ON p.{q(Profile._meta.get_field('user').column)} = u.{user_pk}"
        f" WHERE u.{user_pk} IN ({', '.join(['%s'] * count)})"
    )
    return sql, users, profiles


def versions() -> tuple[str | None, str | None]:
    """The plan's version and the people's version now (None, None without the row)."""
    row = execute_prepared(_VERSIONS_SQL % ScheduleState._meta.db_table)  # every page asks
    return (row[0], row[1]) if row else (None, None)


_VERSIONS_SQL = "SELECT version, people_version FROM %s WHERE id = 1"
_kept = threading.local()  # .people: (people version, {user id: row, or None when gone})


def first_active(
    user_ids: Sequence[int], people_version: str | None = None
) -> tuple[str | None, AbstractBaseUser | None]:
    """The plan's version now (None without a version row) and the first of `user_ids`
    whose account is active, as a User with its profile loaded as select_related would
    (user.profile, or RelatedObjectDoesNotExist for a person without one), or None.
    With the `people_version` just read, the people this process kept under it are used
    and only the others read (the plan's version then comes back as None)."""
    kept: tuple[str | None, dict[int, Any]] = getattr(_kept, "people", (None, {}))
    if people_version is None or kept[0] != people_version:
        kept = (people_version, {})
    rows = kept[1]
    version = None
    missing = [i for i in user_ids if i not in rows]
    if missing or not user_ids:
        version, read_people, found = _read(missing)
        if read_people != kept[0]:  # edited since the caller's read: keep what was read
            kept = (read_people, {})
            rows = kept[1]
        for user_id in missing:
            rows[user_id] = found.get(user_id)
    if kept[0] is not None:
        _kept.people = kept
    sql, users, profiles = _query(1)
    active = users.attnames.index("is_active")
    for user_id in user_ids:
        row = rows.get(user_id)
        if row is not None and row[2 + active]:
            return version, _build(row, users, profiles)
    return version, None


def _read(user_ids: Sequence[int]) -> tuple[str | None, str | None, dict[int, Any]]:
    if not user_ids:
        return (*versions(), {})
    sql, users, _profiles = _query(len(user_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(user_ids))
        rows = cursor.fetchall()
    if not rows:  # none of them exists any more
        return (*versions(), {})
    return rows[0][0], rows[0][1], {row[2 + users.pk]: row for row in rows}


def _build(row: Sequence[Any], users: _Columns, profiles: _Columns) -> AbstractBaseUser:
    width = len(users.attnames)
    user = users.build(row[2 : 2 + width])
    profile_values = row[2 + width :]
    profile = profiles.build(profile_values) if profile_values[profiles.pk] else None
    to_profile = Profile._meta.get_field("user")
    to_profile.remote_field.set_cached_value(user, profile)  # type: ignore[union-attr]
    if profile is not None:
        to_profile.set_cached_value(profile, user)  # type: ignore[union-attr]
    return user  # type: ignore[no-any-return]
