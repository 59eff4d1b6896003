"""Deadlines as an iCalendar file (RFC 5545): one all-day event per deadline, with reminders
60 and 14 days ahead.

Written here rather than with a calendar library: the file uses a handful of properties, and
importing such a library cost more than the rest of the packet's calendar work put together.
tests/test_calendar.py reads the file back with the ``icalendar`` package.
"""

from __future__ import annotations

import datetime as dt

from ..law.analysis import caption
from ..law.plan import Plan

REMINDER_DAYS = (60, 14)


def deadlines_ics(plan: Plan, draft_date: dt.date) -> bytes:
    stamp = f"{draft_date:%Y%m%d}T000000Z"
    basis = {d.id: d.basis for d in plan.analysis.deadlines}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//drafter//deadlines//EN"]
    for d in plan.analysis.dates:
        title = f"{d.title} — {caption(plan.matter)} ({plan.matter.id})"
        description = ((f"{basis[d.id]}. " if d.id in basis else "") + (f"{d.note} " if d.note else "")
                       + "Computed by drafter from the matter file; verify before relying on it.")
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(title)}",
            f"DTSTART;VALUE=DATE:{d.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{d.date + dt.timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"UID:{_text(f'{d.id}.{plan.matter.id}@drafter')}",
            f"DESCRIPTION:{_text(description)}",
            "TRANSP:TRANSPARENT",
        ]
        for days in REMINDER_DAYS:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                      f"DESCRIPTION:{_text(f'{d.title}: {days} days left')}",
                      f"TRIGGER:-P{days}D", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 § 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded (RFC 5545 § 3.1): no line longer than ``limit`` octets, each
    continuation starting with a space, never inside a character or right after a backslash
    (so an escape stays on one line, as many calendar programs expect)."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if current and size + n >= limit:
            carry = current.pop() if len(current) > 1 and current[-1] == "\\" else ""
            pieces.append("".join(current))
            current = [carry] if carry else []
            size = len(carry)
        current.append(ch)
        size += n
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
