"""One strategy per matter: posture, path, stance and asks, decided before anything is drafted.

Sits between the analysis (the law applied to the facts) and clause selection. Every document
of a packet reads this one decision, so the memo, the cover letter, the checklist and the drafts
give the same advice. The path is advice for the attorney, who decides.

Paths: ``safety-valve`` (a truthful § 3553(f)(5) disclosure is the main route below the minimum),
``cooperate``, ``rule-35b`` (after sentencing), ``hold`` (decide nothing yet) and ``declined``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

from ..environment import evaluate, longdate, months
from ..model.matter import Matter, matter_data
from . import clauses as clauselib, documents as docs, posture
from .analysis import Analysis
from .posture import Rewrite

MAX_MUST = 5
MAX_TRADE_ITEMS = 12      # negotiation items on the checklist in the targeted stance
PATHS = ("safety-valve", "cooperate", "rule-35b", "hold", "declined")


@dataclass(frozen=True)
class Ask:
    """One change from the Office's standard wording that counsel asks for."""

    type: str
    variant: str
    document: str
    paragraph: int
    tier: str          # must | trade
    why: str
    # Paragraphs of the same document that move with this one so that the draft does not
    # contradict itself (the clause library's `companions`): ((type, variant, paragraph), ...).
    # They are part of this ask, but each is a changed clause: in the targeted stance they count
    # against the cap of five changed clauses, and `--json` lists each as an ask of its own.
    companions: tuple[tuple[str, str, int], ...] = ()

    def to_json(self) -> dict:
        out = {"type": self.type, "variant": self.variant, "document": self.document,
               "paragraph": self.paragraph, "tier": self.tier, "why": self.why}
        if self.companions:
            out["companions"] = [{"type": t, "variant": v, "paragraph": n} for t, v, n in self.companions]
        return out


@dataclass
class Strategy:
    posture: str
    path: str
    reasons: list[str]
    stance: str
    asks: list[Ask]
    audiences: dict[str, str] = field(default_factory=dict)
    later: dict[str, str] = field(default_factory=dict)
    # what counsel reads about an ask at this posture (postures.yaml), by clause type
    rewrites: dict[str, Rewrite] = field(default_factory=dict)

    @property
    def documents(self) -> list[str]:
        return list(self.audiences)

    @property
    def must(self) -> list[Ask]:
        return [a for a in self.asks if a.tier == "must"]

    @property
    def trade(self) -> list[Ask]:
        return [a for a in self.asks if a.tier == "trade"]

    def ask_for(self, type_: str) -> Ask | None:
        return next((a for a in self.asks if a.type == type_), None)

    def companion_of(self, type_: str) -> tuple[Ask, str] | None:
        """The `must` ask (in the targeted stance; any ask in the full stance) that carries
        ``type_`` along as a companion, with the companion's variant."""
        for a in self.asks:
            if a.tier != "must":
                continue
            for t, v, _ in a.companions:
                if t == type_:
                    return a, v
        return None

    def to_json(self) -> dict:
        """The contract's shape: every clause that differs from the standard is an ask of its
        own, so a companion is listed too (``companion_of`` names the ask it moves with)."""
        asks = []
        for a in self.asks:
            asks.append(a.to_json())
            for t, v, n in a.companions:
                asks.append({"type": t, "variant": v, "document": a.document, "paragraph": n,
                             "tier": a.tier, "companion_of": a.type,
                             "why": f"Changed with ¶ {a.paragraph} ({a.type}) so that the "
                                    "agreement does not contradict itself."})
        return {"posture": self.posture, "path": self.path, "reasons": list(self.reasons),
                "stance": self.stance, "asks": asks,
                "documents": self.documents,
                "internal": [d for d, a in self.audiences.items() if a == "internal"
                             and d in docs.AGREEMENTS],
                "later": dict(self.later)}


# --- the path ---------------------------------------------------------------------------

def _info(matter: Matter) -> tuple[bool, bool, list[str]]:
    """(all known to the government, nothing useful, subjects new to the government)."""
    info = matter.cooperation.information
    known = bool(info and all(i.known_to_government is True for i in info))
    nothing = info is not None and len(info) == 0
    new = [i.subject for i in info or [] if i.known_to_government is False]
    return known, nothing, new


def _sv_closed_reason(analysis: Analysis) -> str:
    sv = analysis.safety_valve
    if not sv.offense_covered:
        return "no charge is one the safety valve covers"
    failed = [k for k, c in sv.criteria.items() if c.met is False]
    return "criterion " + ", ".join(f"(f)({k[1]})" for k in failed) + " appears not met"


