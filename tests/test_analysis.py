import datetime as dt

import pytest

from conftest import DELETE
from drafter.law.analysis import analyze, non_business_day_note, one_year_after
from drafter.model.matter import load_matter


def run(make_matter, changes=None):
    return analyze(load_matter(make_matter(changes or {}))).to_json()


def ids(result):
    return {i["id"] for i in result["checklist"]}


def priors(*specs):
    return {"criminal_history": {"prior_sentences": [
        {"points": p, "violent": v} for p, v in specs]}}


def test_base_matter(make_matter):
    r = run(make_matter)
    assert r["mandatory_minimum_months"] == 120
    assert r["needs_3553e"] is True
    sv = r["safety_valve"]
    assert sv["offense_covered"] is True and sv["eligible"] is True
    assert sv["criteria"]["f5"]["met"] is None
    assert sv["missing_facts"] == []
    assert {"seek-3553e-motion", "safety-valve-path"} <= ids(r)


def test_exactly_four_points_is_eligible(make_matter):
    r = run(make_matter, priors((2, False), (2, False)))
    assert r["safety_valve"]["criteria"]["f1"]["met"] is True
    assert r["safety_valve"]["eligible"] is True


def test_five_or_more_points_disqualify_under_a(make_matter):
    r = run(make_matter, priors((2, False), (2, False), (1, False), (2, False)))
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is False and "(A)" in f1["reason"]
    assert r["safety_valve"]["eligible"] is False
    assert "safety-valve-path" not in ids(r)


def test_one_three_point_offense_alone_disqualifies_under_b(make_matter):
    r = run(make_matter, priors((3, False)))
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is False and "(B)" in f1["reason"] and "(A)" not in f1["reason"]


def test_one_two_point_violent_offense_alone_disqualifies_under_c(make_matter):
    r = run(make_matter, priors((2, True)))
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is False and "(C)" in f1["reason"] and "(A)" not in f1["reason"]


def test_one_point_violent_offense_does_not_disqualify(make_matter):
    r = run(make_matter, priors((1, True), (2, False)))
    assert r["safety_valve"]["criteria"]["f1"]["met"] is True


def test_many_one_point_offenses_are_excluded(make_matter):
    r = run(make_matter, priors(*[(1, False)] * 9, (2, False)))
    f1 = r["safety_valve"]["criteria"]["f1"]
    assert f1["met"] is True
    assert r["safety_valve"]["eligible"] is True


def test_unknown_history_is_null_not_false(make_matter):
    r = run(make_matter, {"criminal_history": DELETE})
    sv = r["safety_valve"]
    assert sv["criteria"]["f1"]["met"] is None
    assert sv["eligible"] is None
    assert sv["missing_facts"] == ["criminal_history"]
    assert "safety-valve-facts-missing" in ids(r)
    assert "safety-valve-path" not in ids(r)


def test_no_priors_is_known_and_met(make_matter):
    r = run(make_matter, {"criminal_history": {"prior_sentences": []}})
    assert r["safety_valve"]["criteria"]["f1"]["met"] is True


def test_unknown_offense_facts_are_null(make_matter):
    r = run(make_matter, {"offense": DELETE})
    sv = r["safety_valve"]
    for k in ("f2", "f3", "f4"):
        assert sv["criteria"][k]["met"] is None
    assert sv["eligible"] is None
    assert sv["missing_facts"] == ["offense.violence_or_threats", "offense.weapon",
                                   "offense.death_or_serious_injury", "offense.aggravating_role",
                                   "offense.continuing_criminal_enterprise"]


def test_one_true_fact_decides_despite_unknown_sibling(make_matter):
    r = run(make_matter, {"offense": {"weapon": True, "violence_or_threats": DELETE}})
    sv = r["safety_valve"]
    assert sv["criteria"]["f2"]["met"] is False
    assert sv["eligible"] is False
    assert "offense.violence_or_threats" not in sv["missing_facts"]


def test_unknown_weapon_alone(make_matter):
    r = run(make_matter, {"offense": {"weapon": DELETE}})
    sv = r["safety_valve"]
    assert sv["criteria"]["f2"]["met"] is None
    assert sv["missing_facts"] == ["offense.weapon"]


