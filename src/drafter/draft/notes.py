"""Counsel's review notes: Word comments anchored on passages of a draft's review copy.

The clean copy carries none of them; ``{{ notes.KEY }}`` in a template marks where a comment
belongs, and the marker vanishes from the clean copy."""

from __future__ import annotations

from ..docx.render import Comment
from ..environment import ANCHOR_CLOSE, ANCHOR_OPEN
from ..law.plan import Plan


def anchor(key: str) -> str:
    return f"{ANCHOR_OPEN}{key}{ANCHOR_CLOSE}"


def initials(name: str) -> str:
    return "".join(w[0] for w in name.replace(".", " ").split() if w[:1].isalpha()).upper()[:4]


def review_notes(plan: Plan, document: str, comments: dict[str, Comment]) -> dict[str, str]:
    """Anchors for review comments on particular passages of a letter (key -> marker).

    A template writes ``{{ notes.KEY }}`` just before the run the comment belongs to; on the
    clean copy the marker simply vanishes."""
    attorney = plan.context["attorney"]["name"]
    author, marks = f"drafter (for {attorney})", initials(attorney) or "DR"
    texts: dict[str, str] = {}
    if document == "rule-35b-request":
        r35 = next((d for d in plan.analysis.deadlines if d.id == "rule-35b-one-year"), None)
        if r35 is not None:
            texts["deadline"] = (
                "One year from the oral announcement of sentence (Fed. R. Crim. P. 35(b)(1), 35(c)); "
                "calendared in deadlines.ics." + (f" {r35.note}" if r35.note else "")
                + " [VERIFY] that the circuit applies Wade's limits to a refusal to move under Rule 35(b).")
        texts["assistance"] = (
            "Describe the post-sentencing assistance concretely: dates of debriefings, what was "
            "provided, what it led to. Only the government can move (Fed. R. Crim. P. 35(b)(1)); "
            "help given before sentencing may be counted with it (Rule 35(b)(3)).")
        if plan.matter.cooperation.sessions:
            texts["assistance"] += (
                " The sessions listed come from cooperation.sessions in the matter file (date, place, "
                "subjects and who was present; counsel's notes are left out). Add what the information "
                "led to where the Office may not know it, and check each agents' report first.")
    if document == "client-memo":
        texts.update(client_memo_notes(plan))
    notes = {}
    for key in NOTE_KEYS.get(document, ()):
        if key in texts:
            comments[f"{document}:note:{key}"] = Comment(texts[key], author, marks)
            notes[key] = anchor(f"{document}:note:{key}")
        else:
            notes[key] = ""
    return notes


# The passages of each template that may carry a review comment (``{{ notes.KEY }}``).
NOTE_KEYS = {
    "rule-35b-request": ("deadline", "assistance"),
    "client-memo": ("counsel", "f1", "f2", "f3", "f4", "f5", "refusal", "immigration",
                    "uselimit", "written", "role", "minorrole", "trial"),
}