def _sv_reasons(matter: Matter, analysis: Analysis) -> list[str]:
    coop = matter.cooperation
    sv = analysis.safety_valve
    if sv.eligible is True:
        out = ["The client appears to meet the first four safety-valve criteria (18 U.S.C. § 3553(f)(1)-(4)); "
               "a truthful and complete disclosure by the sentencing hearing would free the court from the "
               "minimum without any motion from the government (a guideline sentence, not a set term)."]
    else:
        out = ["The safety valve may be open: the offense is covered and no criterion is known to fail, but "
               + ", ".join(sv.missing_facts or ["some facts"]) + " must still be established. If it is "
               "open, a truthful and complete disclosure by the sentencing hearing would free the court "
               "from the minimum without any motion from the government."]
    if sv.remaining_minimum_months:
        out.append(f"It cannot lift the {months(sv.remaining_minimum_months)} minimum of "
                   + ", ".join(sv.uncovered_minimum_statutes) + "; only a government § 3553(e) motion "
                   "goes below that.")
    out.append("That disclosure is itself a debrief: it must cover what the client knows about the "
               "offense and the same course of conduct, others' roles included. Having nothing new to "
               "offer does not defeat it, and the statute bars using what is disclosed to enhance the "
               "sentence unless it relates to a violent offense.")
    if coop.safety_concerns in ("moderate", "high"):
        out.append(f"The safety concerns ({coop.safety_concerns}) weigh on this path too, since the "
                   "disclosure names others; the meeting terms must limit sharing.")
    if coop.status == "declined":
        out.append("Declining to cooperate does not forfeit the safety valve: the disclosure needs no "
                   "cooperation agreement and no testimony.")
    elif coop.willing_to_testify is False:
        out.append("The client will not testify; the safety valve does not require testimony.")
    _, _, new = _info(matter)
    if new and coop.status != "declined":
        out.append("If the client's new information proves useful, a § 5K1.1 or § 3553(e) motion can be "
                   "sought as well: the two routes combine.")
    return out


def _convicted_reasons(matter: Matter, path: str) -> list[str]:
    """What a conviction (plea or verdict) with the sentence still to come changes."""
    case = matter.case
    how = {"trial": " at trial", "plea": " on a guilty plea"}.get(case.conviction or "", "")
    when = f", set for {longdate(case.sentencing_date)}" if case.sentencing_date else ""
    out = [f"The client has been found guilty{how}; what is at stake now is the sentencing{when}."]
    if path not in ("declined", "hold"):
        out.append("Help given before the sentencing can support a § 5K1.1 motion (with a § 3553(e) motion "
                   "below a minimum) at that hearing; help given after it counts only through a Rule 35(b) "
                   "motion. The terms must keep what the client says out of the guideline range "
                   "(USSG § 1B1.8).")
    if case.conviction == "trial":
        if case.testified_at_trial:
            out.append("The client testified at trial: what the client says now may contradict that testimony, "
                       "which exposes the client to a perjury prosecution and to the obstruction adjustment "
                       "(USSG § 3C1.1), and a false statement at the meeting would be a new crime "
                       "(18 U.S.C. § 1001).")
        elif case.testified_at_trial is None:
            out.append("Whether the client testified at trial is not recorded (case.testified_at_trial): if the "
                       "client did, what the client says now may contradict that testimony.")
        out.append("After a trial the reduction for acceptance of responsibility is usually lost "
                   "(USSG § 3E1.1, comment. (n.2)); the meeting terms' use limits matter for a new trial "
                   "only if the conviction is set aside.")
    elif case.conviction == "plea":
        out.append("The plea stands: before sentence it can be withdrawn only for a fair and just reason "
                   "(Fed. R. Crim. P. 11(d)(2)(B)), so the meeting terms' use limits matter mainly at the "
                   "sentencing.")
    return out


def choose_path(matter: Matter, analysis: Analysis) -> tuple[str, list[str]]:
    """The recommended path and its reasons, in plain words."""
    path, reasons = _choose_path(matter, analysis)
    if matter.case.stage == "convicted":
        reasons = _convicted_reasons(matter, path) + reasons
    return path, reasons


