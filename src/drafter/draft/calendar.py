"""Deadlines as an iCalendar file: one all-day event per deadline, with reminders ahead."""

from __future__ import annotations

import datetime as dt

from ..law.analysis import caption
from ..law.plan import Plan


def deadlines_ics(plan: Plan, draft_date: dt.date) -> bytes:
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//drafter//deadlines//EN")
    cal.add("version", "2.0")
    stamp = dt.datetime.combine(draft_date, dt.time(0, 0), tzinfo=dt.timezone.utc)
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
