"""The clause library: coverage of the spec, legal content, and the choices the rules make."""

import json
import re

import pytest
from click.testing import CliRunner

from conftest import REPO
from drafter.cli import main
from drafter.errors import DataError
from drafter.law.clauses import cite_problem, load_library, paragraphs
from drafter.model.clausetypes import NAMED_VARIANTS, SPEC_TYPES


@pytest.fixture(scope="module")
def library():
    return load_library()


def analysis(name):
    path = name if not isinstance(name, str) else REPO / "matters" / f"{name}.yaml"
    r = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def chosen(name):
    """The variants the rules propose (what the full stance would put in the drafts)."""
    return {c["type"]: c["proposed"] for c in analysis(name)["clauses"]}


def test_list_json_covers_every_spec_type_with_required_variants():
    r = CliRunner().invoke(main, ["clauses", "list", "--json"])
    assert r.exit_code == 0
    rows = json.loads(r.output)
    ids = {row["id"] for row in rows}
    for t in SPEC_TYPES:
        for v in ("government-standard", "defense-proposed") + NAMED_VARIANTS.get(t, ()):
            assert f"{t}/{v}" in ids
    assert sum(1 for row in rows if row["cites"]) / len(rows) >= 0.7
    for row in rows:
        assert set(row) >= {"id", "type", "variant", "title", "cites"}
        assert row["id"] == f"{row['type']}/{row['variant']}"


def test_lint_passes():
    r = CliRunner().invoke(main, ["clauses", "lint"])
    assert r.exit_code == 0, r.output


def test_every_cite_is_well_formed(library):
    for v in library.variants():
        for c in v.cites:
            assert cite_problem(c) is None, (v.id, c)


def test_show_prints_text_cites_ask_why_and_rules():
    r = CliRunner().invoke(main, ["clauses", "show", "rebuttal-use/impeachment-only"])
    assert r.exit_code == 0
    for word in ("Text:", "Cites:", "Ask:", "Why:", "Rules of rebuttal-use"):
        assert word in r.output
    assert CliRunner().invoke(main, ["clauses", "show", "rebuttal-use/nope"]).exit_code == 1


def test_below_minimum_request_names_both_motions_and_melendez(library):
    v = library.get("below-minimum-motion/defense-proposed")
    assert "5K1.1" in v.text and "3553(e)" in v.text
    assert any("Melendez" in c for c in v.cites)


def test_defense_rebuttal_is_impeachment_only_and_protects_sufficiency_arguments(library):
    v = library.get("rebuttal-use/defense-proposed")
    assert v.canonical == "impeachment-only"
    text = v.text.lower()
    assert "only the client\u2019s own testimony" in text and "testifies" in text
    assert "sufficiency" in text and "burden" in text
    assert any("Rosemond" in c for c in v.cites)


def test_rebuttal_variants_are_distinct(library):
    t = library.types["rebuttal-use"]
    assert t.same("government-standard", "evidence-or-arguments")
    assert not t.same("evidence-or-arguments", "factual-assertions")
    assert t.same("fallback", "direct-contradiction")


def test_guideline_protection_mirrors_1b1_8_exceptions(library):
    for vid in ("guideline-use-protection/defense-proposed", "guideline-use-protection/uncharged-conduct"):
        text = library.get(vid).text.lower()
        assert "knew" in text or "known" in text                 # (b)(1)
        assert "4a1.1" in text or "criminal history" in text     # (b)(2)
        assert "perjury" in text or "false statement" in text    # (b)(3)
        assert "breach" in text                                  # (b)(4)
        assert "5k1.1" in text                                   # (b)(5)


def test_sub_items_become_numbered_paragraphs():
    ps = paragraphs("Intro text.\n\n(a) first\nwrapped line.\n\n(b) second.\n\nClosing.")
    assert ps == [{"text": "Intro text.", "sub": False}, {"text": "first wrapped line.", "sub": True},
                  {"text": "second.", "sub": True}, {"text": "Closing.", "sub": False}]


# --- the choices a defense lawyer would make, pinned for the example matters ---------------

def test_demo_matter_choices():
    c = chosen("demo")
    assert c["rebuttal-use"] == "impeachment-only"
    assert c["derivative-use"] == "none"
    assert c["below-minimum-motion"] == "defense-proposed"            # ten-year minimum
    assert c["government-discretion"] == "good-faith"
    assert c["non-prosecution"] == "uncharged-conduct"                 # uncharged conduct
    assert c["guideline-use-protection"] == "uncharged-conduct"
    assert "safety-protection" in c and "sealing" in c                 # high safety concerns
    assert "interpreter" in c                                          # Spanish
    assert "immigration" in c                                          # not a citizen
    assert "safety-valve-use" in c


def test_safety_valve_open_matter_choices():
    a = analysis("safety-valve-open")
    c = {x["type"]: x["proposed"] for x in a["clauses"]}
    assert a["safety_valve"]["eligible"] is True
    assert c["safety-valve-use"] == "defense-proposed"
    assert "narrow" in library_text("safety-valve-use/defense-proposed").lower() or \
        "rebut" in library_text("safety-valve-use/defense-proposed").lower()
    assert c["testimony"] == "debriefings-only"                        # will not testify
    for absent in ("safety-protection", "sealing", "interpreter", "immigration"):
        assert absent not in c
    ids = {i["id"] for i in a["checklist"]}
    assert {"safety-valve-path", "testimony-unwilling", "clause:safety-valve-use"} <= ids