def _choose_path(matter: Matter, analysis: Analysis) -> tuple[str, list[str]]:
    coop = matter.cooperation
    sv = analysis.safety_valve
    stage = matter.case.stage
    known, nothing, new = _info(matter)
    minimum = analysis.mandatory_minimum_months
    sv_possible = sv.offense_covered and sv.eligible is not False
    if coop.status == "declined":
        if sv_possible and stage != "sentenced":
            return "safety-valve", _sv_reasons(matter, analysis)
        why = (["The client has declined to cooperate."]
               + ([f"The safety valve is not available: {_sv_closed_reason(analysis)}."] if stage != "sentenced"
                  else [])
               + ["Under USSG § 5K1.2 a refusal to assist is not an aggravating factor; sentencing "
                  "advocacy, not cooperation, is the work now."])
        return "declined", why
    against = []
    if known:
        against.append("The government appears to know already everything the client could tell it; "
                       "known information is rarely treated as substantial, though it is not worthless.")
    if nothing:
        against.append("The client does not appear to have information about others that the government could use.")
    if coop.safety_concerns == "high":
        against.append("The danger to the client or family is high"
                       + (" and the client is in custody" if matter.client.in_custody else "")
                       + "; no agreement removes it.")
    unwilling = coop.willing_to_testify is False
    if stage == "sentenced":
        deadline = next((d for d in analysis.deadlines if d.id == "rule-35b-one-year"), None)
        danger = coop.safety_concerns == "high" and matter.client.in_custody
        hold = known or nothing or danger or (unwilling and coop.status == "considering")
        if hold:
            why = [a for a in against if danger or "danger" not in a]
            if unwilling:
                why.append("The client will not testify, which narrows what help the government can use.")
            return "hold", why + ["Nothing should go to the Office until these points are settled with the client."]
        why = ["Sentence has been imposed: the remaining route to a lower sentence is a government motion "
               "under Fed. R. Crim. P. 35(b) for assistance given after sentencing."]
        if deadline:
            why.append(f"The motion is due within one year of sentencing, by {longdate(deadline.date)}, unless "
                       "one of the exceptions of Rule 35(b)(2) applies.")
        if minimum:
            why.append(f"On that motion the court may go below the statutory minimum of {months(minimum)} "
                       "(Rule 35(b)(4)).")
        if new:
            why.append("The client has information the government appears not to have.")
        if unwilling:
            why.append("The client will not testify; help short of testimony can still be substantial.")
        return "rule-35b", why
    remaining = sv.remaining_minimum_months > 0
    if sv.eligible is True and not remaining and coop.status in ("considering", "proffer-scheduled"):
        return "safety-valve", _sv_reasons(matter, analysis)
    committed = coop.status in ("proffered", "cooperating")
    if committed:
        # Once the client has spoken, danger alone does not undo it: it shapes the terms instead.
        against = [a for a in against if not a.startswith("The danger")]
    if against or (unwilling and coop.status == "considering"):
        why = list(against)
        if unwilling:
            why.append("The client will not testify; cooperation often needs testimony, though help short "
                       "of it can still be substantial.")
        if sv.offense_covered and sv.eligible is None:
            why.append("Whether the safety valve is open is still unknown: find out first ("
                       + ", ".join(sv.missing_facts or ["criminal history"]) + ").")
        return "hold", why + ["On what is known, cooperating looks like the wrong move; decide nothing yet."]
    missing = []
    if coop.status == "considering" and sv.offense_covered and sv.eligible is None:
        missing.append("whether the safety valve is open (" + ", ".join(sv.missing_facts) + ")")
    if coop.status == "considering":
        if coop.information is None:
            missing.append("what the client could tell the government, and whether it already knows it")
        if coop.willing_to_testify is None:
            missing.append("whether the client would testify")
    if missing:
        return "hold", ["Too early to recommend cooperating: we do not yet know " + "; or ".join(missing) + "."]
    why = []
    if minimum and analysis.needs_3553e:
        sv_words = ("not available for these offenses" if not sv.offense_covered else "closed"
                    if sv.eligible is False else "uncertain" if sv_possible else "not relevant")
        if remaining and sv.eligible is not False:
            sv_words = (f"open only for the covered counts; the {months(sv.remaining_minimum_months)} "
                        "minimum of " + ", ".join(sv.uncovered_minimum_statutes) + " would remain")
        why.append(f"A mandatory minimum of {months(minimum)} applies and the safety valve is {sv_words}; a "
                   "government motion under § 3553(e) is the way below it.")
    if new:
        why.append("The client has information the government appears not to have: " + "; ".join(new) + ".")
    if coop.willing_to_testify is True:
        why.append("The client is willing to testify.")
    elif unwilling:
        why.append("The client will not testify; that weighs against, though help short of testimony can "
                   "still be substantial.")
    if coop.uncharged_conduct:
        why.append("The client would disclose conduct the government does not know about: protection against "
                   "its use comes before any meeting.")
    if coop.safety_concerns == "high":
        why.append("The danger to the client or family is high: sealing, separation in custody and a "
                   "protection referral must be written terms before any further session.")
    if sv.eligible is True:
        why.append("The safety valve is also open; it combines with a § 5K1.1 or § 3553(e) motion.")
    why.append("Timeliness counts (USSG § 5K1.1(a)(5)): help given early is worth more.")
    return "cooperate", why


