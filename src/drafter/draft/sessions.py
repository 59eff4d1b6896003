"""The proffer and debriefing sessions of a matter, as the drafts use them.

``cooperation.sessions`` feeds the Rule 35(b) request (the assistance, by date and subject),
the proffer-prep outline (subjects already covered, agents' reports) and the checklist. A
session's ``notes`` are counsel's own: the shared context (``plan.base_context``) drops them,
so no clause text or template can print them; only the ``sessions`` of an internal document
carries them.
"""

from __future__ import annotations

import datetime as dt

from ..environment import longdate, outside_attendees
from ..model.matter import Matter

REPORT_WORDS = {"not-requested": "not requested", "requested": "requested, not yet received",
                "received": "received, not yet reviewed", "reviewed": "reviewed", None: "status not recorded"}


_FUNCTION_WORDS = {"The", "A", "An", "How", "What", "Who", "Whom", "Whose", "Where", "When", "Why", "Which",
                   "His", "Her", "Their", "Its", "Other", "Some", "Any", "All", "Each", "Other's"}


def join_subjects(subjects) -> str:
    """Subjects joined into one sentence: after a semicolon a subject that opens with a common
    word ("The bank insider's role") continues in lower case; names keep their capitals."""
    out = []
    for i, subject in enumerate(subjects):
        text = str(subject).strip()
        first = text.split(" ", 1)[0]
        if i and first in _FUNCTION_WORDS:
            text = text[0].lower() + text[1:]
        out.append(text)
    return "; ".join(out)


def _entry(s, internal: bool) -> dict:
    out = {"date": s.date.isoformat(), "date_long": longdate(s.date), "place": s.place,
           "attendees": list(s.attendees), "subjects": list(s.subjects),
           "subjects_text": join_subjects(s.subjects) if s.subjects else "",
           "agents_report": s.agents_report}
    if internal:
        out["report_text"] = REPORT_WORDS.get(s.agents_report, s.agents_report)
        out["notes"] = s.notes
    return out


def sessions_context(matter: Matter, draft_date: dt.date, internal: bool) -> dict:
    """Sessions held by the draft date, split at the sentencing date (Rule 35(b)(1) counts help
    given after sentencing; Rule 35(b)(3) lets the court consider help given before)."""
    ordered = sorted(matter.cooperation.sessions, key=lambda s: s.date)
    held = [s for s in ordered if s.date <= draft_date]
    sd = matter.case.sentencing_date
    after = [s for s in held if sd is not None and s.date > sd]
    before = [s for s in held if sd is not None and s.date <= sd]
    subjects = list(dict.fromkeys(x for s in held for x in s.subjects))
    prosecutor = matter.government.prosecutor.name if matter.government.prosecutor else None
    others = list(dict.fromkeys(a for s in held for a in outside_attendees(s.attendees, prosecutor)))
    return {
        "held": [_entry(s, internal) for s in held],
        "after_sentencing": [_entry(s, internal) for s in after],
        "before_sentencing": [_entry(s, internal) for s in before],
        "upcoming": [_entry(s, internal) for s in ordered if s.date > draft_date],
        "subjects_covered": subjects,
        "sentencing_known": sd is not None,
        "others_present": others,       # attendees other than the prosecutors (agents, others)
        "unreviewed": [_entry(s, internal) for s in held if s.agents_report != "reviewed"] if internal else [],
    }


def open_facts(matter: Matter, draft_date: dt.date) -> list[str]:
    """What a sentenced, cooperating client's file does not yet record and the Rule 35(b)
    request needs: the checklist lists these under "Missing facts" (counsel only)."""
    if matter.case.stage != "sentenced" or matter.cooperation.status == "declined":
        return []
    ctx = sessions_context(matter, draft_date, internal=True)
    out = ["The terms that governed the debriefings (a proffer, debriefing or cooperation "
           "agreement: its date and what it says about a Rule 35(b) motion): not in the matter file."]
    if matter.case.sentencing_date and not ctx["before_sentencing"]:
        out.append(f"Help before sentencing: the file records no session before "
                   f"{longdate(matter.case.sentencing_date)}; confirm whether there was any, and "
                   "whether a USSG § 5K1.1 or 18 U.S.C. § 3553(e) motion was made at sentencing.")
    if ctx["held"]:
        out.append("What the information has led to (subpoenas, accounts found, charges, "
                   "readiness to testify): the file records subjects only.")
    out += [f"The agents' report of the {s['date_long']} session: {s['report_text']}."
            for s in ctx["unreviewed"]]
    return out
