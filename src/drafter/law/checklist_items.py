"""The checklist item as a typed record, the one shape every checklist is made of.

No imports beyond the standard library: the clause library, the analysis, the plan and the
review all build these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChecklistItem:
    """One point on a checklist: ``analyze``'s advice, the packet's asks, a review's items.

    Every producer builds one of these records (this class or a subclass below) and every
    output serialises it with ``to_json``, whose shape is the ``checklist`` entry of
    ``drafter analyze --json`` and ``drafter review --json``."""

    id: str
    priority: str                       # "high", "medium" or "low"
    point: str
    why: str
    cites: list[str]
    source: str = "analysis"            # "analysis", "clause" (an ask) or "review"
    fallback: str | None = None         # what to accept if the point is refused
    verify: list[str] = field(default_factory=list)   # [VERIFY] flags for counsel

    def to_json(self) -> dict:
        return {"id": self.id, "priority": self.priority, "point": self.point, "why": self.why,
                "cites": list(self.cites), "source": self.source, "fallback": self.fallback,
                "verify": list(self.verify)}


@dataclass
class AskItem(ChecklistItem):
    """An ask of the strategy (``clause:<type>``): the clause variant to ask the Office for,
    and, in a packet, the document and paragraph of the draft that carries it."""

    source: str = "clause"
    document: str | None = None
    paragraph: int | None = None
    tier: str | None = None             # "must" (in the drafts) or "trade"
    where: str | None = None            # "Proffer agreement ¶ 8"

    def to_json(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "priority": self.priority, "point": self.point, "why": self.why,
               "cites": list(self.cites), "fallback": self.fallback, "source": self.source,
               "verify": list(self.verify)}
        if self.document is not None:
            out.update(document=self.document, paragraph=self.paragraph, tier=self.tier,
                       where=self.where)
        return out


@dataclass
class ReviewItem(ChecklistItem):
    """A review's item: a clause of the letter to change (``clause:<type>``, status "found",
    with its paragraph) or one the letter is silent on (``review:<type>``, status "missing")."""

    source: str = "review"
    type: str = ""
    proposed: str = ""                  # the variant the review proposes
    title: str = ""
    paragraph: int | None = None
    status: str = "found"
    tier: str | None = None             # the strategy's tier for the type, if it is an ask

    def to_json(self) -> dict:
        out = ChecklistItem.to_json(self)
        out.update(type=self.type, proposed=self.proposed, title=self.title)
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        out.update(status=self.status, tier=self.tier)
        return out


def priority_for(risk: str) -> str:
    """A clause variant's risk (high, medium, low) as the priority of the item asking to change it."""
    return {"high": "high", "medium": "medium"}.get(risk, "low")