# --- the asks ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def must_table() -> tuple[dict, ...]:
    text = resources.files("drafter.law").joinpath("asks.yaml").read_text(encoding="utf-8")
    from ..model import yamlfile

    return tuple(yamlfile.safe_load(text))


def rule_context(matter: Matter, analysis: Analysis) -> dict:
    return {"matter": matter_data(matter), "analysis": analysis.context()}


def select_asks(library: clauselib.Library, candidates: list[clauselib.Choice], documents: list[str],
                context: dict, overrides: dict[str, str]) -> list[Ask]:
    """Every change from the standard in the given documents, `must` ones first."""
    numbered: dict[str, int] = {}
    found: list[tuple[clauselib.Choice, str, int]] = []
    position: dict[str, int] = {}
    for c in candidates:
        t = library.types[c.type]
        document = t.documents[0]
        numbered[document] = numbered.get(document, 0) + 1
        position[c.type] = numbered[document]
        if document not in documents:
            continue
        if "government-standard" in t.variants and t.same(c.variant, "government-standard"):
            continue
        found.append((c, document, numbered[document]))
    by_type = {c.type: (c, d, n) for c, d, n in found}
    targeted = (context.get("strategy") or {}).get("stance", "targeted") != "full"
    must: list[Ask] = []
    taken: set[str] = set()

    def take(ask: Ask, capped: bool = False) -> bool:
        """Make ``ask`` (with its companions) a `must` ask. In the targeted stance the cap
        counts every paragraph that changes, companions included: an ask that would carry the
        drafts past five changed clauses stays a `trade` ask."""
        ask = with_companions(library, ask, position, set(overrides) | taken)
        changed = taken | {ask.type} | {t for t, _, _ in ask.companions}
        if capped and targeted and len(changed) > MAX_MUST:
            return False
        must.append(ask)
        taken.update(changed)
        return True

    for c, d, n in found:          # counsel's own choices are in the drafts, whatever the cap
        if c.type in overrides:
            take(Ask(c.type, c.variant, d, n, "must", "Chosen by counsel for this matter."))
    for entry in must_table():
        if len(taken) >= MAX_MUST:
            break
        hit = by_type.get(entry["type"])
        if hit is None or entry["type"] in overrides or entry["type"] in taken:
            continue
        if evaluate(entry["when"], context, f"asks.yaml: {entry['type']}"):
            c, d, n = hit
            # In the targeted stance an entry may carry a more realistic variant than the one the
            # rules propose (the rules' variant stays for the full stance).
            variant = (entry.get("variant") if targeted else None) or c.variant
            joined = []
            for extra in entry.get("companions") or []:
                other = by_type.get(extra["type"])
                if other is None or extra["type"] in overrides or other[1] != d or extra["type"] in taken:
                    continue
                if evaluate(extra.get("when", "true"), context, f"asks.yaml: {entry['type']}: {extra['type']}"):
                    joined.append((other[0].type, other[0].variant, other[2]))
            take(Ask(c.type, variant, d, n, "must", " ".join(entry["why"].split()), tuple(joined)),
                 capped=True)
    trade = [with_companions(library, Ask(c.type, c.variant, d, n, "trade", c.reason), position, set(overrides))
             for c, d, n in found if c.type not in taken]
    order = {doc: i for i, doc in enumerate(docs.ORDER)}
    risk = {"high": 0, "medium": 1, "low": 2, "none": 3}

    def standard_risk(a: Ask) -> int:
        std = library.types[a.type].variants.get("government-standard")
        return risk.get(std.risk, 3) if std else 3

    must.sort(key=lambda a: (order[a.document], a.paragraph))
    trade.sort(key=lambda a: (standard_risk(a), order[a.document], a.paragraph))
    return must + trade


