"""Business days in Brazil: weekends and national holidays (the `holidays` library) excluded."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> holidays.HolidayBase:
    country = getattr(settings, "RUNBOOK_HOLIDAY_COUNTRY", "BR")
    return holidays.country_holidays(country, years=year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _national_holidays(day.year)


def add_business_days(start: datetime, days: int) -> datetime:
    """The same wall-clock time ``days`` business days after ``start``, in Brazil's time.

    Counting starts the day after ``start`` (the day it happened is day zero).
    """
    zone = ZoneInfo(getattr(settings, "RUNBOOK_BUSINESS_TIMEZONE", "America/Sao_Paulo"))
    local = start.astimezone(zone)
    day = local.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)
