"""Everything decided about one matter before anything is rendered.

facts -> analysis -> clause choices -> documents and checklist. The memo, the checklist and
``drafter analyze --json`` all read this one plan, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.matter import Matter, matter_data
from ..model.names import client_context, normalise_district, prosecutor_addressee
from ..model.workspace import Workspace
from . import clauses as clauselib, posture, strategy as strategylib
from .analysis import PRIORITY_ORDER, Analysis, analyze
from .checklist_items import AskItem, ChecklistItem


@dataclass
class Plan:
    matter: Matter
    analysis: Analysis
    workspace: Workspace
    library: clauselib.Library
    choices: list[clauselib.Choice]
    documents: list[str]
    checklist: list[ChecklistItem]
    strategy: strategylib.Strategy
    candidates: list[clauselib.Choice] = field(default_factory=list)
    context: dict = field(repr=False, default_factory=dict)

    def to_json(self) -> dict:
        """``drafter analyze --json`` (shared/spec/json-outputs.md)."""
        data = self.analysis.to_json()
        data["checklist"] = [i.to_json() for i in self.checklist]
        data["strategy"] = self.strategy.to_json()
        data["clauses"] = self.clauses_json()
        data["documents"] = list(self.documents)
        data["verify"] = list(self.analysis.verify)
        return data

    def choices_for(self, document: str) -> list[clauselib.Choice]:
        return [c for c in self.choices if document in self.library.types[c.type].documents]

    def is_standard(self, choice: clauselib.Choice) -> bool:
        t = self.library.types[choice.type]
        return "government-standard" in t.variants and t.same(choice.variant, "government-standard")

    def audience(self, document: str) -> str:
        return self.strategy.audiences.get(document, "internal")

    def clauses_json(self) -> list[dict]:
        """``clauses`` of ``analyze --json``: the variant in the drafts, whether it is the
        Office's standard, its document, and the variant the rules propose (full stance)."""
        proposed = {c.type: c.variant for c in self.candidates}
        return [dict(c.to_json(), standard=self.is_standard(c),
                     document=self.library.types[c.type].documents[0],
                     proposed=proposed.get(c.type, c.variant)) for c in self.choices]

    def changes(self, document: str) -> list[clauselib.Choice]:
        """The clauses of a document whose wording differs from the Office's standard."""
        return [c for c in self.choices_for(document) if not self.is_standard(c)]


def base_context(matter: Matter, analysis: Analysis, workspace: Workspace) -> dict:
    """The context rules and clause texts see (docs/clause-format.md)."""
    m = matter_data(matter)
    for s in m["cooperation"].get("sessions") or []:
        s.pop("notes", None)      # counsel's own: only internal documents see them (drafter.sessions)
    m["client"] = client_context(m["client"])
    # "SDFL" typed in the matter file prints as "S.D. Fla."; a form drafter cannot read stays as written
    m["case"]["district"] = normalise_district(matter.case.district) or matter.case.district
    m["case"]["court_name"] = matter.case.court or court_name(m["case"]["district"])
    p = matter.government.prosecutor
    m["government"]["prosecutor"]["addressee"] = prosecutor_addressee(p.name, p.title, p.salutation)
    return {
        "matter": m,
        "analysis": analysis.context(),
        "client": m["client"],
        "case": m["case"],
        "government": m["government"],
        "cooperation": m["cooperation"],
        "charges": m["charges"],
        "negotiation": m["negotiation"],
        "attorney": workspace.attorney_context(matter),
        "firm": workspace.firm_context(),
    }


_DISTRICTS = {"N": "Northern", "S": "Southern", "E": "Eastern", "W": "Western", "M": "Middle",
              "C": "Central"}