def with_companions(library: clauselib.Library, ask: Ask, position: dict[str, int],
                     exclude: set[str]) -> Ask:
    """The ask with the paragraphs that must move with it (those present in its document, not
    chosen by counsel, whose choice always wins, and not already part of another ask)."""
    comp = list(ask.companions)
    for t, v, _ in list(ask.companions) + [(ask.type, ask.variant, ask.paragraph)]:
        for t2, v2 in clauselib.companions(library, t, v):
            if t2 in position and t2 not in exclude and t2 != ask.type and all(t2 != c[0] for c in comp):
                comp.append((t2, v2, position[t2]))
    comp.sort(key=lambda c: c[2])
    return Ask(ask.type, ask.variant, ask.document, ask.paragraph, ask.tier, ask.why, tuple(comp))


def decide(matter: Matter, analysis: Analysis, library: clauselib.Library | None = None,
           candidates: list[clauselib.Choice] | None = None, documents: list[str] | None = None,
           context: dict | None = None) -> Strategy:
    """The strategy for one matter.

    ``candidates`` are the clause choices the library's rules make (every type, defense
    wording where the rules propose it); computed from the bundled library when not given.
    ``documents`` limits the asks to these documents (default: the packet's documents; a review
    of a government letter passes the letter's document)."""
    path, reasons = choose_path(matter, analysis)
    selection = docs.select(matter.case.stage, matter.cooperation.status, path,
                            matter.cooperation.proffer_date, matter.cooperation.uncharged_conduct)
    stance = matter.negotiation.stance
    if library is None:
        library = clauselib.load_library()
    ctx = dict(context or rule_context(matter, analysis))
    if candidates is None:
        candidates = clauselib.select(library, ctx, matter_data(matter)["negotiation"])
    candidates = posture.adjust(library, candidates, ctx)     # a no-op when the caller did it
    ctx["strategy"] = {"path": path, "posture": matter.case.stage, "stance": stance}
    scope = documents if documents is not None else [d for d in selection.documents if d in docs.AGREEMENTS]
    asks = select_asks(library, candidates, scope, ctx, dict(matter.negotiation.variants))
    if stance == "full":
        asks = [Ask(a.type, a.variant, a.document, a.paragraph, "must", a.why, a.companions) for a in asks]
    return Strategy(matter.case.stage, path, reasons, stance, asks, selection.audiences, selection.later,
                    posture.rewrites(ctx))


def apply(strategy: Strategy, library: clauselib.Library, candidates: list[clauselib.Choice],
          overrides: dict[str, str]) -> list[clauselib.Choice]:
    """The variants the drafts carry: in the targeted stance, the Office's standard wording for
    every clause that is not a `must` ask; counsel's ``negotiation.variants`` always win. A `must`
    ask's companions carry the variant that agrees with it, in either stance."""
    must = {a.type for a in strategy.must}
    out = []
    for c in candidates:
        t = library.types[c.type]
        companion = strategy.companion_of(c.type) if c.type not in overrides and c.type not in must else None
        if companion is not None:
            lead, variant = companion
            if not t.same(c.variant, variant):
                lt = library.types[lead.type]
                c = clauselib.Choice(
                    c.type, variant,
                    f"Conformed to ¶ {lead.paragraph} ({lt.title}): the Office's standard wording here would "
                    f"contradict the change made there, so this paragraph moves with it as one ask.",
                    "strategy: companion")
            out.append(c)
            continue
        ask = strategy.ask_for(c.type)
        if ask is not None and ask.tier == "must" and c.type not in overrides and not t.same(c.variant, ask.variant):
            c = clauselib.Choice(c.type, ask.variant,
                                 f"The must ask carries the {ask.variant} wording in the targeted stance, the "
                                 f"one an Office can sign; the rules would propose {c.variant}: {c.reason}",
                                 "strategy: must ask")
        if strategy.stance == "full":
            out.append(c)
            continue
        if c.type in overrides or c.type in must or "government-standard" not in t.variants \
                or t.same(c.variant, "government-standard"):
            out.append(c)
            continue
        ask = strategy.ask_for(c.type)
        why = ("kept as a trade ask on the checklist" if ask else "not an ask for the documents of this packet")
        out.append(clauselib.Choice(
            c.type, t.variants["government-standard"].canonical,
            f"The Office's standard wording is kept (targeted stance): {why}. The rules would propose "
            f"{c.variant}: {c.reason}", "strategy: targeted"))
    return out