def client_memo_notes(plan: Plan) -> dict[str, str]:
    """Counsel's notes on the client memo. They reach only ``client-memo.review.docx`` as Word
    comments; the client's copy carries none of them (no box to delete by hand)."""
    matter, analysis = plan.matter, plan.analysis
    sv = analysis.safety_valve
    lines = ["Draft for attorney review: read it against the file and change anything the facts "
             "do not support before it goes to the client. These comments and the [VERIFY] "
             "flags are only in this review copy; client-memo.docx is the client's copy."]
    if plan.strategy is not None:
        lines.append(f"Recommended path: {plan.strategy.path} (stage {matter.case.stage}, cooperation "
                     f"status {matter.cooperation.status}). The memo, the checklist and the drafts "
                     "follow it; to choose another path, change the matter file and rebuild.")
        lines += [f"- {r}" for r in plan.strategy.reasons]
    lines += list(analysis.verify)
    lines += [d.note for d in analysis.deadlines if d.note]
    if sv.missing_facts and matter.case.stage != "sentenced":
        lines.append("Facts missing from the matter file for the safety-valve analysis: "
                     + ", ".join(sv.missing_facts) + ".")
    if analysis.interpreter_needed:
        lines.append(f"The client reads {matter.client.language}: have the memo translated, or go "
                     "through it together with an interpreter; do not rely on an English copy alone.")
    if matter.client.in_custody:
        lines.append("The client is in custody: deliver the memo in person or as legal mail; jail "
                     "calls, ordinary visits and regular mail are not private.")
    lines += [f"[CONFLICT] {c}" for c in analysis.fact_conflicts]
    if any(i["covered_on"] for i in analysis.information):
        lines.append("Information items matched to recorded sessions by their subjects are shown to the "
                     "client as help already given: check each match against the session notes.")
    texts = {"counsel": "\n".join(lines)}
    texts["uselimit"] = (
        "18 U.S.C. § 3553(f) (last sentence, First Step Act § 402) bars use of (f)(5) information "
        "\"to enhance the sentence\" unless it relates to a violent offense; it says nothing of "
        "charging or trial use, which only the proffer terms govern. Before the Act, USSG § 5C1.2 "
        "comment. (n.7) (2016 Manual) let (f)(5) information set the guideline range unless § 1B1.8 "
        "restricted it. [VERIFY] the current § 5C1.2 commentary and this circuit's reading of "
        "\"enhance\" for relevant conduct before telling the client more than the memo says.")
    texts["written"] = (
        "[VERIFY] practice varies: whether this court and Office accept a written or attorney-made "
        "(f)(5) statement instead of an agent interview, and whether the government may insist on "
        "questioning; the statute requires only that the defendant \"truthfully provided\" the "
        "information (18 U.S.C. § 3553(f)(5)).")
    if matter.offense.aggravating_role is True:
        texts["role"] = (
            "USSG § 5C1.2, comment. (n.5) (2016 Manual): (f)(4)'s \"organizer, leader, manager, or "
            "supervisor ... as determined under the sentencing guidelines\" means a defendant who "
            "receives a § 3B1.1 adjustment (4, 3 or 2 levels). [VERIFY] the note in the current "
            "Manual and the facts the government relies on for the role.")
    if matter.offense.aggravating_role is False:
        texts["minorrole"] = (
            "USSG § 3B1.2 (4, 3 or 2 levels). § 2D1.1(a)(5) as amended by Amendment 833 (Nov. 1, "
            "2025): with a § 3B1.2 adjustment a base offense level of 32 drops 2, 34 drops 3, above "
            "34 falls to 32, and with the 4-level reduction a level above 30 falls to 30; § 2D1.1(e)(2) "
            "adds a low-level-function instruction. [VERIFY] against the 2025 Manual and the facts "
            "of the client's role.")
    for key, c in sv.criteria.items():
        if c.verify:
            texts[key] = "\n".join(f"[VERIFY] {v}" for v in c.verify)
    texts["refusal"] = ("[VERIFY] that USSG § 5K1.2 (a refusal to assist may not be treated as an "
                        "aggravating factor) is unchanged in the Guidelines Manual in force, after "
                        "the amendments effective November 1, 2025.")
    if matter.case.stage == "convicted" and matter.case.conviction == "trial":
        texts["trial"] = (
            "USSG § 3C1.1, comment. (n.4(B)) lists perjury as covered conduct; United States v. "
            "Dunnigan, 507 U.S. 87 (1993), lets the court apply it on its own findings of willful, "
            "material false testimony at trial. § 3E1.1, comment. (n.4): obstruction ordinarily means "
            "no acceptance credit. USSG § 1B1.8(a) keeps self-incriminating information given under a "
            "cooperation agreement out of the range only as far as the agreement provides; (b)(3) "
            "leaves it usable in a perjury or false-statement prosecution. [VERIFY] whether the Office "
            "will write the § 3C1.1 adjustment into the use bar, and this circuit's reading of "
            "§ 1B1.8(a) for a § 3C1.1 finding. [VERIFY] 18 U.S.C. § 1623(d) (recantation in the same "
            "continuous proceeding) is very unlikely to help after a verdict; check before advising.")
    if matter.client.us_citizen is False:
        texts["immigration"] = (
            "Padilla v. Kentucky, 559 U.S. 356 (2010): where removal is clear the advice must be "
            "as clear. A drug-trafficking conviction is an aggravated felony (8 U.S.C. "
            "§ 1101(a)(43)(B)). Withholding of removal is barred by an aggravated felony with an "
            "aggregate sentence of 5 years or more (8 U.S.C. § 1231(b)(3)(B)), and below that a "
            "drug-trafficking aggravated felony is presumed a particularly serious crime (Matter "
            "of Y-L-, 23 I&N Dec. 270 (A.G. 2002)); deferral under the Convention Against Torture "
            "(8 C.F.R. § 1208.17) needs likely torture by or with the acquiescence of a public "
            "official. Refer to immigration counsel before any plea. [VERIFY] the aggravated-felony "
            "analysis for the count of conviction and the circuit's treatment of Matter of Y-L-.")
    return texts
