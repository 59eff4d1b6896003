"""One strategy per matter: posture, path, stance, asks, and a packet that agrees with itself."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.law.analysis import analyze
from drafter.law.clauses import load_library
from drafter.law.strategy import MAX_MUST, decide
from drafter.model.matter import load_matter

DATE = "2026-11-27"
AGREEMENTS = {"proffer-agreement", "cooperation-terms"}

# matter -> (posture, path, documents, internal agreements, must asks)
EXAMPLES = {
    "demo": ("charged", "safety-valve",
             ["proffer-agreement", "cover-letter", "client-memo", "proffer-prep", "checklist"], [], 5),
    "minimum-cooperating": ("plea-negotiation", "cooperate",
                            ["cooperation-terms", "cover-letter", "client-memo", "checklist"], [], 4),
    "safety-valve-open": ("charged", "safety-valve",
                          ["proffer-agreement", "client-memo", "proffer-prep", "checklist"],
                          ["proffer-agreement"], 3),
    "sentenced-cooperating": ("sentenced", "rule-35b", ["rule-35b-request", "client-memo", "checklist"], [], 0),
    "sentenced-with-minimum": ("sentenced", "rule-35b",
                               ["proffer-agreement", "cover-letter", "client-memo", "proffer-prep", "checklist"],
                               [], 4),
    "uncharged-safety": ("investigation", "hold",
                         ["proffer-agreement", "client-memo", "proffer-prep", "checklist"],
                         ["proffer-agreement"], 5),
    "declined": ("charged", "declined", ["client-memo", "checklist"], [], 0),
}


def analysis(path) -> dict:
    r = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def text_of(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def packets(tmp_path_factory):
    out = tmp_path_factory.mktemp("packets")
    for name in EXAMPLES:
        r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / f"{name}.yaml"), "-o",
                                      str(out / name), "--draft-date", DATE])
        assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_matters_pin_posture_path_documents_and_asks(name):
    posture, path, documents, internal, musts = EXAMPLES[name]
    a = analysis(REPO / "matters" / f"{name}.yaml")
    s = a["strategy"]
    assert (s["posture"], s["path"], s["stance"]) == (posture, path, "targeted")
    assert a["documents"] == documents == s["documents"]
    assert s["internal"] == internal
    assert len([x for x in s["asks"] if x["tier"] == "must"]) == musts
    assert s["reasons"] and all(isinstance(r, str) and r for r in s["reasons"])
    for ask in s["asks"]:
        assert set(ask) - {"companions", "companion_of"} == {"type", "variant", "document", "paragraph", "tier", "why"}
        assert ask["document"] in documents and ask["paragraph"] >= 1 and ask["why"]
        for comp in ask.get("companions", []):
            assert set(comp) == {"type", "variant", "paragraph"} and comp["paragraph"] != ask["paragraph"]
    # the drafts differ from the Office's standard exactly in the must asks and their companions
    # (the paragraphs that move with an ask so that the draft does not contradict itself)
    changed = {c["type"] for c in a["clauses"] if not c["standard"]}
    must = [x for x in s["asks"] if x["tier"] == "must"]
    assert changed == {x["type"] for x in must} | {c["type"] for x in must for c in x.get("companions", [])}
    assert len(must) <= MAX_MUST
    for c in a["clauses"]:
        assert c["document"] in AGREEMENTS and isinstance(c["standard"], bool)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_packets_hold_exactly_the_posture_tables_documents(packets, name):
    _, path, documents, internal, _ = EXAMPLES[name]
    manifest = json.loads((packets / name / "manifest.json").read_text(encoding="utf-8"))
    docx = [f for f in manifest["files"] if f["path"].endswith(".docx")]
    assert {f["document"] for f in docx} == set(documents)
    for f in docx:
        if f["document"] in internal:
            assert f["path"] == f"{f['document']}.review.docx" and f["audience"] == "internal"
    if path in ("hold", "declined"):
        assert not [f for f in docx if f["audience"] == "external"]
    assert "Later" in text_of(packets / name / "checklist.docx") or len(documents) == 7


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_checklist_asks_point_only_at_drafts_in_the_packet(packets, name):
    a = analysis(REPO / "matters" / f"{name}.yaml")
    asks = [i for i in a["checklist"] if i["source"] == "clause"]
    assert len(asks) <= 12
    tiers = [i["tier"] for i in asks]
    assert tiers == sorted(tiers, key=lambda t: t != "must")       # must asks first
    for item in asks:
        assert item["document"] in a["documents"]
        assert re.match(r"^(Proffer agreement|Cooperation terms) ¶ \d+ \(", item["point"])
    md = (packets / name / "checklist.md").read_text(encoding="utf-8")
    for later in a["strategy"]["later"]:
        assert later not in a["documents"]
    assert md.count("`clause:") == len(asks)


@pytest.mark.parametrize("name", ["sentenced-cooperating", "sentenced-with-minimum"])
def test_sentenced_memo_is_about_rule_35b_only(packets, name):
    text = text_of(packets / name / "client-memo.docx")
    for word in (r"\bpleas?\b", r"\bplead", r"\btrial", r"safety.valve", r"3553\(f\)", r"5C1\.2"):
        assert not re.search(word, text, re.I), word
    assert "Rule 35(b)" in text and "Rule 35(b)(2)" in text
    assert "one year" in text
    assert "file a motion before the deadline" in text            # the protective motion
    if name == "sentenced-with-minimum":
        assert "Rule 35(b)(4)" in text and "below that minimum" in text
    a = analysis(REPO / "matters" / f"{name}.yaml")
    assert a["needs_3553e"] is False
    assert not {"safety-valve-path", "seek-3553e-motion"} & {i["id"] for i in a["checklist"]}


@pytest.mark.parametrize("name", ["demo", "minimum-cooperating", "sentenced-with-minimum"])
def test_cover_letter_names_exactly_the_changes_the_drafts_make(packets, name):
    a = analysis(REPO / "matters" / f"{name}.yaml")
    external = [d for d in a["documents"] if d in AGREEMENTS and d not in a["strategy"]["internal"]]
    changed = [c for c in a["clauses"] if c["document"] in external and not c["standard"]]
    # a standard paragraph counsel's draft gives without the part it never proposes (office_only)
    library = load_library()
    changed += [c for c in a["clauses"] if c["document"] in external and c["standard"]
                and library.get(c["id"]).office_only]
    letter = text_of(packets / name / "cover-letter.docx")
    named = re.findall(r"¶ \d+\) — ", letter)
    assert len(named) == len(changed)
    if changed:
        words = "zero one two three four five six seven eight nine ten eleven twelve".split()
        assert f"from them in {words[len(changed)]} paragraph" in letter
    else:
        assert "without change" in letter
    assert "the Client" not in letter and "the Defendant" not in letter


def test_memo_never_argues_against_the_cover_letter(packets):
    memo = text_of(packets / "demo" / "client-memo.docx")
    assert "wrong move" not in memo
    assert "I recommend that we aim for the safety valve" in memo
    assert "should not be treated as that account until the written terms" in memo


def test_hold_path_sends_nothing_and_says_why(packets):
    memo = text_of(packets / "uncharged-safety" / "client-memo.docx")
    assert "decide nothing yet" in memo and "postpone the meeting" in memo
    draft = text_of(packets / "uncharged-safety" / "proffer-agreement.review.docx")
    assert "Internal draft for counsel: not to be sent" in draft


def test_declining_does_not_forfeit_the_safety_valve(make_matter, tmp_path):
    path = make_matter({"cooperation": {"status": "declined"}})
    a = analysis(path)
    assert a["strategy"]["path"] == "safety-valve"
    assert any("does not forfeit the safety valve" in r for r in a["strategy"]["reasons"])
    assert a["documents"] == ["proffer-agreement", "client-memo", "checklist"]
    r = CliRunner().invoke(main, ["packet", str(path), "-o", str(tmp_path / "o"), "--draft-date", DATE])
    assert r.exit_code == 0, r.output
    memo = text_of(tmp_path / "o" / "client-memo.docx")
    assert "does not cost you this route" in memo


def test_full_stance_keeps_the_full_counter_draft(make_matter):
    base = {"case": {"stage": "charged"}, "cooperation": {"status": "proffer-scheduled",
                                                          "uncharged_conduct": True}}
    targeted = analysis(make_matter(base))
    full = analysis(make_matter(dict(base, negotiation={"stance": "full"})))
    assert full["strategy"]["stance"] == "full"
    changed_full = [c for c in full["clauses"] if not c["standard"]]
    assert len(changed_full) > MAX_MUST
    assert all(c["variant"] == c["proposed"] for c in full["clauses"])
    assert len([c for c in targeted["clauses"] if not c["standard"]]) <= MAX_MUST


def test_counsel_variants_win_over_the_stance(make_matter):
    a = analysis(make_matter({"cooperation": {"status": "proffer-scheduled"},
                              "negotiation": {"variants": {"polygraph": "defense-proposed",
                                                           "rebuttal-use": "direct-contradiction"}}}))
    c = {x["type"]: x for x in a["clauses"]}
    assert c["rebuttal-use"]["variant"] == "direct-contradiction" and not c["rebuttal-use"]["standard"]
    assert c["polygraph"]["variant"] == "defense-proposed"     # not in this packet, still counsel's choice
    ask = next(x for x in a["strategy"]["asks"] if x["type"] == "rebuttal-use")
    assert ask["tier"] == "must" and ask["why"].startswith("Chosen by counsel")


def test_decide_is_callable_from_the_library_with_a_document_scope():
    matter = load_matter(REPO / "matters" / "minimum-cooperating.yaml")
    s = decide(matter, analyze(matter), documents=["cooperation-terms"])
    assert s.path == "cooperate"
    assert {a.document for a in s.asks} == {"cooperation-terms"}
    assert len(s.must) <= MAX_MUST and s.must[0].tier == "must"


def test_convicted_after_trial_memo(make_matter, tmp_path):
    path = make_matter({"case": {"stage": "convicted", "conviction": "trial", "testified_at_trial": True},
                        "cooperation": {"status": "considering", "information": [
                            {"subject": "x", "known_to_government": False}], "willing_to_testify": True}})
    r = CliRunner().invoke(main, ["packet", str(path), "-o", str(tmp_path / "o"), "--draft-date", DATE])
    assert r.exit_code == 0, r.output
    memo = text_of(tmp_path / "o" / "client-memo.docx")
    assert "§ 3C1.1" in memo and "new trial" in memo
    assert "Pleading guilty without cooperating" not in memo and "Going to trial" not in memo
    assert "remains available at sentencing" in memo


@pytest.mark.parametrize("status,expected", [
    ("considering", {"proffer-agreement", "client-memo", "proffer-prep", "checklist"}),
    ("proffer-scheduled", {"proffer-agreement", "cover-letter", "client-memo", "proffer-prep", "checklist"}),
    ("cooperating", {"cooperation-terms", "cover-letter", "client-memo", "checklist"}),
])
def test_posture_table_before_sentencing(make_matter, status, expected):
    a = analysis(make_matter({"criminal_history": {"prior_sentences": [{"points": 3}]},
                              "cooperation": {"status": status, "willing_to_testify": True,
                                              "information": [{"subject": "x", "known_to_government": False}]}}))
    assert set(a["documents"]) == expected, a["strategy"]["path"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_aliases_never_reach_a_draft(packets, name):
    aka = load_matter(REPO / "matters" / f"{name}.yaml").client.aka
    for doc in (packets / name).glob("*.docx"):
        text = text_of(doc)
        assert not [a for a in aka if a in text], doc.name


def test_unknown_willingness_to_testify_is_never_stated_as_a_fact(make_matter):
    a = analysis(make_matter({"cooperation": {"status": "proffered"}}))      # willing_to_testify unknown
    testimony = next(c for c in a["clauses"] if c["type"] == "testimony")
    everything = json.dumps(a)
    assert "prepared to testify" not in everything
    assert "not yet known" in testimony["reason"] or testimony["rule"] == "strategy: targeted"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_verify_flag_in_what_the_client_or_the_prosecutor_reads(packets, name):
    manifest = json.loads((packets / name / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        if f["path"].endswith(".docx") and f["copy"] == "clean":
            assert "[VERIFY]" not in text_of(packets / name / f["path"]), f["path"]


def test_sentenced_and_declined(make_matter, tmp_path):
    path = make_matter({"case": {"stage": "sentenced", "sentencing_date": "2026-06-01"},
                        "cooperation": {"status": "declined"}})
    a = analysis(path)
    assert (a["strategy"]["path"], a["documents"]) == ("declined", ["client-memo", "checklist"])
    r = CliRunner().invoke(main, ["packet", str(path), "-o", str(tmp_path / "o"), "--draft-date", DATE])
    assert r.exit_code == 0, r.output
    memo = text_of(tmp_path / "o" / "client-memo.docx")
    assert "You have decided not to help the government" in memo and "June 1, 2026" in memo
    assert not re.search(r"\bpleas?\b|\btrial|safety.valve|3553\(f\)", memo, re.I)


def test_only_writes_what_counsel_names_whatever_the_table_says(tmp_path):
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(out),
                                  "--only", "cooperation-terms", "--draft-date", DATE])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["document"] for f in manifest["files"]} == {"cooperation-terms"}


def test_unknown_safety_valve_facts_hold_a_considering_client(make_matter):
    info = {"information": [{"subject": "x", "known_to_government": False}], "willing_to_testify": True}
    a = analysis(make_matter({"criminal_history": None, "cooperation": dict(status="considering", **info)}))
    assert a["safety_valve"]["eligible"] is None
    assert a["strategy"]["path"] == "hold"
    assert "criminal_history" in a["strategy"]["reasons"][0]
    declined = analysis(make_matter({"criminal_history": None, "cooperation": {"status": "declined"}}))
    assert declined["strategy"]["path"] == "safety-valve"
    assert declined["strategy"]["reasons"][0].startswith("The safety valve may be open")


def test_danger_after_a_proffer_shapes_the_terms_rather_than_halting(make_matter):
    info = {"information": [{"subject": "x", "known_to_government": False}], "willing_to_testify": True,
            "safety_concerns": "high"}
    three = {"prior_sentences": [{"points": 3}]}
    before = analysis(make_matter({"criminal_history": three,
                                   "cooperation": dict(status="proffer-scheduled", **info)}))
    after = analysis(make_matter({"case": {"stage": "plea-negotiation"}, "criminal_history": three,
                                  "cooperation": dict(status="proffered", **info)}))
    assert before["strategy"]["path"] == "hold"
    assert after["strategy"]["path"] == "cooperate"
    musts = {x["type"] for x in after["strategy"]["asks"] if x["tier"] == "must"}
    musts |= {c["type"] for x in after["strategy"]["asks"] if x["tier"] == "must" for c in x.get("companions", [])}
    # the motion ask and its companions (four clauses) and the safety terms fill the cap of five
    # changed clauses; information sharing is still asked for, as a trade ask
    assert "below-minimum-motion" in musts and {"safety-protection", "information-sharing"} & musts
    assert {"safety-protection", "information-sharing"} <= {x["type"] for x in after["strategy"]["asks"]}
