from datetime import timedelta

from django.utils.translation import gettext as _


def short_duration(delta: timedelta) -> str:
    """'2 d 3 h', '1 h 05 min', '12 min', '40 s' — compact enough for a table cell."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        if not hours:
            return _("%(d)d d") % {"d": days}
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        if not minutes:
            return _("%(h)d h") % {"h": hours}
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min") % {"m": minutes}
    return _("%(s)d s") % {"s": secs}
