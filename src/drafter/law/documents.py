"""The documents of a packet, and which ones a matter's posture and path call for.

The posture table (before or after sentencing, by cooperation status); each row gives, in order,
proffer-agreement / cover-letter / cooperation-terms / rule-35b-request / proffer-prep:

- considering: internal / no / no / no / yes
- proffer-scheduled: yes / yes / internal at plea-negotiation / no / yes
- proffered: yes (later sessions) / yes / yes / no / yes
- cooperating: with a proffer date / yes / yes / no / with a proffer date
- sentenced (considering, scheduled or proffered): internal when considering, else yes /
  with a proffer date / no / no / with a proffer date
- sentenced (cooperating): with a proffer date or uncharged conduct / with a proffer date / no /
  yes / with a proffer date
- declined (any stage): only on the safety-valve path / no / no / no / no

The client memo and the checklist are always written (the memo as a clean copy for the client
and a review copy with counsel's notes as comments). On the ``hold`` path nothing goes to the
Office: the cover letter and the Rule 35(b) request are dropped and the agreements stay internal.
"Internal" agreements are written as a review copy only, for counsel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    audience: str  # external | internal
    review_copy: bool = False  # an internal document that also gets a clean copy for its reader

    @property
    def reader(self) -> str:
        """Who the clean copy is for, as the manifest records it: external | client | internal."""
        return "client" if self.review_copy and self.audience == "internal" else self.audience


DOCUMENTS = {
    d.id: d
    for d in (
        Document("proffer-agreement", "Proffer Agreement (Defense Proposed Terms)", "external"),
        Document("cooperation-terms", "Proposed Cooperation Provisions", "external"),
        Document("cover-letter", "Letter to the Prosecutor", "external"),
        Document("rule-35b-request", "Request for a Rule 35(b) Motion", "external"),
        Document("client-memo", "Memorandum to the Client", "internal", review_copy=True),
        Document("proffer-prep", "Proffer Preparation Outline", "internal"),
        Document("checklist", "Negotiation Checklist", "internal"),
    )
}
ORDER = list(DOCUMENTS)
AGREEMENTS = ("proffer-agreement", "cooperation-terms")


@dataclass(frozen=True)
class Selection:
    """The documents this packet writes (document -> audience, in packet order) and a short
    "later" line for each document it does not write."""

    audiences: dict[str, str]
    later: dict[str, str]

    @property
    def documents(self) -> list[str]:
        return list(self.audiences)


def select(stage: str, status: str, path: str, proffer_date: dt.date | None = None,
           uncharged_conduct: bool | None = None) -> Selection:
    sentenced = stage == "sentenced"
    dated = proffer_date is not None
    want: dict[str, str | None] = dict.fromkeys(ORDER)
    want["client-memo"] = want["checklist"] = "internal"
    if status == "declined":
        if path == "safety-valve":
            want["proffer-agreement"] = "external"
    elif not sentenced:
        if status == "considering":
            want["proffer-agreement"] = "internal"
        elif status in ("proffer-scheduled", "proffered") or dated:
            want["proffer-agreement"] = "external"
        if status in ("proffered", "cooperating"):
            want["cooperation-terms"] = "external"
        elif status == "proffer-scheduled" and stage == "plea-negotiation":
            want["cooperation-terms"] = "internal"
        if status != "cooperating" or dated:
            want["proffer-prep"] = "internal"
    else:
        if status == "cooperating":
            if dated or uncharged_conduct:
                want["proffer-agreement"] = "external"
            want["rule-35b-request"] = "external"
        else:
            want["proffer-agreement"] = "internal" if status == "considering" else "external"
        if dated:
            want["proffer-prep"] = "internal"
    if path == "hold":
        want["rule-35b-request"] = None
        for doc in AGREEMENTS:
            if want[doc]:
                want[doc] = "internal"
    enclosed = any(want[d] == "external" for d in AGREEMENTS)
    if enclosed and status != "declined" and (not sentenced or dated):
        want["cover-letter"] = "external"
    audiences = {d: a for d, a in want.items() if a}
    later = {d: later_note(d, stage, status, path) for d in ORDER if d not in audiences}
    return Selection(audiences, later)


def later_note(document: str, stage: str, status: str, path: str) -> str:
    """One line, for the checklist, on when an absent document would be written."""
    sentenced = stage == "sentenced"
    if path == "hold" and document in ("cover-letter", "rule-35b-request"):
        return "not written while the path is hold: nothing goes to the Office until the open points are settled."
    if status == "declined":
        return "not written: the client has declined to cooperate; revisit if that changes."
    notes = {
        "proffer-agreement": "drafted for the next meeting once one is on the table (cooperation.proffer_date).",
        "cover-letter": "written when a draft agreement goes to the Office.",
        "cooperation-terms": ("not used after sentencing: the route is a Rule 35(b) motion." if sentenced
                              else "drafted once the client has proffered or plea talks turn to cooperation."),
        "rule-35b-request": ("written once the client is cooperating after sentencing." if sentenced
                             else "written after sentencing, if the client is then cooperating."),
        "proffer-prep": "written when a meeting with the Office is scheduled (cooperation.proffer_date).",
    }
    return notes.get(document, "not needed at this stage.")


def applicable(stage: str, status: str, path: str = "cooperate", proffer_date: dt.date | None = None,
               uncharged_conduct: bool | None = None) -> list[str]:
    """The documents the posture and path call for, in packet order."""
    return select(stage, status, path, proffer_date, uncharged_conduct).documents
