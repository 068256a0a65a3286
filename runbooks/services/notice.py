"""The notice to the ANPD (LGPD art. 48 par. 1): filled from the incident, edited by the
commander, every saved version on the timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from incidents.actors import Actor
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.services import timeline_append

from .. import events
from ..models import AuthorityNotice
from ..models.security import NOTICE_FIELDS
from .security import _security_runbook

MAX_FIELD = 5000


def authority_notice_save(
    *, incident: Incident, by: Actor, fields: dict[str, str]
) -> AuthorityNotice:
    values = {name: (fields.get(name) or "").strip() for name in NOTICE_FIELDS}
    if any("\x00" in value for value in values.values()):
        raise IncidentActionError(_("The text holds a character that cannot be saved."))
    if any(len(value) > MAX_FIELD for value in values.values()):
        raise IncidentActionError(_("Keep each part under %(n)d characters.") % {"n": MAX_FIELD})
    with transaction.atomic():
        current = Incident.objects.lock(incident)
        _security_runbook(current)
        notice, _created = AuthorityNotice.objects.update_or_create(
            incident=current, defaults={**values, "updated_by": by}
        )
        timeline_append(incident=current, kind=events.AUTHORITY_NOTICE_SAVED, actor=by, data=values)
    return notice
