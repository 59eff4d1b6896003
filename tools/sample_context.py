#!/usr/bin/env python3
"""Hand-made render contexts for smoke-testing the Word templates (docs/render-context.md).

Not drafter's renderer: a stand-in with the same shape, so a template can be rendered without
the package. Three matters exercise the templates' branches:

  full     charged drug conspiracy, Spanish-speaking non-citizen in custody, cooperating,
           sentenced on a date whose Rule 35(b) anniversary falls on a Saturday, safety valve
           unknown (criminal history missing), uncharged conduct, high safety concerns
  against  safety valve appears available, information already known, client will not testify
  sparse   investigation stage: no charges, no case number, most optional facts missing

Use:  .venv/bin/python tools/sample_context.py OUTDIR [full|against|sparse ...]
renders every template in templates/ into OUTDIR/<matter>-<document>.docx and fails if a
Jinja tag survives in the output.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ["proffer-agreement", "cooperation-terms", "cover-letter", "rule-35b-request",
             "client-memo", "proffer-prep", "checklist"]
INTERNAL = {"client-memo", "proffer-prep", "checklist"}


# ---- filters (simple stand-ins for drafter's own) ------------------------------------------
def need(value, label):
    """The value, or a highlighted [LABEL] gap run."""
    if value is None or value == "" or value == []:
        return Markup('</w:t></w:r><w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr>'
                      '<w:t xml:space="preserve">[{}]</w:t></w:r><w:r>'
                      '<w:t xml:space="preserve">').format(escape(label))
    return value


def longdate(value):
    if value is None:
        return None
    d = dt.date.fromisoformat(str(value))
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def months(value):
    if value is None:
        return None
    value = int(value)
    if value % 12 == 0 and value:
        years = value // 12
        return f"{value} months ({years} year{'s' if years != 1 else ''})"
    return f"{value} months"


def join_and(items):
    items = [str(i) for i in (items or [])]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def cite_list(cites):
    return "; ".join(cites or [])


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(need=need, longdate=longdate, months=months, join_and=join_and,
                       cite_list=cite_list)
    return env


# ---- sample facts ---------------------------------------------------------------------------
def _clause(type_, title, variant, paragraphs, cites=()):
    paras = [{"text": t, "sub": sub} for sub, t in paragraphs]
    return {"type": type_, "id": f"{type_}/{variant}", "variant": variant, "title": title,
            "paragraphs": paras, "cites": list(cites), "ask": "", "why": "", "reason": "",
            "risk": "low", "risk_note": "", "verify": []}


PROFFER_CLAUSES = [
    _clause("not-cooperation-agreement", "Nature of the Meeting", "defense-proposed", [
        (False, "The Meeting is held so the Office can evaluate information the Client may "
                "offer. Holding it does not commit the Office to any motion, plea offer or "
                "grant of immunity, and does not commit the Client to anything beyond these "
                "terms.")]),
    _clause("direct-use-bar", "No Direct Use", "defense-proposed", [
        (False, "Except as this Agreement expressly allows, the Office will not offer any "
                "statement the Client makes at the Meeting:"),
        (True, "in its case-in-chief in any criminal prosecution of the Client;"),
        (True, "at any sentencing of the Client, including to determine the guideline range;"),
        (True, "in any civil, administrative or forfeiture proceeding against the Client."),
        (False, "The protections in this paragraph extend to any notes or reports of the "
                "Meeting.")], ["Fed. R. Evid. 410"]),
    _clause("derivative-use", "Derivative Use", "logged", [
        (False, "Before the Meeting the Office will prepare and keep a dated list of the "
                "evidence it already holds, so that the source of any later evidence can be "
                "shown.")]),
    _clause("rebuttal-use", "Rebuttal Use", "impeachment-only", [
        (False, "The Office may use a statement made at the Meeting only to cross-examine the "
                "Client if the Client testifies and gives testimony that materially "
                "contradicts that statement."),
        (False, "Arguments of counsel, challenges to the sufficiency of the evidence and "
                "cross-examination of government witnesses do not open the door to any use.")]),
]
COOPERATION_CLAUSES = [
    _clause("substantial-assistance-motion", "Substantial Assistance Motion", "defense-proposed",
            [(False, "If the Defendant provides substantial assistance, the Government will "
                     "move under USSG § 5K1.1 and, because a statutory minimum applies, under "
                     "18 U.S.C. § 3553(e)."),
             (True, "Substantial assistance includes truthful attempts that do not produce "
                    "charges through no fault of the Defendant;"),
             (True, "the Government will describe to the Court the timeliness of the "
                    "assistance and any danger to the Defendant or the family.")]),
    _clause("government-discretion", "Good Faith", "defense-proposed", [
        (False, "The Government will evaluate the Defendant's assistance in good faith and "
                "will state in writing its reasons for any decision not to move.")]),
    _clause("breach-determination", "Breach Determination", "defense-proposed", [
        (False, "Before treating this Agreement as breached, the Government will:"),
        (True, "give the Defendant written notice describing the claimed breach;"),
        (True, "allow a reasonable opportunity to cure it; and"),
        (True, "establish any disputed breach at a hearing before the Court."),
        (False, "Until the Court finds a breach, the Government's obligations remain in "
                "force.")]),
]


def _base():
    client = {"name": "José Núñez", "salutation": "Mr. Núñez", "addressee": "Mr. Núñez",
              "language": "Spanish", "in_custody": True, "us_citizen": False}
    case = {"district": "S.D. Fla.", "court": None,
            "court_name": "United States District Court for the Southern District of Florida",
            "number": "1:26-cr-20123", "judge": "Hon. Jane Doe", "stage": "convicted",
            "sentencing_date": "2027-03-11"}
    government = {"office": "United States Attorney's Office for the Southern District of "
                            "Florida",
                  "prosecutor": {"name": "Jane Roe", "title": "Assistant United States Attorney",
                                 "email": "jane.roe@example.gov"},
                  "agents": [{"name": "Sam Poe", "agency": "DEA"},
                             {"name": "Ana Lee", "agency": "HSI"}]}
    cooperation = {"status": "cooperating", "proffer_date": "2027-01-10",
                   "proffer_location": "USAO Miami, 99 N.E. 4th Street",
                   "information": [
                       {"subject": "Identities of the supplier's couriers",
                        "known_to_government": False},
                       {"subject": "Stash locations used in 2025", "known_to_government": True},
                       {"subject": "Payments through a money transmitter",
                        "known_to_government": "unknown"}],
                   "uncharged_conduct": True, "willing_to_testify": True,
                   "safety_concerns": "high", "safety_notes": "Parents and sister live in Cali, "
                   "Colombia; a co-defendant's relatives live nearby.",
                   "own_conduct_disclosed": False}
    charges = [{"statute": "21 U.S.C. § 846", "title": 21, "section": "846",
                "description": "Conspiracy to possess with intent to distribute five kilograms "
                               "or more of cocaine", "mandatory_minimum_months": 120,
                "consecutive": False}]
    matter = {"format": 1, "id": "2026-0142", "client": client, "case": case,
              "government": government, "cooperation": cooperation, "charges": charges,
              "negotiation": {"variants": {}, "exclude": [],
                              "notes": "AUSA open to a logged derivative-use clause; raise "
                                       "sealing before the Meeting."}}
    criteria = {
        "f1": {"met": None, "reason": "Criminal history not yet known."},
        "f2": {"met": True, "reason": "No violence, threats or weapon reported."},
        "f3": {"met": True, "reason": "No death or serious bodily injury reported."},
        "f4": {"met": True, "reason": "No aggravating role or continuing criminal enterprise."},
        "f5": {"met": None, "reason": "must be satisfied no later than the sentencing hearing"},
    }
    checklist = [
        {"id": "seek-3553e-motion", "priority": "high",
         "point": "Commit the Government to a § 3553(e) motion as well as a § 5K1.1 motion.",
         "why": "A § 5K1.1 motion alone does not allow a sentence below the 120-month minimum.",
         "cites": ["18 U.S.C. § 3553(e)", "Melendez v. United States, 518 U.S. 120 (1996)"],
         "fallback": "A written statement that the Government will consider a § 3553(e) "
                     "motion on the same terms.", "source": "analysis"},
        {"id": "safety-measures", "priority": "high",
         "point": "Sealed filings and a safety plan before any debriefing.",
         "why": "Family abroad; danger is a § 5K1.1(a)(4) factor.",
         "cites": ["USSG § 5K1.1(a)(4)", "18 U.S.C. § 3521"], "fallback": None,
         "source": "analysis"},
        {"id": "clause:rebuttal-use", "priority": "high",
         "point": "Limit rebuttal use to impeachment of the Client's own testimony.",
         "why": "A broad rebuttal waiver can silence the whole defense after a failed proffer.",
         "cites": ["United States v. Velez, 354 F.3d 190 (2d Cir. 2004)"],
         "fallback": "Use only to rebut evidence that directly contradicts a specific "
                     "statement.", "source": "clause"},
        {"id": "safety-valve-facts-missing", "priority": "medium",
         "point": "Get the criminal history before deciding on the safety valve.",
         "why": "Criterion (f)(1) cannot be assessed without it.",
         "cites": ["18 U.S.C. § 3553(f)(1)", "Pulsifer v. United States, 601 U.S. 124 (2024)"],
         "fallback": None, "source": "analysis"},
        {"id": "immigration-consequences", "priority": "medium",
         "point": "Advise on removal consequences before any plea.",
         "why": "The client is not a U.S. citizen.",
         "cites": ["Padilla v. Kentucky, 559 U.S. 356 (2010)"], "fallback": None,
         "source": "analysis"},
        {"id": "interpreter", "priority": "low", "point": "Book a Spanish interpreter.",
         "why": "The client's language is Spanish.", "cites": [], "fallback": None,
         "source": "analysis"},
    ]
    analysis = {
        "matter": "2026-0142", "mandatory_minimum_months": 120, "needs_3553e": True,
        "safety_valve": {"offense_covered": True, "eligible": None, "criteria": criteria,
                         "missing_facts": ["criminal_history"]},
        "deadlines": [{"id": "rule-35b-one-year", "date": "2028-03-11",
                       "basis": "Fed. R. Crim. P. 35(b)(1)",
                       "note": "March 11, 2028 is a Saturday; file before it."}],
        "checklist": [dict(c) for c in checklist if c["source"] == "analysis"] + [
            {"id": "uncharged-conduct-protection", "priority": "high", "point": "...",
             "why": "...", "cites": [], "fallback": None, "source": "analysis"},
            {"id": "rule-35b-deadline", "priority": "medium", "point": "...", "why": "...",
             "cites": [], "fallback": None, "source": "analysis"}],
        "clauses": [{"type": c["type"], "id": c["id"], "variant": c["variant"]}
                    for c in PROFFER_CLAUSES + COOPERATION_CLAUSES],
        "documents": DOCUMENTS[:],
        "interpreter_needed": True, "stage": "convicted", "status": "cooperating",
        "minimum_text": "120 months (10 years)",
        "verify": ["[VERIFY] current USSG § 5K1.1 wording after the November 1, 2025 "
                   "amendments", "[VERIFY] current § 5C1.2(a)(1) text"],
    }
    changes = [
        {"type": "rebuttal-use", "title": "Rebuttal use",
         "summary": "limited to impeachment if the Client testifies inconsistently."},
        {"type": "derivative-use", "title": "Derivative use",
         "summary": "the Office documents what it already knew before the Meeting."},
    ]
    return {
        "doc": {"id": "", "title": "", "audience": "external",
                "draft_date": "November 27, 2026", "draft_date_iso": "2026-11-27",
                "mark": "DRAFT — FOR ATTORNEY REVIEW", "legend": "", "demo_firm": False},
        "firm": {"name": "Counsel & Partners, P.A.",
                 "address_lines": ["100 Biscayne Blvd., Suite 1000", "Miami, FL 33132"],
                 "phone": "(305) 555-0100", "email": "office@example.com",
                 "website": "example.com"},
        "attorney": {"name": "Alex Counsel", "bar_number": "123456",
                     "email": "alex@example.com", "phone": "(305) 555-0101",
                     "firm": "Counsel & Partners, P.A.",
                     "address_lines": ["100 Biscayne Blvd., Suite 1000", "Miami, FL 33132"]},
        "matter": matter, "client": client, "case": case, "government": government,
        "cooperation": cooperation, "charges": charges, "negotiation": matter["negotiation"],
        "analysis": analysis, "clauses": [], "checklist": checklist, "changes": changes,
        "gaps": [],
    }


def sample_context(document: str, kind: str = "full") -> dict:
    ctx = copy.deepcopy(_base())
    m, a = ctx["matter"], ctx["analysis"]
    if kind == "against":
        a["safety_valve"]["eligible"] = True
        a["safety_valve"]["missing_facts"] = []
        a["safety_valve"]["criteria"]["f1"] = {"met": True, "reason": "2 points, no 3-point or "
                                               "violent 2-point prior."}
        m["cooperation"].update(willing_to_testify=False, safety_concerns="moderate",
                                uncharged_conduct=False, status="considering")
        for item in m["cooperation"]["information"]:
            item["known_to_government"] = True
        m["client"].update(language=None, us_citizen=True, salutation=None,
                           addressee="José Núñez")
        a["interpreter_needed"] = False
        a["deadlines"] = []
        a["status"] = "considering"
        a["checklist"] = [{"id": i, "priority": "high", "point": "...", "why": "...",
                           "cites": [], "fallback": None, "source": "analysis"}
                          for i in ("seek-3553e-motion", "safety-valve-path",
                                    "information-already-known", "testimony-unwilling",
                                    "safety-measures")]
        a["documents"] = ["proffer-agreement", "cover-letter", "client-memo", "proffer-prep",
                          "checklist"]
        ctx["gaps"] = ["SENTENCING DATE"]
    elif kind == "sparse":
        m["client"].update(language=None, us_citizen=None, in_custody=None, salutation=None,
                           addressee="José Núñez")
        m["case"].update(number=None, judge=None, stage="investigation", sentencing_date=None)
        m["government"]["agents"] = []
        m["government"]["prosecutor"]["email"] = None
        m["cooperation"] = {"status": "considering", "proffer_date": None,
                            "proffer_location": None, "information": None,
                            "uncharged_conduct": None, "willing_to_testify": None,
                            "safety_concerns": "none", "safety_notes": None,
                            "own_conduct_disclosed": None}
        m["charges"] = []
        m["negotiation"] = {"variants": {}, "exclude": [], "notes": None}
        a.update(mandatory_minimum_months=0, needs_3553e=False, deadlines=[], verify=[],
                 interpreter_needed=False, stage="investigation", status="considering",
                 minimum_text="none", checklist=[],
                 documents=["proffer-agreement", "cover-letter", "client-memo",
                            "proffer-prep", "checklist"])
        a["safety_valve"] = {"offense_covered": False, "eligible": False, "missing_facts": [],
                             "criteria": {k: {"met": None, "reason": "No charges yet."}
                                          for k in ("f1", "f2", "f3", "f4", "f5")}}
        ctx["firm"]["website"] = None
        ctx["attorney"]["bar_number"] = None
        ctx["doc"]["demo_firm"] = True
        ctx["changes"] = []
        ctx["checklist"] = []
        ctx["gaps"] = []
        for key in ("client", "case", "government", "cooperation", "charges", "negotiation"):
            ctx[key] = m[key]
    internal = document in INTERNAL
    ctx["doc"].update(id=document, title=document.replace("-", " ").title(),
                      audience="internal" if internal else "external",
                      legend=("PRIVILEGED & CONFIDENTIAL — ATTORNEY-CLIENT COMMUNICATION / "
                              "ATTORNEY WORK PRODUCT") if internal else "")
    ctx["clauses"] = {"proffer-agreement": PROFFER_CLAUSES,
                      "cooperation-terms": COOPERATION_CLAUSES}.get(document, [])
    return ctx


def render_all(outdir: Path, kinds=("full", "against", "sparse")) -> list[Path]:
    from docxtpl import DocxTemplate

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        for document in DOCUMENTS:
            tpl = DocxTemplate(str(ROOT / "templates" / f"{document}.docx"))
            tpl.render(sample_context(document, kind), jinja_env=make_env(), autoescape=True)
            target = outdir / f"{kind}-{document}.docx"
            tpl.save(str(target))
            with zipfile.ZipFile(target) as z:
                for name in z.namelist():
                    if name.endswith(".xml") and re.search(r"\{\{|\{%|%\}|\}\}",
                                                           z.read(name).decode("utf-8")):
                        raise SystemExit(f"{target}: template tag left in {name}")
            written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for path in render_all(Path(sys.argv[1]), tuple(sys.argv[2:]) or ("full", "against",
                                                                        "sparse")):
        print(path)
