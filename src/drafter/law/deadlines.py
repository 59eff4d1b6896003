"""Deadlines and dates to act on: the Rule 35(b) one-year date (Fed. R. Crim. P. 35(b)(1), 35(c)),
the business day before it when it falls on a weekend or a federal holiday, and the key dates
the memo, the checklist and the calendar show."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ..environment import longdate
from ..model.matter import Matter


@dataclass
class Deadline:
    id: str
    date: dt.date
    basis: str
    note: str | None = None          # for counsel (may carry [VERIFY])
    title: str = ""
    public_note: str | None = None   # neutral words fit for a letter to the government
    plan_date: dt.date | None = None   # the business day the plan files by, when the date is not one
    provisional: bool = False          # computed from a sentencing that has not happened yet

    def to_json(self) -> dict:
        out: dict[str, str | None] = {"id": self.id, "date": self.date.isoformat(), "basis": self.basis,
                                      "title": self.title}
        if self.note:
            out["note"] = self.note
            out["public_note"] = self.public_note
        return out


def rule35b_context(d: Deadline | None) -> dict | None:
    if d is None:
        return None
    return {"date": d.date.isoformat(), "date_long": longdate(d.date), "note": d.note,
            "note_sentence": f" {d.note}" if d.note else "",
            "weekday": f"{d.date:%A}", "provisional": d.provisional,
            "plan_date_long": longdate(d.plan_date) if d.plan_date else None}


def one_year_after(d: dt.date) -> dt.date:
    """The same month and day a year later; the 29th of February maps to the 28th."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d.replace(year=d.year + 1, day=28)


@functools.lru_cache(maxsize=64)
def _us_holidays(year: int):
    import holidays  # imported only when a deadline needs it (it is slow to import)

    return holidays.country_holidays("US", years=year)


def _non_business_reason(d: dt.date) -> str | None:
    if d.weekday() >= 5:
        return f"a {d:%A}"
    name = _us_holidays(d.year).get(d)
    return f"a federal holiday ({name})" if name else None


def public_day_note(d: dt.date) -> str | None:
    """Words for the letter when the anniversary is not a business day: the filing date asked
    for, without telling the government how the last day is computed."""
    if not _non_business_reason(d):
        return None
    return (f"To avoid any question about how the year is computed, we ask that the motion be "
            f"filed no later than {longdate(last_business_day_before(d))}, and preferably well "
            "before.")


def next_business_day_after(d: dt.date) -> dt.date:
    """Fed. R. Crim. P. 45(a)(1)(C): a period whose last day is a Saturday, Sunday or legal
    holiday runs until the end of the next day that is none of these."""
    nxt = d + dt.timedelta(days=1)
    while nxt.weekday() >= 5 or nxt in _us_holidays(nxt.year):
        nxt += dt.timedelta(days=1)
    return nxt


def last_business_day_before(d: dt.date) -> dt.date:
    prior = d - dt.timedelta(days=1)
    while prior.weekday() >= 5 or prior in _us_holidays(prior.year):
        prior -= dt.timedelta(days=1)
    return prior


def non_business_day_note(d: dt.date) -> str | None:
    """Words for a deadline that falls on a weekend or a federal holiday (the date stays)."""
    why = _non_business_reason(d)
    if not why:
        return None
    prior = last_business_day_before(d)
    return (f"The one-year date falls on {why}; under Fed. R. Crim. P. 45(a)(1)(C) the period "
            f"runs on to {longdate(next_business_day_after(d))}, but do not rely on that: plan "
            f"for the government to file by {longdate(prior)}, the last business day before it "
            "[VERIFY: any state holiday in the district, which Rule 45(a)(6) also counts as a "
            "legal holiday].")


def deadlines(matter: Matter) -> list[Deadline]:
    """Fed. R. Crim. P. 35(b)(1): the government's motion within one year of sentencing
    ("sentencing" is the oral announcement, Rule 35(c))."""
    out = []
    sd = matter.case.sentencing_date
    if sd is not None and matter.cooperation.status != "declined":
        date = one_year_after(sd)
        provisional = matter.case.stage != "sentenced"
        note = non_business_day_note(date)
        if provisional:
            note = ((note + " ") if note else "") + (
                "Provisional: sentencing has not happened yet; recompute the date from the day "
                "the sentence is actually announced (Fed. R. Crim. P. 35(c)).")
        out.append(Deadline("rule-35b-one-year", date, "Fed. R. Crim. P. 35(b)(1)", note,
                            "Rule 35(b) motion: one year from sentencing", public_day_note(date),
                            last_business_day_before(date) if _non_business_reason(date) else None,
                            provisional))
    return out


@dataclass
class KeyDate:
    """A date to act on, as the memo, the checklist and the calendar show it."""
    id: str
    date: dt.date
    title: str
    note: str = ""

    def to_context(self) -> dict:
        return {"id": self.id, "date": self.date.isoformat(), "date_long": longdate(self.date),
                "title": self.title, "note": self.note}


def key_dates(matter: Matter, dls: list[Deadline]) -> list[KeyDate]:
    """The meeting set, the sentencing hearing still to come, and the Rule 35(b) date once
    sentence has been announced (a date computed from a future sentencing is not calendared:
    it moves with the hearing)."""
    out = []
    coop, case = matter.cooperation, matter.case
    if coop.proffer_date:
        out.append(KeyDate("meeting", coop.proffer_date, "Meeting with the government"
                           + (f" ({coop.proffer_location})" if coop.proffer_location else "")))
    if case.sentencing_date and case.stage != "sentenced":
        out.append(KeyDate("sentencing", case.sentencing_date, "Sentencing hearing (as scheduled)",
                           "The Rule 35(b) one-year date is computed from the day sentence is "
                           "announced (Fed. R. Crim. P. 35(b)(1), 35(c))."))
    for d in dls:
        if not d.provisional:
            out.append(KeyDate(d.id, d.date, d.title, d.note or ""))
    return sorted(out, key=lambda k: k.date)