@pytest.mark.parametrize("key,crit", [("death_or_serious_injury", "f3"), ("aggravating_role", "f4"),
                                      ("continuing_criminal_enterprise", "f4"),
                                      ("violence_or_threats", "f2")])
def test_each_offense_fact_disqualifies(make_matter, key, crit):
    r = run(make_matter, {"offense": {key: True}})
    assert r["safety_valve"]["criteria"][crit]["met"] is False
    assert r["safety_valve"]["eligible"] is False


def test_f5_met_when_disclosed_and_never_disqualifies(make_matter):
    r = run(make_matter, {"cooperation": {"safety_valve_disclosure": True}})
    assert r["safety_valve"]["criteria"]["f5"]["met"] is True
    r = run(make_matter, {"cooperation": {"safety_valve_disclosure": False}})
    assert r["safety_valve"]["criteria"]["f5"]["met"] is None
    assert r["safety_valve"]["eligible"] is True


def test_uncovered_statute_alongside_covered_one(make_matter):
    r = run(make_matter, {"charges": [
        {"statute": "21 U.S.C. § 841(a)(1)", "mandatory_minimum_months": 60},
        {"statute": "18 U.S.C. § 1956(h)"}]})
    assert r["safety_valve"]["offense_covered"] is True
    r = run(make_matter, {"charges": [{"statute": "18 U.S.C. § 1956(h)"}]})
    assert r["safety_valve"]["offense_covered"] is False
    assert r["safety_valve"]["eligible"] is False
    assert "safety-valve-facts-missing" not in ids(r)


def test_maritime_statutes_are_covered(make_matter):
    r = run(make_matter, {"charges": [{"statute": "46 U.S.C. § 70506(b)", "mandatory_minimum_months": 120}]})
    assert r["safety_valve"]["offense_covered"] is True


def test_924c_stacks_on_the_drug_minimum(make_matter):
    r = run(make_matter, {"charges": [
        {"statute": "21 U.S.C. § 841(a)(1)", "mandatory_minimum_months": 60},
        {"statute": "21 U.S.C. § 846", "mandatory_minimum_months": 120},
        {"statute": "18 U.S.C. § 924(c)(1)(A)(i)", "mandatory_minimum_months": 60}]})
    assert r["mandatory_minimum_months"] == 180
    assert r["needs_3553e"] is True


def test_1028a_and_explicit_consecutive_flags(make_matter):
    r = run(make_matter, {"charges": [
        {"statute": "18 U.S.C. § 1349", "mandatory_minimum_months": 0},
        {"statute": "18 U.S.C. § 1028A(a)(1)", "mandatory_minimum_months": 24},
        {"statute": "18 U.S.C. § 1028A(a)(1)", "mandatory_minimum_months": 24, "consecutive": False}]})
    assert r["mandatory_minimum_months"] == 48
    r = run(make_matter, {"charges": [
        {"statute": "21 U.S.C. § 846", "mandatory_minimum_months": 60},
        {"statute": "21 U.S.C. § 841", "mandatory_minimum_months": 60, "consecutive": True}]})
    assert r["mandatory_minimum_months"] == 120


def test_no_charges(make_matter):
    r = run(make_matter, {"charges": [], "case": {"stage": "investigation"}})
    assert r["mandatory_minimum_months"] == 0
    assert r["needs_3553e"] is False
    assert r["safety_valve"]["offense_covered"] is False
    assert r["safety_valve"]["eligible"] is False


def test_declined_matter(make_matter):
    r = run(make_matter, {"cooperation": {"status": "declined"}})
    assert r["mandatory_minimum_months"] == 120
    assert r["needs_3553e"] is False
    assert "seek-3553e-motion" not in ids(r)


def test_rule35b_deadline_and_29_february(make_matter):
    r = run(make_matter, {"case": {"stage": "sentenced", "sentencing_date": "2028-02-29"},
                          "cooperation": {"status": "cooperating"}})
    assert r["deadlines"][0]["id"] == "rule-35b-one-year"
    assert r["deadlines"][0]["date"] == "2029-02-28"
    assert r["deadlines"][0]["basis"] == "Fed. R. Crim. P. 35(b)(1)"
    assert "rule-35b-deadline" in ids(r)


