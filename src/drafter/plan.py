"""Everything decided about one matter before anything is rendered.

facts -> analysis -> clause choices -> documents and checklist. The memo, the checklist and
``drafter analyze --json`` all read this one plan, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import clauses as clauselib
from . import documents as docs
from .analysis import PRIORITY_ORDER, Analysis, analyze
from .matter import Matter, matter_data
from .workspace import Workspace


@dataclass
class Plan:
    matter: Matter
    analysis: Analysis
    workspace: Workspace
    library: clauselib.Library
    choices: list[clauselib.Choice]
    documents: list[str]
    checklist: list[dict]
    context: dict = field(repr=False, default_factory=dict)

    def to_json(self) -> dict:
        """``drafter analyze --json`` (shared/spec/json-outputs.md)."""
        data = self.analysis.to_json()
        data["checklist"] = self.checklist
        data["clauses"] = [c.to_json() for c in self.choices]
        data["documents"] = list(self.documents)
        data["verify"] = list(self.analysis.verify)
        return data

    def choices_for(self, document: str) -> list[clauselib.Choice]:
        return [c for c in self.choices if document in self.library.types[c.type].documents]


def base_context(matter: Matter, analysis: Analysis, workspace: Workspace) -> dict:
    """The context rules and clause texts see (docs/clause-format.md)."""
    m = matter_data(matter)
    for s in m["cooperation"].get("sessions") or []:
        s.pop("notes", None)      # counsel's own: only internal documents see them (drafter.sessions)
    m["client"]["addressee"] = matter.client.salutation or matter.client.name
    m["case"]["court_name"] = matter.case.court or court_name(matter.case.district)
    m["government"]["prosecutor"]["addressee"] = prosecutor_addressee(
        matter.government.prosecutor.name, matter.government.prosecutor.title)
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


def prosecutor_addressee(name: str, title: str) -> str:
    """How a letter greets the prosecutor: "AUSA Whitfield" for an Assistant U.S. Attorney."""
    parts = [p for p in name.replace(",", " ").split()
             if any(ch.isalpha() for ch in p) and p.rstrip(".").lower() not in ("jr", "sr", "ii", "iii", "iv")]
    if not parts:
        return name
    last = parts[-1]
    if "assistant united states attorney" in title.lower():
        return f"AUSA {last}"
    return name


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
    choices = clauselib.select(library, context, context["negotiation"], matter.source, matter.line)
    documents = docs.applicable(matter.case.stage, matter.cooperation.status)
    items = [i.to_json() for i in analysis.checklist] + clauselib.clause_checklist(library, choices)
    items.sort(key=lambda i: PRIORITY_ORDER.get(i["priority"], 3))
    plan = Plan(matter, analysis, workspace, library, choices, documents, items)
    context["analysis"].update(
        checklist=items, clauses=[c.to_json() for c in choices], documents=documents
    )
    plan.context = context
    return plan


def plan_for_path(path: Path, workspace: Workspace | None = None) -> Plan:
    from .matter import load_matter
    from .workspace import for_matter

    matter = load_matter(path)
    return make_plan(matter, workspace or for_matter(Path(path)))
