"""A month of activity for the demo: members of each cell opened their cell's page lately, with a
share that differs by cell, so that the engagement report shows a believable spread (Quảng Ngãi:
some wards above 90%, one well below). Running it again changes nothing."""

import datetime

from django.utils import timezone

from members.models import Person, ReadingRecord, Role, RoleKind
from site_pages.models import UnitPage

# Share of each demo cell's members who opened the handbook in the last month.
ACTIVE_SHARE = {
    "QNG-BS-HN": 0.94,
    "QNG-BS-PT": 0.86,
    "QNG-NL-TDP27": 1.0,
    "QNG-NL-TDP12": 0.84,
    "QNG-TK-TM": 0.5,
    "DNG-HC-TDP5": 0.72,
    "DNG-HC-TDP9": 1.0,
    "DNG-HV-TL": 0.67,
}


def seed_activity_demo(now=None):
    """Reading records on each cell's page; returns how many were created."""
    now = now or timezone.now()
    records = []
    for cell in UnitPage.objects.filter(code__in=ACTIVE_SHARE):
        members = list(
            Person.objects.filter(
                pk__in=Role.objects.current().filter(unit=cell, kind=RoleKind.MEMBER).values("person_id")
            ).order_by("card_number")
        )
        readers = members[: round(len(members) * ACTIVE_SHARE[cell.code])]
        for index, person in enumerate(readers):
            opened = now - datetime.timedelta(days=index % 28, hours=index % 11)
            records.append(ReadingRecord(person=person, page=cell, first_opened_at=opened, last_opened_at=opened))
    return len(ReadingRecord.objects.bulk_create(records, ignore_conflicts=True))
