"""Cold read of the convicted and sentenced packets: one rule per draft (a paragraph a posture rule
adds is not contradicted by another paragraph of the same draft), every [VERIFY] flag of the
checklist .md in the .docx, and a consecutive mandatory term described as consecutive wherever
the memo states the minimum. Each test has a control that shows it can fail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from conftest import REPO
from drafter.draft.packet import build
from drafter.law.clauses import load_library
from drafter.law.plan import plan_for_path
from test_legal_corrections import docx_text

DATE = dt.date(2026, 12, 1)
MATTERS = sorted((REPO / "matters").glob("*.yaml"))

# (what one paragraph bars, what another paragraph would have to say to contradict it)
CONFLICTS = [
    (re.compile(r"will not use any such statement in any proceeding concerning the Client.s detention or release"),
     re.compile(r"permitted at every stage[^.]*hearing on detention or release")),
    (re.compile(r"at any sentencing or resentencing in this case"),
     re.compile(r"\bAt that sentencing\b|\bat that sentencing\b")),
    # the direct-use paragraph lets the Office answer the Client's own inconsistent statement at a
    # sentencing; the rebuttal paragraph must not say nothing at sentencing permits any use
    (re.compile(r"only to rebut a statement the Client makes (?:there|in that proceeding)"),
     re.compile(r"nor does anything said or offered at[^.]*\bat sentencing")),
]


def _packet(path):
    plan = plan_for_path(path)
    files, _ = build(plan, DATE)
    return {f.path: f for f in files}


@pytest.fixture(scope="module", params=MATTERS, ids=lambda p: p.stem)
def packet(request):
    return _packet(request.param)


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


def contradictions(body: str) -> list[tuple[str, str]]:
    paras = _paragraphs(body)
    out = []
    for bar, permit in CONFLICTS:
        if any(bar.search(p) for p in paras):
            out += [(bar.pattern, p) for p in paras if permit.search(p)]
    return out


def test_no_paragraph_permits_what_another_bars(packet):
    for name in ("proffer-agreement.docx", "cooperation-terms.docx"):
        if name in packet:
            assert contradictions(docx_text(packet[name].data)) == [], name


def test_contradiction_check_can_fail():
    # control: the Office's broad rebuttal wording next to the convicted bar is what the
    # cold readers found; the check must see it
    lib = load_library()
    bar = lib.get("direct-use-bar/before-sentence").text
    office = lib.get("rebuttal-use/evidence-or-arguments").text
    old_bar = bar.replace("at any sentencing or resentencing in this case", "at the Client's sentencing")
    body = "\n".join(" ".join(b.split()) for b in (old_bar + "\n\n" + office).split("\n\n"))
    body = body.replace("pending sentence or appeal", "pending sentence")
    body = body.replace("the Office will not use any such statement in any proceeding",
                        "Nor will the Office use any such statement in any proceeding")
    body += ("\nThe Office will not use any such statement in any proceeding concerning the Client's "
             "detention or release pending sentence.")
    assert contradictions(body)


def test_convicted_draft_one_rule_on_detention_and_scope():
    pa = docx_text(_packet(REPO / "matters" / "convicted-trial.yaml")["proffer-agreement.docx"].data)
    assert "hearing on detention or release" not in pa.split("Rebuttal Use.")[1].split("Waiver")[0] \
        or "nor does anything said or offered at a hearing on detention or release" in pa
    assert "at that sentencing" not in pa.lower()
    assert re.search(r"Notwithstanding the paragraphs of this agreement on impeachment and rebuttal use,[^.]*"
                     r"detention or release pending sentence or appeal", pa)
    assert re.search(r"Nothing in this agreement limits the Office.s use of the trial record", pa)


def test_plea_conviction_has_no_trial_record_sentence(tmp_path):
    data = yaml.safe_load((REPO / "matters" / "convicted-trial.yaml").read_text(encoding="utf-8"))
    data["case"]["conviction"] = "plea"
    data["case"].pop("testified_at_trial", None)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pa = docx_text(_packet(path)["proffer-agreement.docx"].data)
    assert "trial record" not in pa
    assert "information known to the Office before the Meeting" in pa


def _flags(text: str) -> list[str]:
    flags = (re.sub(r"\*\*|\(`[^`]*`\)", "", m) for m in re.findall(r"\[VERIFY\]([^\n\[]*)", text))
    return [" ".join(f.split()).strip(" .") for f in flags]


def test_checklist_docx_keeps_every_verify_flag(packet):
    md = packet["checklist.md"].data
    md = md.decode("utf-8") if isinstance(md, bytes) else md
    docx = docx_text(packet["checklist.docx"].data)
    unescape = lambda s: s.replace("\\", "").replace("'", "’").replace('"', "")  # noqa: E731
    got = " ".join(unescape(docx).split()).replace("“", "").replace("”", "")
    missing = [f for f in _flags(md) if f.strip() and unescape(f).strip()[:60] not in got]
    assert missing == []
    assert md.count("[VERIFY]") <= docx.count("[VERIFY]")


def _memo(path):
    return docx_text(_packet(path)["client-memo.docx"].data)


def test_memo_says_the_1028a_term_is_consecutive_and_no_offset():
    memo = _memo(REPO / "matters" / "convicted-trial.yaml")
    assert "which must be served after, not at the same time as, any other prison sentence" in memo
    assert "18 U.S.C. § 1028A(b)(2)" in memo and "18 U.S.C. § 1028A(b)(3)" in memo
    assert "A 5K1.1 motion alone can never reduce this term; only a motion under 18 U.S.C. § 3553(e) can." in memo
    checklist = docx_text(_packet(REPO / "matters" / "convicted-trial.yaml")["checklist.docx"].data)
    assert "run consecutively (18 U.S.C. § 1028A(b)(2)" in checklist


def test_924c_is_consecutive_without_the_1028a_offset_bar(tmp_path):
    data = yaml.safe_load((REPO / "matters" / "convicted-trial.yaml").read_text(encoding="utf-8"))
    data["charges"] = [
        {"statute": "21 U.S.C. § 841(a)(1)", "description": "Possession with intent to distribute",
         "mandatory_minimum_months": 60},
        {"statute": "18 U.S.C. § 924(c)(1)(A)(i)", "description": "Firearm in furtherance",
         "mandatory_minimum_months": 60}]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    memo = _memo(path)
    assert "18 U.S.C. § 924(c)(1)(D)(ii)" in memo and "120 months" in memo
    assert "counting the 60 months (five years) of the charge under 18 U.S.C. § 924(c)(1)(A)(i)" in memo
    assert "1028A(b)(3)" not in memo


def test_no_consecutive_words_without_a_consecutive_count():
    # control: a minimum with no consecutive count is stated plainly
    memo = _memo(REPO / "matters" / "safety-valve-open.yaml")
    assert "mandatory minimum" in memo
    assert "not at the same time as" not in memo
    # and a matter with a § 924(c) count says it
    assert "not at the same time as" in _memo(REPO / "matters" / "minimum-cooperating.yaml")


# --- stage-fitted text -------------------------------------------------------------------------

def _stage_words(plan) -> str:
    return " ".join([c.reason for c in plan.choices]
                    + [i.point + " " + i.why + " " + (i.fallback or "") for i in plan.checklist])


def test_trial_conviction_speaks_of_no_withdrawn_plea(tmp_path):
    words = _stage_words(plan_for_path(REPO / "matters" / "convicted-trial.yaml"))
    assert "withdrawn" not in words and "11(d)(2)(B)" not in words
    assert "Rule 33" in words
    prep = docx_text(_packet(REPO / "matters" / "convicted-trial.yaml")["proffer-prep.docx"].data)
    assert "suppliers, customers" not in prep and "where the money went" in prep
    assert "suppliers, customers" in docx_text(_packet(REPO / "matters" / "demo.yaml")["proffer-prep.docx"].data)
    # control: a plea conviction keeps the plea-withdrawal reasoning
    data = yaml.safe_load((REPO / "matters" / "convicted-trial.yaml").read_text(encoding="utf-8"))
    data["case"]["conviction"] = "plea"
    data["case"].pop("testified_at_trial", None)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "withdrawn before sentence" in _stage_words(plan_for_path(path))


def test_convicted_memo_covers_appeal_report_and_timing():
    memo = _memo(REPO / "matters" / "convicted-trial.yaml")
    assert "14 days to file a notice of appeal (Fed. R. App. P. 4(b)(1)(A))" in memo
    assert "give up your appeal" in memo
    assert "Rule 32(e)(2)" in memo and "Rule 32(f)(1)" in memo and "32(c)(2)" in memo
    assert "postpone the sentencing now set for March 18, 2027" in memo
    # control: a client before a plea hears none of it
    demo = _memo(REPO / "matters" / "demo.yaml")
    assert "notice of appeal" not in demo and "Rule 32(e)(2)" not in demo


def test_cover_letter_does_not_call_the_draft_the_offices_standard():
    letter = docx_text(_packet(REPO / "matters" / "convicted-trial.yaml")["cover-letter.docx"].data)
    assert "standard proffer terms" not in letter
    assert "We have not seen the Office's current form" in letter
    assert "terms commonly used in proffer agreements" in letter


# --- the Rule 35(b) request ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sentenced():
    return _packet(REPO / "matters" / "sentenced-cooperating.yaml")


def test_rule35b_request_says_only_what_the_file_records(sentenced):
    letter = docx_text(sentenced["rule-35b-request.docx"].data)
    assert "continued to help" not in letter and "has helped your office" in letter
    assert "Rule 35(b)(3)" not in letter              # no session before sentencing is recorded
    assert "CONFIDENTIAL" in letter and "under seal" in letter     # in custody, safety concerns
    assert "agents’ report of the September 15, 2026 session" in letter \
        or "agents' report of the September 15, 2026 session" in letter
    assert "May 12, 2026 session" not in letter.split("Our request")[1]     # reviewed: not asked for
    assert "Saturday" not in letter and "ends on" not in letter
    assert "no later than March 19, 2027" in letter
    assert "its reasons" not in letter
    assert "anticipated would be useful" in letter and "reasonably apparent to Ms. Dubois-Martín" in letter


def test_rule35b_request_controls(tmp_path):
    data = yaml.safe_load((REPO / "matters" / "sentenced-cooperating.yaml").read_text(encoding="utf-8"))
    data["client"]["in_custody"] = False
    data["cooperation"]["safety_concerns"] = "none"
    data["cooperation"]["sessions"].insert(0, {
        "date": "2026-02-02", "place": "USAO Atlanta", "attendees": ["AUSA Quinn"],
        "subjects": ["The ring's organizer"], "agents_report": "reviewed"})
    data["case"]["sentencing_date"] = "2026-03-19"            # anniversary on a Friday
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    letter = docx_text(_packet(path)["rule-35b-request.docx"].data)
    assert "continued to help" in letter and "Rule 35(b)(3)" in letter
    assert "CONFIDENTIAL" not in letter and "under seal" not in letter
    assert "ends on March 19, 2027" in letter


def test_sentenced_checklist_lists_the_missing_facts(sentenced):
    md = sentenced["checklist.md"].data
    md = md.decode("utf-8") if isinstance(md, bytes) else md
    missing = md.split("## Missing facts")[1].split("##")[0]
    assert "None." not in missing
    for words in ("terms that governed the debriefings", "no session before March 20, 2026",
                  "What the information has led to", "September 15, 2026 session: requested"):
        assert words in missing
    docx = docx_text(sentenced["checklist.docx"].data)
    assert "terms that governed the debriefings" in docx
    assert "45(a)(1)(C)" in md and "March 22, 2027" in md and "March 19, 2027" in md


def test_no_removal_carve_outs_for_a_citizen():
    plan = plan_for_path(REPO / "matters" / "convicted-trial.yaml")
    asks = {i.id: i.point for i in plan.checklist}
    assert "removal" not in asks["clause:fugitive-exception"]
    assert "removal" not in asks["clause:information-sharing"]
    assert "SEC and CFTC" not in asks["clause:information-sharing"]
    # control: a client who is not a citizen keeps the removal carve-out
    demo = {i.id: i.point for i in plan_for_path(REPO / "matters" / "demo.yaml").checklist}
    assert "carve out removal" in demo["clause:fugitive-exception"]


def test_sentencing_rebuttal_is_said_once(tmp_path):
    # control: the direct-contradiction paragraph's old last words beside the before-sentence bar
    lib = load_library()
    bar = " ".join(lib.get("direct-use-bar/before-sentence").text.split())
    old = "nor does anything said or offered at a hearing on detention or release or at sentencing."
    assert contradictions(bar + "\n" + old)
    assert contradictions(bar + "\n" + lib.get("rebuttal-use/direct-contradiction").text.split("\n\n")[-1]) == []


def test_the_probation_officer_sentence_binds_only_the_office():
    lib = load_library()
    for v in ("before-sentence", "after-sentence", "defense-proposed"):
        text = " ".join(lib.get(f"direct-use-bar/{v}").text.split())
        assert "the same protection applies" not in text, v
        assert ("whatever this agreement says of statements made at other times, the Office will not itself use "
                "the same information") in text, v


def test_the_bar_leaves_prior_convictions_to_the_office_as_1b1_8_b_2_does():
    # USSG § 1B1.8(b)(2): no agreement restricts the use of prior convictions and sentences; saying so
    # in counsel's own draft keeps the ask credible (the AUSA's cold read)
    pa = " ".join(docx_text(_packet(REPO / "matters" / "convicted-trial.yaml")["proffer-agreement.docx"].data).split())
    assert ("use of the trial record, of information known to the Office before the Meeting, or of information "
            "about the Client's prior convictions and sentences, for any purpose") in pa
    lib = load_library()
    assert "prior convictions and sentences" in lib.get("direct-use-bar/after-sentence").text
