"""Which changes to ask for in the Office's letter: a few ``must`` asks, the rest ``trade``.

Offices seldom rewrite their forms, so the redline is targeted by default: at most five
``must`` asks, the ones that protect this client most in this kind of document; every other
useful ask is a ``trade`` ask, for the report and the checklist only. ``--stance full`` makes
every ask a ``must``. With a matter, the matter's strategy decides when the project has one
(``drafter.strategy.decide``); otherwise the asks are ranked here by the risk of the Office's
wording and by how much the clause matters in this kind of document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .dockind import fits

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review

MUST_LIMIT = 5
STANCES = ("targeted", "full")
RISK = {"high": 3, "medium": 2, "low": 1, "none": 0}

# How much each type matters, by kind of document (added to twice the risk).
RELEVANCE = {
    "proffer": {"rebuttal-use": 3, "derivative-use": 3, "direct-use-bar": 2, "information-sharing": 2,
                "breach-determination": 2, "safety-valve-use": 1, "rule-410-waiver": 1, "impeachment-use": 1},
    "immunity": {"derivative-use": 3, "direct-use-bar": 3, "rebuttal-use": 2, "information-sharing": 2,
                 "false-statement-exception": 1},
    "cooperation": {"government-discretion": 3, "below-minimum-motion": 3, "breach-determination": 3,
                    "substantial-assistance-motion": 2, "guideline-use-protection": 2, "breach": 1,
                    "non-prosecution": 1, "binding-scope": 1},
    "npa": {"breach-determination": 3, "government-discretion": 2, "non-prosecution": 2, "binding-scope": 2,
            "breach": 2, "limitations-waiver": 1},
}
RELEVANCE["plea-cooperation"] = RELEVANCE["cooperation"]
RELEVANCE["dpa"] = RELEVANCE["npa"]


@dataclass
class Ask:
    """One change we ask the Office for (the shape of the strategy's asks)."""

    type: str
    variant: str                 # the variant we propose (canonical id)
    document: str                # proffer-agreement | cooperation-terms
    paragraph: int | None        # the letter's paragraph (None: a new paragraph)
    tier: str                    # must | trade
    why: str
    found: Any = None            # the review's Found, when the letter has the clause
    score: int = 0
    done: str = ""               # what the counter-draft did for it, in words ("replaces “…” with “…”")
    reasons: tuple[str, ...] = ()  # why, edit by edit (the clause files' `why` of each edit made)

    def to_json(self) -> dict:
        return {"type": self.type, "variant": self.variant, "document": self.document,
                "paragraph": self.paragraph, "tier": self.tier, "why": self.why}


def _document(review: Review) -> str:
    return "proffer-agreement" if review.kind == "proffer" else "cooperation-terms"


def _surgical(review: Review, type_id: str, variant: str) -> int:
    """A clause the library can change with surgical edits (written for this letter's party and
    charge) ranks above one it would replace whole."""
    from .redline import fitting_edits

    return 2 if fitting_edits(review, type_id, variant) else 0


def matter_weight(review: Review, type_id: str) -> int:
    """With a matter, what its facts add: a clause its rules call for (the safety valve on that
    path, an interpreter, safety measures) and the protections its facts make urgent."""
    ctx = review.context
    if ctx is None:
        return 0
    from .review import _relevant

    t = review.library.types[type_id]
    weight = 8 if t.include and _relevant(t, ctx) else 0
    coop = (ctx.get("matter", {}).get("cooperation") or {})
    if type_id == "derivative-use" and coop.get("uncharged_conduct"):
        weight += 2
    if type_id == "information-sharing" and coop.get("safety_concerns") in ("moderate", "high"):
        weight += 2
    return weight


def _conditional_out(review: Review, type_id: str) -> bool:
    """A type only some clients need (interpreter, safety measures, immigration, the safety
    valve) is asked for only when the matter's facts call for it; without a matter, never."""
    t = review.library.types[type_id]
    if not t.include:
        return False
    if review.context is None:
        # a statutory minimum is possible in any individual's plea: the § 3553(e) ask stays
        return type_id != "below-minimum-motion"
    from .review import _relevant

    return not _relevant(t, review.context)


def candidates(review: Review) -> list[Ask]:
    """Every clause worth asking about: found with wording that is not ours, or missing."""
    lib, dk = review.library, review.doc
    relevance = RELEVANCE.get(dk.kind, {})
    out: list[Ask] = []
    for f in review.found:
        if review.acceptable(f) or not review.in_scope(f.type) or not fits(f.type, dk) \
                or _conditional_out(review, f.type):
            continue
        t = lib.types[f.type]
        current = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        if RISK.get(current.risk, 0) < 2 and f.variant is not None:
            continue                                 # low-risk wording is left as the Office wrote it
        proposed = review.proposed_variant(f.type)
        score = (2 * RISK.get(current.risk, 0) + relevance.get(f.type, 0) + 1 + _surgical(review, f.type, proposed)
                 + matter_weight(review, f.type))
        out.append(Ask(f.type, proposed, _document(review), f.paragraph.number, "trade",
                       review.fitted(t.variants[proposed].why, t.variants[proposed]), f, score))
    for m in review.missing:
        if not fits(m, dk) or _conditional_out(review, m):
            continue
        t = lib.types[m]
        proposed = review.proposed_variant(m)
        score = 2 * RISK["medium"] + relevance.get(m, 0) + _surgical(review, m, proposed) + matter_weight(review, m)
        why = review.fitted(t.gap_note or t.variants[proposed].why, t.variants[proposed])
        out.append(Ask(m, proposed, _document(review), None, "trade", why, None, score))
    order = {t.type: i for i, t in enumerate(lib.ordered())}
    out.sort(key=lambda a: (-a.score, order[a.type]))
    return out


def select(review: Review, stance: str = "targeted", strategy: Any = None,
           feasible: Callable[[Ask], bool] | None = None) -> list[Ask]:
    """The asks with their tiers: the strategy's when a matter has one, else ranked here. An ask
    the letter cannot take (``feasible`` says no: its clause sits in the signature block, or our
    words do not fit) stays a trade ask, and the next one in rank takes its place."""
    asks = candidates(review)
    if review.doc.program and stance != "full":
        return _ordered(asks)      # a program's model form: the points go to the checklist, none to the redline
    can = feasible or (lambda a: True)
    if strategy is not None:
        tiers = {a.type: a.tier for a in getattr(strategy, "asks", [])}
        stance = getattr(strategy, "stance", stance) or stance
        for a in asks:
            a.tier = "must" if (stance == "full" or tiers.get(a.type) == "must") and can(a) else "trade"
        return _ordered(asks)
    made = 0
    for a in asks:
        # without a matter, an ask that only some facts justify (a bar on derivative use) is a
        # point to raise, not a change to send: the Office would refuse it and discount the rest
        extraordinary = stance != "full" and review.library.types[a.type].needs_facts
        if (stance == "full" or made < MUST_LIMIT) and can(a) and not extraordinary:
            a.tier = "must"
            made += 1
        else:
            a.tier = "trade"
    return _ordered(asks)


def _ordered(asks: list[Ask]) -> list[Ask]:
    return sorted(asks, key=lambda a: (a.tier != "must", -a.score))


def matter_strategy(plan: Any) -> Any:
    """The matter's strategy (``drafter.strategy``, decided with the plan): its ``must`` and
    ``trade`` asks decide the letter's tiers."""
    return getattr(plan, "strategy", None)
