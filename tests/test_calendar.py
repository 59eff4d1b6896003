"""deadlines.ics is written by hand (draft/calendar.py); the icalendar package reads it back
exactly as it would have written it: the same components, properties and values."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Alarm, Calendar, Event

from conftest import REPO
from drafter.draft.calendar import _fold, deadlines_ics
from drafter.law.analysis import caption
from drafter.law.plan import plan_for_path

DATE = dt.date(2026, 11, 27)


def reference_ics(plan, draft_date: dt.date) -> bytes:
    """The same calendar built with the icalendar package."""
    cal = Calendar()
    cal.add("prodid", "-//drafter//deadlines//EN")
    cal.add("version", "2.0")
    stamp = dt.datetime.combine(draft_date, dt.time(0, 0), tzinfo=dt.UTC)
    basis = {d.id: d.basis for d in plan.analysis.deadlines}
    for d in plan.analysis.dates:
        ev = Event()
        ev.add("uid", f"{d.id}.{plan.matter.id}@drafter")
        ev.add("dtstamp", stamp)
        ev.add("summary", f"{d.title} — {caption(plan.matter)} ({plan.matter.id})")
        ev.add("dtstart", d.date)
        ev.add("dtend", d.date + dt.timedelta(days=1))
        ev.add("description", (f"{basis[d.id]}. " if d.id in basis else "") + (f"{d.note} " if d.note else "")
               + "Computed by drafter from the matter file; verify before relying on it.")
        ev.add("transp", "TRANSPARENT")
        for days in (60, 14):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{d.title}: {days} days left")
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()


def parsed(blob: bytes) -> list:
    out = []
    for component in Calendar.from_ical(blob).walk():
        out.append((component.name, sorted((k, component.decoded(k)) for k in component)))
    return out


def check(plan) -> bytes:
    ours = deadlines_ics(plan, DATE)
    assert parsed(ours) == parsed(reference_ics(plan, DATE))
    assert ours.endswith(b"\r\n") and b"\n" not in ours.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))
    ours.decode("utf-8")
    return ours


@pytest.mark.parametrize("name", sorted(p.stem for p in (REPO / "matters").glob("*.yaml")))
def test_every_example_matter(name):
    plan = plan_for_path(REPO / "matters" / f"{name}.yaml")
    if plan.analysis.dates:
        check(plan)


def test_text_is_escaped_and_long_lines_are_folded_between_characters(make_matter):
    path = make_matter({
        "id": "T-2",
        "client": {"name": "Zoë Ñúñez-Ångström; \\ a, b " + "é" * 40},
        "case": {"stage": "sentenced", "sentencing_date": "2026-06-01"},
        "cooperation": {"status": "cooperating", "proffer_date": "2027-01-12",
                        "proffer_location": "Room 5, Floor 3; \\Annex"},
    })
    plan = plan_for_path(path)
    assert plan.analysis.dates
    ours = check(plan)
    assert b"Room 5\\, Floor 3\\; \\\\Annex" in ours.replace(b"\r\n ", b"")


def test_folding():
    assert _fold("A" * 75) == "A" * 74 + "\r\n A"
    assert _fold("é" * 40).split("\r\n ")[0] == "é" * 37          # 74 octets, whole characters
    line = "X" * 73 + "\\,rest"
    assert _fold(line) == "X" * 73 + "\r\n \\,rest"                 # an escape stays together