_STATES = {
    "Ala.": "Alabama", "Alaska": "Alaska", "Ariz.": "Arizona", "Ark.": "Arkansas", "Cal.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "D.C.": "District of Columbia",
    "Fla.": "Florida", "Ga.": "Georgia", "Haw.": "Hawaii", "Idaho": "Idaho", "Ill.": "Illinois",
    "Ind.": "Indiana", "Iowa": "Iowa", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Me.": "Maine", "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan",
    "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana",
    "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota",
    "Ohio": "Ohio", "Okla.": "Oklahoma", "Or.": "Oregon", "Pa.": "Pennsylvania", "P.R.": "Puerto Rico",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Tex.": "Texas", "Utah": "Utah", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W. Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}


_STATE_KEYS = {k.replace(" ", ""): v for k, v in _STATES.items()}


def court_name(district: str) -> str:
    """``S.D. Fla.`` / ``S.D.N.Y.`` / ``D.N.J.`` -> the court's full name; anything else is
    kept as given inside a generic name."""
    import re

    d = " ".join(district.split())
    compact = d.replace(" ", "")
    if compact in ("D.D.C.", "D.C."):
        return "United States District Court for the District of Columbia"
    m = re.match(r"^([NSEWMC])\.D\.(.+)$", compact)
    if m and m.group(2) in _STATE_KEYS:
        return f"United States District Court for the {_DISTRICTS[m.group(1)]} District of {_STATE_KEYS[m.group(2)]}"
    m = re.match(r"^D\.(.+)$", compact)
    if m and m.group(1) in _STATE_KEYS:
        return f"United States District Court for the District of {_STATE_KEYS[m.group(1)]}"
    return f"United States District Court ({d})"


def make_plan(matter: Matter, workspace: Workspace) -> Plan:
    analysis = analyze(matter)
    library = clauselib.load_library(workspace.clauses_dir)
    context = base_context(matter, analysis, workspace)
    candidates = clauselib.select(library, context, context["negotiation"], matter.source, matter.line)
    # asks that mean nothing at the client's posture dropped, the others' reasons as it reads them
    candidates = posture.adjust(library, candidates, context)
    strategy = strategylib.decide(matter, analysis, library, candidates, context=context)
    choices = strategylib.apply(strategy, library, candidates, dict(matter.negotiation.variants))
    documents = strategy.documents
    items = checklist_items(analysis, library, strategy, candidates, matter)
    plan = Plan(matter, analysis, workspace, library, choices, documents, items, strategy, candidates)
    context["analysis"].update(
        checklist=[i.to_json() for i in items], clauses=plan.clauses_json(), documents=documents,
        strategy=strategy.to_json(),
    )
    context["strategy"] = strategy.to_json()
    plan.context = context
    return plan


def checklist_items(analysis: Analysis, library: clauselib.Library, strategy: strategylib.Strategy,
                    candidates: list[clauselib.Choice], matter: Matter | None = None) -> list[ChecklistItem]:
    """Negotiation items first (the `must` asks, then the `trade` asks, at most 12 in the
    targeted stance), then the legal-advice items the facts trigger, by priority."""
    titles = {"proffer-agreement": "Proffer agreement", "cooperation-terms": "Cooperation terms"}
    asks = strategy.asks
    if strategy.stance == "targeted":
        asks = asks[:strategylib.MAX_TRADE_ITEMS]
    by_type = {c.type: c for c in candidates}
    asked: list[AskItem] = []
    for ask in asks:
        rule = by_type.get(ask.type)
        # the variant the ask carries (in the targeted stance it may be more realistic than the
        # one the rules propose), so the point, why and fallback speak of the draft's wording
        item = clauselib.ask_item(library, clauselib.Choice(
            ask.type, ask.variant, rule.reason if rule else ask.why, rule.rule if rule else "strategy"))
        where = f"{titles.get(ask.document, ask.document)} ¶ {ask.paragraph}"
        point = item.point
        rewrite = strategy.rewrites.get(ask.type)      # the ask as the client's posture reads it
        if ask.tier == "trade" and strategy.stance == "targeted":
            point = "Trade ask (the draft keeps the Office's wording): " + (
                rewrite.ask if rewrite is not None and rewrite.ask
                else library.types[ask.type].variants["government-standard"].ask)
        if ask.companions:
            point += (" The same ask changes " + ", ".join(
                f"¶ {n} ({library.types[t].variants[v].heading})" for t, v, n in ask.companions)
                + " so that no paragraph of the draft contradicts it.")
        if rewrite is not None:
            item.why = rewrite.why or item.why
            item.fallback = rewrite.fallback or item.fallback
            item.cites = list(rewrite.cites or item.cites)
            item.verify = list(rewrite.verify or item.verify)
        item.document, item.paragraph, item.tier, item.where = ask.document, ask.paragraph, ask.tier, where
        item.point = f"{where} ({library.types[ask.type].variants[ask.variant].heading}): {point}"
        if ask.tier == "must":
            item.why = ask.why + " " + item.why
            item.priority = "high"
        asked.append(item)
    from .analysis import path_items

    extra = path_items(matter, analysis, strategy.path) if matter is not None else []
    advice = list(analysis.checklist) + extra
    advice.sort(key=lambda i: PRIORITY_ORDER.get(i.priority, 3))
    return [*asked, *advice]


def plan_for_path(path: Path, workspace: Workspace | None = None) -> Plan:
    from ..model.matter import load_matter
    from ..model.workspace import for_matter

    matter = load_matter(path)
    return make_plan(matter, workspace or for_matter(Path(path)))