def test_minimum_with_cooperation_matter_choices():
    a = analysis("minimum-cooperating")
    c = {x["type"]: x["proposed"] for x in a["clauses"]}
    assert a["mandatory_minimum_months"] == 180
    assert a["safety_valve"]["eligible"] is False
    assert c["below-minimum-motion"] == "defense-proposed"
    assert c["substantial-assistance-motion"] == "defense-proposed"
    assert c["government-discretion"] == "good-faith"
    assert "cooperation-terms" in a["documents"]
    ids = {i["id"] for i in a["checklist"]}
    assert {"seek-3553e-motion", "clause:substantial-assistance-motion"} <= ids
    # the realistic motion ask (good-faith evaluation) carries the § 3553(e) paragraph and the
    # evaluation paragraph with it, as one ask
    item = next(i for i in a["checklist"] if i["id"] == "clause:substantial-assistance-motion")
    assert "¶ 10 (Motion Below the Statutory Minimum)" in item["point"]
    assert "¶ 12 (The Government’s Evaluation)" in item["point"]
    ask = next(x for x in a["strategy"]["asks"] if x["type"] == "substantial-assistance-motion")
    assert ask["tier"] == "must" and ask["variant"] == "fallback"
    assert {c["type"]: c["variant"] for c in ask["companions"]} == {
        "below-minimum-motion": "fallback", "government-discretion": "good-faith", "rule-35b": "fallback"}
    # each companion is an ask of its own in the JSON, and the cap counts it
    listed = {x["type"]: x for x in a["strategy"]["asks"] if x.get("companion_of") == "substantial-assistance-motion"}
    assert set(listed) == {"below-minimum-motion", "government-discretion", "rule-35b"}
    assert all(x["tier"] == "must" for x in listed.values())


def test_safety_concerns_with_uncharged_conduct_matter_choices():
    a = analysis("uncharged-safety")
    c = {x["type"]: x["proposed"] for x in a["clauses"]}
    assert c["non-prosecution"] == "uncharged-conduct"
    assert c["guideline-use-protection"] == "uncharged-conduct"
    # pre-charge, uncharged conduct, high danger: the opening position is no derivative use
    # (the logged form is the fallback, not the opening), and nothing goes abroad without consent
    assert c["derivative-use"] == "none"
    assert c["information-sharing"] == "high-danger"
    must = {x["type"]: x["variant"] for x in a["strategy"]["asks"] if x["tier"] == "must"}
    assert must.get("derivative-use") == "none" and must.get("information-sharing") == "high-danger"
    assert "polygraph" not in c                                         # excluded by counsel
    assert "safety-protection" in c and "sealing" in c
    assert "below-minimum-motion" not in c                              # no minimum yet
    assert "safety-valve-use" not in c                                  # no covered charge yet
    text = library_text("information-sharing/high-danger")
    assert "foreign" in text and "consented in writing" in text
    assert "a foreign authority only if the recipient first agrees" not in text


def test_counsel_variant_override_wins(make_matter):
    a = analysis(make_matter({"cooperation": {"uncharged_conduct": True},
                              "negotiation": {"variants": {"derivative-use": "logged"}}}))
    d = next(x for x in a["clauses"] if x["type"] == "derivative-use")
    assert (d["proposed"], d["rule"]) == ("logged", "negotiation.variants")


def library_text(cid):
    return load_library().get(cid).text


def test_clause_checklist_items_are_the_strategy_asks(library):
    a = analysis("demo")
    asks = [x for x in a["strategy"]["asks"] if "companion_of" not in x]   # companions: in their ask's item
    items = [i for i in a["checklist"] if i["source"] == "clause"]
    assert [i["id"] for i in items] == [f"clause:{x['type']}" for x in asks][:12]
    for item, ask in zip(items, asks, strict=False):   # the checklist keeps the first 12
        assert item["document"] == ask["document"] in a["documents"]
        assert item["paragraph"] == ask["paragraph"] and f"¶ {ask['paragraph']}" in item["point"]
        assert item["point"] and item["why"] and isinstance(item["cites"], list)
    changed = {c["type"] for c in a["clauses"] if not c["standard"]}
    assert changed == {x["type"] for x in asks if x["tier"] == "must"} | {
        c["type"] for x in asks if x["tier"] == "must" for c in x.get("companions", [])}


def test_unknown_variant_in_matter_names_the_line(make_matter):
    path = make_matter({"negotiation": {"variants": {"rebuttal-use": "whatever"}}})
    r = CliRunner().invoke(main, ["analyze", str(path)])
    assert r.exit_code == 1
    assert re.search(rf"{re.escape(str(path))}:\d+: negotiation\.variants\.rebuttal-use: no variant 'whatever'",
                     r.output)


def test_house_clause_files_are_validated_with_lines(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    (house / "rebuttal-use.yaml").write_text("variants:\n  impeachment-only:\n    risk: extreme\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_library(house)
    assert "rebuttal-use.yaml:3" in str(e.value)
