"""The person a lookup names, read fresh together with the plan's version in ONE query.

The plan (who is on call when) is kept per process and trusted only while its version is
the database's; contact data (email, phone, Slack handle, language, whether the account is
active) is never kept: it comes from the same snapshot as that version, so a page always
goes to the address a person saved last, and never to a deactivated account, with no cache
to invalidate when someone edits their profile."""

import functools
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import Model

from incidents.models import Profile

from .models import ScheduleState
from .plan import current_version

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
    version = (
        f"SELECT {q(state.get_field('version').column)} FROM {q(state.db_table)}"
        f" WHERE {q(state.pk.column)} = 1"  # type: ignore[union-attr]
    )
    sql = (
        f"SELECT ({version}), {', '.join(selected)} FROM {q(user_model._meta.db_table)} u"
        f" LEFT JOIN {q(Profile._meta.db_table)} p"
        f" ON p.{q(Profile._meta.get_field('user').column)} = u.{user_pk}"
        f" WHERE u.{user_pk} IN ({', '.join(['%s'] * count)})"
    )
    return sql, users, profiles


def first_active(user_ids: Sequence[int]) -> tuple[str | None, AbstractBaseUser | None]:
    """The plan's version now (None without a version row) and the first of `user_ids`
    whose account is active, as a User with its profile loaded as select_related would
    (user.profile, or RelatedObjectDoesNotExist for a person without one), or None."""
    if not user_ids:
        return current_version(), None
    sql, users, profiles = _query(len(user_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(user_ids))
        rows = cursor.fetchall()
    if not rows:  # none of them exists any more
        return current_version(), None
    width = len(users.attnames)
    by_id = {row[1 + users.pk]: row for row in rows}
    active = users.attnames.index("is_active")
    found = [by_id[i] for i in user_ids if i in by_id and by_id[i][1 + active]]
    if not found:
        return rows[0][0], None
    row = found[0]
    user = users.build(row[1 : 1 + width])
    profile_values = row[1 + width :]
    profile = profiles.build(profile_values) if profile_values[profiles.pk] else None
    to_profile = Profile._meta.get_field("user")
    to_profile.remote_field.set_cached_value(user, profile)  # type: ignore[union-attr]
    if profile is not None:
        to_profile.set_cached_value(profile, user)  # type: ignore[union-attr]
    return row[0], user
