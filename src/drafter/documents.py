"""The documents of a packet, and which ones a matter's stage and status call for.

| document            | audience | written when |
|---------------------|----------|--------------|
| proffer-agreement   | external | status considering, proffer-scheduled or proffered; also when declined,
|                     |          | as the terms counsel would require if the client reconsiders |
| cooperation-terms   | external | an agreement is near: status proffered or cooperating, or stage
|                     |          | plea-negotiation; never after sentencing or when declined |
| cover-letter        | external | a proffer agreement or cooperation terms go to the prosecutor (not when declined) |
| rule-35b-request    | external | stage sentenced and status cooperating |
| client-memo         | client   | always: client-memo.docx is the client's clean copy, counsel's
|                     |          | notes and [VERIFY] flags go to client-memo.review.docx as comments |
| proffer-prep        | internal | unless cooperation was declined |
| checklist           | internal | always |
"""

from __future__ import annotations

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
        Document("client-memo", "Memorandum to the Client: Cooperation and the Safety Valve", "internal",
                 review_copy=True),
        Document("proffer-prep", "Proffer Preparation Outline", "internal"),
        Document("checklist", "Negotiation Checklist", "internal"),
    )
}
ORDER = list(DOCUMENTS)


def applicable(stage: str, status: str) -> list[str]:
    """The documents the stage and cooperation status call for, in packet order."""
    declined = status == "declined"
    sentenced = stage == "sentenced"
    wanted = {
        "proffer-agreement": status in ("considering", "proffer-scheduled", "proffered", "declined"),
        "cooperation-terms": not declined and not sentenced
        and (status in ("proffered", "cooperating") or stage == "plea-negotiation"),
        "rule-35b-request": sentenced and status == "cooperating",
        "client-memo": True,
        "proffer-prep": not declined,
        "checklist": True,
    }
    wanted["cover-letter"] = not declined and (wanted["proffer-agreement"] or wanted["cooperation-terms"])
    return [d for d in ORDER if wanted[d]]