def test_deadline_unless_declined(make_matter):
    r = run(make_matter, {"case": {"stage": "sentenced", "sentencing_date": "2027-03-15"},
                          "cooperation": {"status": "proffered"}})
    assert [d["date"] for d in r["deadlines"]] == ["2028-03-15"]
    assert "rule-35b-deadline" in ids(r)
    r = run(make_matter, {"case": {"stage": "sentenced", "sentencing_date": "2027-03-15"},
                          "cooperation": {"status": "declined"}})
    assert r["deadlines"] == []
    assert "rule-35b-deadline" not in ids(r)


def test_after_sentencing_no_3553e_and_no_safety_valve_items(make_matter):
    """After sentencing the route is Rule 35(b), whose (b)(4) lets the court go below the minimum."""
    r = run(make_matter, {"case": {"stage": "sentenced", "sentencing_date": "2027-03-15"},
                          "cooperation": {"status": "cooperating"}})
    assert r["mandatory_minimum_months"] == 120
    assert r["needs_3553e"] is False
    assert r["safety_valve"]["eligible"] is True
    assert not {"seek-3553e-motion", "safety-valve-path", "safety-valve-facts-missing"} & ids(r)
    before = run(make_matter, {"case": {"stage": "convicted"}, "cooperation": {"status": "cooperating"}})
    assert {"seek-3553e-motion", "safety-valve-path"} <= ids(before)


def test_weekend_and_holiday_notes():
    assert one_year_after(dt.date(2027, 3, 15)) == dt.date(2028, 3, 15)
    assert "Saturday" in non_business_day_note(dt.date(2028, 3, 18))
    assert "holiday" in non_business_day_note(dt.date(2028, 7, 4))
    assert non_business_day_note(dt.date(2028, 3, 15)) is None


def test_deadline_on_a_holiday_keeps_the_anniversary(make_matter):
    r = run(make_matter, {"case": {"stage": "sentenced", "sentencing_date": "2027-07-04"},
                          "cooperation": {"status": "cooperating"}})
    d = r["deadlines"][0]
    assert d["date"] == "2028-07-04"
    assert "holiday" in d["note"]


@pytest.mark.parametrize("changes,item,present", [
    ({"cooperation": {"uncharged_conduct": True}}, "uncharged-conduct-protection", True),
    ({"cooperation": {"uncharged_conduct": False}}, "uncharged-conduct-protection", False),
    ({"cooperation": {"safety_concerns": "moderate"}}, "safety-measures", True),
    ({"cooperation": {"safety_concerns": "high"}}, "safety-measures", True),
    ({"cooperation": {"safety_concerns": "none"}}, "safety-measures", False),
    ({"client": {"language": "Spanish"}}, "interpreter", True),
    ({"client": {"language": "English"}}, "interpreter", False),
    ({}, "interpreter", False),
    ({"cooperation": {"information": [{"subject": "a", "known_to_government": True}]}},
     "information-already-known", True),
    ({"cooperation": {"information": [{"subject": "a", "known_to_government": True},
                                      {"subject": "b"}]}}, "information-already-known", False),
    ({"cooperation": {"information": []}}, "no-useful-information", True),
    ({"cooperation": {"information": []}}, "information-already-known", False),
    ({}, "no-useful-information", False),
    ({"cooperation": {"willing_to_testify": False}}, "testimony-unwilling", True),
    ({}, "testimony-unwilling", False),
    ({"client": {"us_citizen": False}}, "immigration-consequences", True),
    ({}, "immigration-consequences", False),
])
def test_triggered_checklist_items(make_matter, changes, item, present):
    assert (item in ids(run(make_matter, changes))) is present


def test_checklist_items_carry_fields(make_matter):
    for item in run(make_matter, {"client": {"us_citizen": False}})["checklist"]:
        assert item["priority"] in ("high", "medium", "low")
        assert item["point"] and item["why"]
        assert isinstance(item["cites"], list)
