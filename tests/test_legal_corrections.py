"""Issue 12: the law the drafts state, as a careful defense lawyer checked it.

Each test pins one correction and would fail on the wording or rule it replaced.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.draft.packet import build
from drafter.law.analysis import analyze, in_second_circuit
from drafter.law.clauses import case_cite_problems, load_library
from drafter.law.plan import plan_for_path
from drafter.model.matter import load_matter

DATE = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def library():
    return load_library()


def run(make_matter, changes=None):
    return analyze(load_matter(make_matter(changes or {}))).to_json()


def ids(result):
    return {i["id"] for i in result["checklist"]}


def item(result, item_id):
    return next(i for i in result["checklist"] if i["id"] == item_id)


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").split())


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return words("\n".join(parts))


def packet_files(path, only=None) -> dict:
    files, _ = build(plan_for_path(path), DATE, only)
    return {f.path: f for f in files}


# --- 1. (f)(5) is all information, not "own conduct" -------------------------------------

def test_safety_valve_path_says_all_information_not_own_conduct(make_matter):
    r = run(make_matter)
    point = item(r, "safety-valve-path")["point"] + item(r, "safety-valve-path")["why"]
    assert "all the information and evidence" in point
    assert "others" in point and "course of conduct" in point
    assert "own offense conduct" not in point and "without adding benefit" not in point
    f5 = r["safety_valve"]["criteria"]["f5"]["reason"]
    assert "all information and evidence" in f5 and "others' roles" in f5
    assert "does not defeat it" in f5 and "violent offense" in f5


def test_known_or_useless_information_never_counts_against_the_safety_valve(make_matter):
    r = run(make_matter, {"cooperation": {"information": [
        {"subject": "The stash house", "known_to_government": True}]}})
    assert "information-already-known" in ids(r)
    assert "does not defeat the (f)(5) disclosure" in item(r, "information-already-known")["why"]
    assert r["safety_valve"]["eligible"] is True
    r = run(make_matter, {"cooperation": {"information": []}})
    assert "does not count against the safety valve" in item(r, "no-useful-information")["why"]
    assert r["safety_valve"]["eligible"] is True


def test_old_own_conduct_key_is_read_with_a_warning_naming_file_and_line(make_matter):
    path = make_matter({"cooperation": {"own_conduct_disclosed": True}})
    m = load_matter(path)
    assert m.cooperation.safety_valve_disclosure is True
    [w] = m.warnings
    assert w.file == str(path) and w.line and w.key == "cooperation.own_conduct_disclosed"
    assert "safety_valve_disclosure" in w.message
    r = CliRunner().invoke(main, ["check", str(path)])
    assert r.exit_code == 0
    assert f"{path}:{w.line}: cooperation.own_conduct_disclosed" in r.output
    assert analyze(m).to_json()["safety_valve"]["criteria"]["f5"]["met"] is True


def test_new_disclosure_key_and_no_warning(make_matter):
    m = load_matter(make_matter({"cooperation": {"safety_valve_disclosure": True}}))
    assert m.warnings == []
    f5 = analyze(m).to_json()["safety_valve"]["criteria"]["f5"]
    assert f5 == {**f5, "met": True, "reason": "disclosure made, per counsel; the court decides at sentencing"}


def test_safety_valve_clause_holds_the_office_to_the_statutory_use_limit(library):
    for vid in ("safety-valve-use/defense-proposed", "safety-valve-use/fallback"):
        text = words(library.get(vid).text)
        assert "enhance" in text and "violent offense" in text


# --- 2. (f)(1) with a 2-point prior of unknown violence ------------------------------------

def test_two_point_prior_of_unknown_violence_leaves_f1_unknown(make_matter, tmp_path):
    changes = {"criminal_history": {"prior_sentences": [
        {"description": "2016 Ga. battery, 90 days", "points": 2}]}}
    r = run(make_matter, changes)
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is None and "2016 Ga. battery" in f1["reason"]
    assert r["safety_valve"]["missing_facts"] == ["criminal_history.prior_sentences[0].violent"]
    assert r["safety_valve"]["eligible"] is None
    assert "safety-valve-facts-missing" in ids(r) and "safety-valve-path" not in ids(r)
    memo = docx_text(packet_files(make_matter(changes), ["client-memo"])["client-memo.docx"].data)
    assert "you appear to qualify" not in memo
    assert "to find out whether an earlier conviction that scored 2 points involved" in memo


def test_violent_unknown_may_be_written_out(make_matter):
    r = run(make_matter, {"criminal_history": {"prior_sentences": [{"points": 2, "violent": "unknown"}]}})
    assert r["safety_valve"]["criteria"]["f1"]["met"] is None


# --- 3. status points and § 4A1.1(d) points ------------------------------------------------

def test_status_point_counts_toward_a_with_a_verify_flag(make_matter):
    r = run(make_matter, {"criminal_history": {"prior_sentences": [
        {"points": 2, "violent": False}, {"points": 2, "violent": False}], "status_points": 1}})
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is False and "4A1.1(e)" in f1["reason"] and "[VERIFY]" in f1["reason"]
    assert "[VERIFY]" not in f1["plain_reason"]
    r = run(make_matter, {"criminal_history": {"prior_sentences": [{"points": 2, "violent": False}],
                                               "status_points": 1}})
    assert r["safety_valve"]["criteria"]["f1"]["met"] is True


def test_violence_points_that_would_decide_a_leave_f1_contested(make_matter):
    r = run(make_matter, {"criminal_history": {"prior_sentences": [
        {"points": 2, "violent": False}, {"points": 2, "violent": False}], "violence_points": 1}})
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is None and "contested" in f1["reason"]
    assert r["safety_valve"]["eligible"] is None
    r = run(make_matter, {"criminal_history": {"prior_sentences": [{"points": 2, "violent": False}],
                                               "violence_points": 2}})
    assert r["safety_valve"]["criteria"]["f1"]["met"] is True


def test_points_keys_are_validated(make_matter):
    from drafter.errors import DataError

    with pytest.raises(DataError, match="status_points"):
        load_matter(make_matter({"criminal_history": {"prior_sentences": [], "status_points": 2}}))
    with pytest.raises(DataError, match="violence_points"):
        load_matter(make_matter({"criminal_history": {"prior_sentences": [], "violence_points": 4}}))


# --- 3a. the safety valve lifts only covered counts' minimums ------------------------------

@pytest.mark.parametrize("statute,months", [("18 U.S.C. § 924(c)(1)(A)(i)", 60),
                                            ("18 U.S.C. § 1028A(a)(1)", 24),
                                            ("21 U.S.C. § 860(a)", 12)])
def test_uncovered_minimums_remain_and_keep_3553e_alive(make_matter, statute, months):
    r = run(make_matter, {"charges": [
        {"statute": "21 U.S.C. § 846", "mandatory_minimum_months": 120},
        {"statute": statute, "mandatory_minimum_months": months}]})
    sv = r["safety_valve"]
    assert sv["remaining_minimum_months"] == months
    assert r["needs_3553e"] is True and "seek-3553e-motion" in ids(r)
    if "924" not in statute:
        assert sv["eligible"] is True
        assert "safety-valve-partial" in ids(r)


def test_covered_counts_only_leave_no_remaining_minimum(make_matter):
    assert run(make_matter)["safety_valve"]["remaining_minimum_months"] == 0


def test_924c_defeats_f2_whatever_the_weapon_fact_says_and_names_the_conflict(make_matter):
    r = run(make_matter, {"charges": [
        {"statute": "21 U.S.C. § 841(a)(1)", "mandatory_minimum_months": 60},
        {"statute": "18 U.S.C. § 924(c)(1)(A)", "mandatory_minimum_months": 60}]})
    assert r["safety_valve"]["criteria"]["f2"]["met"] is False
    assert r["safety_valve"]["eligible"] is False
    assert "safety-valve-weapon-conflict" in ids(r)
    assert "offense.weapon is false" in item(r, "safety-valve-weapon-conflict")["point"]


def test_sentenced_client_needs_no_3553e_motion(make_matter):
    r = run(make_matter, {"case": {"stage": "sentenced"}, "cooperation": {"status": "cooperating"}})
    assert r["needs_3553e"] is False
    assert "safety-valve-path" not in ids(r)


# --- 3b. citizenship unknown -----------------------------------------------------------------

def test_unknown_citizenship_triggers_confirm_citizenship(make_matter):
    assert "confirm-citizenship" in ids(run(make_matter))
    assert "confirm-citizenship" not in ids(run(make_matter, {"client": {"us_citizen": True}}))
    r = run(make_matter, {"client": {"us_citizen": False}})
    assert "confirm-citizenship" not in ids(r) and "immigration-consequences" in ids(r)


# --- 3c. declining cooperation does not forfeit the safety valve ---------------------------

def test_declining_client_who_may_be_eligible_keeps_the_safety_valve_path(make_matter):
    path = make_matter({"cooperation": {"status": "declined"}})
    r = run(make_matter, {"cooperation": {"status": "declined"}})
    assert "safety-valve-path" in ids(r)
    assert "declining to cooperate does not forfeit it" in item(r, "safety-valve-path")["point"]
    plan = plan_for_path(path)
    assert "proffer-agreement" in plan.documents
    assert any(c.type == "safety-valve-use" for c in plan.choices_for("proffer-agreement"))
    memo = docx_text(packet_files(path, ["client-memo"])["client-memo.docx"].data)
    assert "Choosing not to cooperate does not cost you the safety valve" in memo
    assert "even though you have decided not to cooperate" in memo


# --- 4. plea withdrawal needs the court ------------------------------------------------------

def test_plea_withdrawal_is_a_fair_and_just_reason_the_government_will_not_oppose(library):
    text = words(library.get("plea-withdrawal/defense-proposed").text)
    assert "fair and just reason" in text and "11(d)(2)(B)" in text
    assert "will not oppose" in text and "specific performance" in text
    assert "may, however, elect to withdraw" not in text
    assert "fair and just reason" in words(library.get("plea-withdrawal/fallback").text)
    breach = words(library.get("breach/defense-proposed").text)
    assert "fair and just reason" in breach and "not oppose" in breach
    assert "the Defendant may withdraw the guilty plea" not in breach


# --- 5. Perry -----------------------------------------------------------------------------------

def test_every_perry_mention_carries_its_reporter_cite_and_the_wrong_gloss_is_gone():
    for path in sorted((REPO / "clauses").glob("*.yaml")):
        text = words(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"United States v\. Perry", text):
            assert text[m.end():].startswith(", 640 F.3d 805 (8th Cir. 2011)"), path.name
        assert "a proffer letter is not one" not in text, path.name
        assert "because the proffer is not a cooperation agreement" not in text, path.name
        if "Perry" in text:
            assert "United States v. Perry, 640 F.3d 805" in text, path.name
            assert re.search(r"held (?:that )?a proffer agreement\W[^.]*within", text), path.name


# --- 6. the safety valve is not risk-free ---------------------------------------------------------

def test_memo_does_not_call_the_safety_valve_free_of_cooperation_risks(demo_files):
    memo = docx_text(demo_files["client-memo.docx"].data)
    assert "without the risks" not in memo
    assert "can be combined with cooperation" in memo
    assert "even if you held back out of fear" in memo
    assert "guideline range" in memo and "set number of months" in memo


# --- 7. Padilla -------------------------------------------------------------------------------------

def test_padilla_advice_is_plain_for_a_drug_trafficking_plea(demo_files):
    memo = docx_text(demo_files["client-memo.docx"].data)
    assert "virtually certain" in memo and "very likely" not in memo
    assert "tortured" in memo and "immigration lawyer" in memo


def test_immigration_checklist_item_names_withholding_and_cat(make_matter):
    r = run(make_matter, {"client": {"us_citizen": False}, "cooperation": {"safety_concerns": "high"}})
    i = item(r, "immigration-consequences")
    assert "virtually certain" in i["point"] and "Convention Against Torture" in i["point"]
    assert "Matter of Y-L-, 23 I&N Dec. 270" in i["why"] and "1231(b)(3)(B)" in i["why"]


# --- 8 and 14. sharing and truthfulness -------------------------------------------------------

def test_sharing_clause_carves_out_brady_giglio_jencks_and_rule_16(library):
    for vid in ("information-sharing/defense-proposed", "information-sharing/fallback"):
        text = words(library.get(vid).text)
        for needle in ("Brady v. Maryland, 373 U.S. 83", "Giglio v. United States, 405 U.S. 150",
                       "18 U.S.C. § 3500", "Fed. R. Crim. P. 16"):
            assert needle in text, (vid, needle)


def test_standard_variants_match_the_real_forms(library):
    truth = words(library.get("truthfulness/government-standard").text)
    assert "released" not in truth and "for any purpose" not in truth
    share = words(library.get("information-sharing/government-standard").text)
    assert "provided that office agrees to honor the terms" in share
    assert "is expected to respect" not in share


# --- 9. nothing announces uncharged conduct to the prosecutor ----------------------------------

def test_external_drafts_do_not_announce_uncharged_conduct(make_matter, library):
    text = words(library.get("non-prosecution/uncharged-conduct").text)
    assert "not yet aware" not in text and "did not know of" not in text
    path = make_matter({"cooperation": {"status": "proffered", "uncharged_conduct": True}})
    files = packet_files(path)
    external = [f for f in files.values() if f.audience == "external"]
    assert {f.document for f in external} >= {"cover-letter", "cooperation-terms"}
    for f in external:
        body = docx_text(f.data).lower()
        for phrase in ("not yet aware", "did not know of", "does not know about",
                       "first disclosed during", "newly disclosed"):
            assert phrase not in body, (f.path, phrase)


# --- 10. rebuttal and impeachment agree -------------------------------------------------------

def test_impeachment_only_rebuttal_uses_the_impeachment_trigger(library):
    rebut = words(library.get("rebuttal-use/impeachment-only").text)
    impeach = words(library.get("impeachment-use/defense-proposed").text)
    for needle in ("materially inconsistent", "credibility", "outside the presence of the jury"):
        assert needle in rebut and needle in impeach, needle
    assert "contradicts the statement" not in rebut


# --- 11. Rosemond and the circuit --------------------------------------------------------------

def test_second_circuit_districts():
    assert in_second_circuit("S.D.N.Y.") and in_second_circuit("D. Conn.") and in_second_circuit("WDNY")
    assert not in_second_circuit("S.D. Fla.") and not in_second_circuit("D.N.J.")


def test_prep_outline_ties_rosemond_to_the_wording_and_marks_persuasive_authority(demo_files, make_matter):
    prep = docx_text(demo_files["proffer-prep.docx"].data)
    assert "do not open the door (" not in prep
    assert ('Under a clause limited to "factual assertions"' in prep
            or "Under a clause limited to “factual assertions”" in prep)
    assert "persuasive only" in prep and "S.D. Fla." in prep
    comments = "\n".join(c.text for c in Document(io.BytesIO(
        demo_files["proffer-agreement.review.docx"].data)).comments)
    assert "persuasive only in S.D. Fla." in comments
    ny = make_matter({"case": {"district": "S.D.N.Y."}, "cooperation": {"proffer_date": "2027-01-12"}})
    assert "persuasive only" not in docx_text(packet_files(ny, ["proffer-prep"])["proffer-prep.docx"].data)


# --- 12. no charges yet --------------------------------------------------------------------------

def test_memo_without_charges_does_not_contradict_itself(make_matter):
    path = make_matter({"case": {"stage": "investigation"}, "charges": []})
    memo = docx_text(packet_files(path, ["client-memo"])["client-memo.docx"].data)
    assert "we cannot yet say whether the safety valve could apply" in memo
    assert "does not appear to be open to you" not in memo
    assert "46 U.S.C. §§ 70503 and 70506" in memo and "844" in memo


# --- 13. witness security -------------------------------------------------------------------------

def test_witness_security_review_is_stated_precisely(library, make_matter):
    for vid in ("safety-protection/defense-proposed", "safety-protection/fallback"):
        assert "cannot be reviewed by a court" not in words(library.get(vid).text)
    why = words(library.get("safety-protection/government-standard").why)
    assert "3521(f)" in why and "terminat" in why
    r = run(make_matter, {"cooperation": {"safety_concerns": "high"}})
    assert "3521(f)" in item(r, "safety-measures")["why"]
    assert "decisions under 18 U.S.C. § 3521 are not reviewable" not in item(r, "safety-measures")["why"]


# --- 15. the client's memo is clean ------------------------------------------------------------------

def test_client_memo_reaches_the_client_clean_and_the_flags_go_to_review_comments(demo_files):
    clean = demo_files["client-memo.docx"]
    review = demo_files["client-memo.review.docx"]
    assert clean.audience == "client" and review.audience == "internal"
    text = docx_text(clean.data)
    assert "[VERIFY]" not in text and "delete this box" not in text and "For counsel" not in text
    assert "5K1.2" in text
    doc = Document(io.BytesIO(clean.data))
    assert list(doc.comments) == []
    comments = "\n".join(c.text for c in Document(io.BytesIO(review.data)).comments)
    assert "[VERIFY]" in comments and "5K1.2" in comments and "Draft for attorney review" in comments
    assert "[VERIFY]" not in docx_text(review.data)


def test_status_point_flag_reaches_counsel_only(make_matter):
    path = make_matter({"criminal_history": {"prior_sentences": [
        {"points": 2, "violent": False}, {"points": 2, "violent": False}], "status_points": 1}})
    files = packet_files(path, ["client-memo"])
    assert "[VERIFY]" not in docx_text(files["client-memo.docx"].data)
    comments = "\n".join(c.text for c in Document(io.BytesIO(files["client-memo.review.docx"].data)).comments)
    assert "4A1.1(e)" in comments


# --- 16. the demo's criminal history --------------------------------------------------------------

def test_demo_matter_scores_no_minor_offense_that_4a1_2_c_1_excludes():
    data = yaml.safe_load((REPO / "matters" / "demo.yaml").read_text(encoding="utf-8"))
    for p in data["criminal_history"]["prior_sentences"]:
        d = p["description"].lower()
        assert not ("suspended license" in d and "fine" in d), d


# --- 17. departures ---------------------------------------------------------------------------------

def test_no_upward_departure_wording_and_the_app_note_is_flagged(library):
    for vid in ("direct-use-bar/defense-proposed", "direct-use-bar/fallback",
                "guideline-use-protection/uncharged-conduct"):
        v = library.get(vid)
        assert "upward departure" not in words(v.text + " " + v.summary), vid
        assert "upward variance" in words(v.text), vid
    flags = " ".join(library.get("guideline-use-protection/uncharged-conduct").verify)
    assert "App. Note 1" in flags and "2025" in flags


# --- lint: case cites ------------------------------------------------------------------------------

def test_lint_flags_a_case_without_reporter_or_verify(tmp_path):
    src = (REPO / "clauses" / "direct-use-bar.yaml").read_text(encoding="utf-8")
    house = tmp_path / "clauses"
    house.mkdir()
    bad = src.replace(
        "The District of New Jersey form already bars use",
        "As United States v. Hollis shows, and as Perry shows, the District of New Jersey form already bars use", 1)
    bad = bad.replace("United States v. Perry, 640 F.3d 805 (8th Cir. 2011), the court held",
                      "Perry the court held", 1)
    bad = re.sub(r'\n      - "Whether this circuit follows Perry[^\n]*', "", bad)
    (house / "direct-use-bar.yaml").write_text(bad, encoding="utf-8")
    problems = case_cite_problems(load_library(house_dir=house))
    assert any("'United States v. Hollis' has no reporter citation" in p for p in problems), problems
    assert any("Perry is cited without its reporter citation" in p for p in problems), problems
    assert case_cite_problems(load_library()) == []


@pytest.fixture(scope="module")
def demo_files():
    return packet_files(REPO / "matters" / "demo.yaml")


def test_counter_draft_comments_mark_second_circuit_cases_persuasive_elsewhere(make_matter):
    from drafter.review.counterdraft import make_proposal
    from drafter.review.review import review_letter

    letter = REPO / "tests" / "letters" / "modern-proffer.txt"
    fla = review_letter(letter, REPO / "matters" / "demo.yaml")
    note = make_proposal(fla, "rebuttal-use", {}, None).comment
    assert "persuasive only in S.D. Fla." in note
    ny = review_letter(letter, make_matter({"case": {"district": "S.D.N.Y."}}))
    assert "persuasive only" not in make_proposal(ny, "rebuttal-use", {}, None).comment


def test_prep_outline_and_uncharged_item_follow_the_corrected_law(demo_files, make_matter):
    prep = docx_text(demo_files["proffer-prep.docx"].data)
    assert "others' roles included" in prep and "own conduct can cost the safety valve" in prep
    r = run(make_matter, {"cooperation": {"uncharged_conduct": True}})
    assert "only in general terms" in item(r, "uncharged-conduct-protection")["point"]
