"""Many new rows of one model at once: PostgreSQL's COPY, else Django's bulk_create.

The escalation sweep writes thousands of rows a second (timeline entries, pages,
escalation records). A multi-row INSERT spends most of that time quoting values in
Python; COPY streams them as they are. Same rows, same constraints (a unique
violation raises IntegrityError and aborts the transaction, as INSERT would), no
signals, as with bulk_create.

Two forms: `bulk_insert` for model instances, `insert_rows` for plain tuples of
attribute values, which skips building instances at all (the hottest writers use it).
"""

import datetime
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.duration import duration_iso_string

M = TypeVar("M", bound=models.Model)

# Fields whose Python value PostgreSQL takes as it is (auto ids are IntegerFields too).
_AS_IS = (
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.ForeignKey,
)


def bulk_insert(objs: Sequence[M]) -> list[M]:
    """Insert `objs` (all of one model, none saved yet) in the current transaction and give
    each its primary key (one sequence query first)."""
    if not objs:
        return []
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return model.objects.using(alias).bulk_create(objs)  # type: ignore[attr-defined, no-any-return]

    fields = list(model._meta.concrete_fields)
    for obj, pk in zip(objs, _next_ids(connection, model, len(objs)), strict=True):
        obj.pk = pk
    readers = [_reader(f) for f in fields]
    _copy(connection, model, fields, ([read(obj) for read in readers] for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
    return list(objs)


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> int:
    """Insert `rows`, each a tuple of values for the fields `names` (attribute names, such
    as "incident_id"), in the current transaction. Returns how many."""
    if not rows:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model.objects.using(alias).bulk_create(objs)  # type: ignore[attr-defined]
        return len(objs)
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    _copy(connection, model, fields, rows)
    return len(rows)


Converter = Callable[[Any], Any] | None
_AS_JSON = (*_AS_IS, models.DateTimeField, models.JSONField)  # json_rows writes them as they are


def execute_prepared(sql: str, params: Any = (), *, many: bool = False) -> Any:
    """Run a hot statement prepared on PostgreSQL (planned once per connection, parameters
    sent apart; Django's cursors quote every parameter into the text and plan it each
    time), through Django's cursor elsewhere. `sql` takes %s or %(name)s placeholders. Its
    first row (None when none), or with `many` all of them. Query counts and the debug log
    see it either way."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if many else cursor.fetchone()
    connection.close_if_health_check_failed()  # as Django's own cursors do
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default, under which prepare=True is ignored
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    started = time.monotonic()
    native, order = _native_placeholders(sql)
    values = [params[key] for key in order]
    with connection.wrap_database_errors, psycopg.RawCursor(raw) as cursor:
        cursor.execute(native, values, prepare=True)
        rows = cursor.fetchall() if many else cursor.fetchone()
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return rows


# Django's own queries go through client-side cursors, which psycopg never prepares; of the
# rest, only what asks (prepare=True) is: no count ever reaches this.
_ONLY_WHEN_ASKED = 2**31 - 1

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s|%%")


@lru_cache(maxsize=512)
def _native_placeholders(sql: str) -> tuple[str, tuple[str | int, ...]]:
    """`sql` with PostgreSQL's own $n placeholders, and the parameter (name or position)
    each $n takes. psycopg parses %s placeholders again on every call for a statement
    over 4 KB, which the intake's are; this parses each statement once per process."""
    order: list[str | int] = []
    numbers: dict[str | int, int] = {}

    def number(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        key: str | int = match.group(1) or sum(isinstance(k, int) for k in order)
        if key not in numbers:
            order.append(key)
            numbers[key] = len(order)
        return f"${numbers[key]}"

    return _PLACEHOLDER.sub(number, sql), tuple(order)


def insert_many_sql(
    objs: Sequence[models.Model],
    connection: BaseDatabaseWrapper,
    *,
    extra: dict[str, tuple[str, list[Any]]] | None = None,
    where: str | None = None,
) -> tuple[str, list[Any]]:
    """One INSERT of many rows of one model (all with their pk set, or none), the rows sent
    as one JSON parameter (so the statement's text, and its plan, is the same whatever the
    count, and one C-speed encode replaces quoting each value of each column in Python).
    `extra`: name -> (SQL type, one value per row), columns `where` may test but does not
    insert."""
    extra = extra or {}
    typed = tuple((name, cast) for name, (cast, _values) in extra.items())
    sql, names, read_row = _many_plan(
        type(objs[0]), connection.alias, objs[0].pk is not None, typed
    )
    columns = names[: len(names) - len(extra)]
    rows = [dict(zip(columns, read_row(obj), strict=True)) for obj in objs]
    for name, (_cast, values) in extra.items():
        for row, value in zip(rows, values, strict=True):
            row[name] = value
    return (sql if where is None else f"{sql} WHERE {where}"), [json_rows(rows)]


def json_rows(rows: Sequence[dict[str, Any]]) -> str:
    """`rows` as the text of one JSON array, for jsonb_to_recordset: times in ISO 8601 with
    their offset and microseconds (PostgreSQL reads them back exactly)."""
    return json.dumps(rows, default=_json_value, separators=(",", ":"))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no JSON form for a bulk insert")


@cache
def _many_plan(
    model: type[models.Model], alias: str, with_pk: bool, extra: tuple[tuple[str, str], ...]
) -> tuple[str, list[str], Callable[[models.Model], list[Any]]]:
    connection = connections[alias]
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    read_row = _row_reader(fields, connection)
    quote = connection.ops.quote_name
    names = [f.column for f in fields] + [name for name, _cast in extra]
    casts = [f.cast_db_type(connection) for f in fields]  # type: ignore[attr-defined]
    casts += [cast for _name, cast in extra]
    record = ", ".join(f"{quote(name)} {cast}" for name, cast in zip(names, casts, strict=True))
    columns = ", ".join(quote(name) for name in names[: len(fields)])
    selected = ", ".join(f"v.{quote(name)}" for name in names[: len(fields)])
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT {selected} "
        f"FROM jsonb_to_recordset(%s::jsonb) AS v({record})"
    )
    return sql, names, read_row


def _row_reader(
    fields: Sequence[models.Field], connection: BaseDatabaseWrapper
) -> Callable[[models.Model], list[Any]]:
    """An instance's values for `fields`, as json_rows takes them: every attribute in one
    C-level attrgetter call, then the few fields that need Python (a pre_save of their
    own, such as auto_now; a conversion JSON has no form for) read again their way."""
    everything = attrgetter(*(f.attname for f in fields))
    special = [
        (
            index,
            _converted(_reader(f), None if isinstance(f, _AS_JSON) else _converter(f, connection)),
        )
        for index, f in enumerate(fields)
        if type(f).pre_save is not models.Field.pre_save
        or not (isinstance(f, _AS_JSON) or _converter(f, connection) is None)
    ]

    def read_row(obj: models.Model) -> list[Any]:
        row = list(everything(obj)) if len(fields) > 1 else [everything(obj)]
        for index, read in special:
            row[index] = read(obj)
        return row

    return read_row


def _converted(
    read: Callable[[models.Model], Any], convert: "Converter"
) -> Callable[[models.Model], Any]:
    if convert is None:
        return read
    return lambda obj: convert(read(obj))


def next_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`'s sequence (PostgreSQL)."""
    return _next_ids(connections[router.db_for_write(model)], model, count)


def _reader(field: models.Field) -> Callable[[models.Model], Any]:
    """How to read an instance's value for the row: pre_save where a field overrides it
    (auto_now stamps the time, for instance), else the attribute."""
    if type(field).pre_save is models.Field.pre_save:
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.pre_save(obj, True)


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Converter:
    if isinstance(field, _AS_IS):
        return None
    if isinstance(field, models.DateTimeField):

        def to_timestamp(value: Any) -> Any:
            if value is None or value.tzinfo is not None:
                return value  # what get_db_prep_save would pass on
            return field.get_db_prep_save(value, connection)  # naive: Django's warning and all

        return to_timestamp
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def to_json(value: Any) -> Any:
            return connection.ops.adapt_json_value(value, encoder)

        return to_json

    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return prepare


def _copy(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[Sequence[Any]],
) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    converting = [
        (index, convert)
        for index, field in enumerate(fields)
        if (convert := _converter(field, connection)) is not None
    ]
    count = 0
    started = time.monotonic()
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            if converting:
                row = list(row)
                for index, convert in converting:
                    row[index] = convert(row[index])
            copy.write_row(row)
            count += 1
    if connection.queries_logged:  # so query counts and the debug log see it
        elapsed = time.monotonic() - started
        connection.queries_log.append({"sql": f"{sql} -- {count} rows", "time": f"{elapsed:.3f}"})


def _next_ids(connection: BaseDatabaseWrapper, model: type[models.Model], count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]
