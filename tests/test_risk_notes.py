"""A clause's risk note says of the letter only what the letter's own words say (``risk_notes`` in
the clause files): the cold reads of an E.D. Va. letter found the report calling its guideline-only
sentencing bar "the whole of sentencing", its "testimony is different" condition "no requirement
that it actually conflict", and its eligibility-only safety-valve use "every statement ... for any
purpose"."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.law.clauses import load_library
from drafter.review.review import review_letter

LETTERS = Path(__file__).parent / "letters"
PETTIGREW = LETTERS / "whole" / "02-edva-proffer-pettigrew.txt"


@pytest.fixture(scope="module")
def lib():
    return load_library()


@pytest.fixture(scope="module")
def pettigrew():
    return review_letter(PETTIGREW, None)


def entry(review, type_id):
    return review.entry(next(f for f in review.found if f.type == type_id))


def test_a_guideline_only_bar_is_read_as_the_offices_usual_wording(pettigrew):
    e = entry(pettigrew, "direct-use-bar")
    assert e["variant"] == "government-standard" and e["risk"] == "medium"
    assert "guideline calculation" in e["risk_note"] and "whole of sentencing" not in e["risk_note"]
    assert "civil, forfeiture and detention proceedings are not covered" in e["risk_note"]


def test_a_bar_on_every_sentencing_use_keeps_its_reading(lib):
    fallback = lib.types["direct-use-bar"].variants["fallback"]
    own = " ".join(fallback.text.split())
    assert fallback.read_as(own, own) is None and fallback.note_for(own, own) == fallback.risk_note
    para = ("The Office will not use the statements to determine the applicable guideline range or to "
            "support an upward variance.")
    assert fallback.read_as(para, para) is None


def test_a_paragraph_that_names_civil_proceedings_is_not_said_to_leave_them_out(lib):
    v = lib.types["direct-use-bar"].variants["government-standard"]
    para = ("The Office will not use the statements in its case-in-chief or in any civil proceeding, "
            "or to determine the applicable guideline range.")
    note = v.note_for(para, para)
    assert "guideline calculation" in note and "civil" not in note


def test_the_counter_draft_closes_the_use_the_note_names(firm_dir):
    from click.testing import CliRunner

    from drafter.cli import main

    out = firm_dir / "out"
    r = CliRunner().invoke(main, ["review", str(PETTIGREW), "-o", str(out), "--date", "2026-12-02"])
    assert r.exit_code == 0, r.output
    report = (out / f"{PETTIGREW.stem}.review.md").read_text(encoding="utf-8")
    assert "or to seek a sentence above that range" in report


@pytest.fixture
def firm_dir(tmp_path, monkeypatch):
    (tmp_path / "drafter.yaml").write_text(
        "firm:\n  name: Test Defense LLP\nattorney:\n  name: Alex Counsel\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("sentence, says, never", [
    ("If the Client testifies and the testimony is different from what the Client said, the Office may "
     "use the statements to cross-examine the Client.", "variation in detail", "no requirement"),
    ("If the Client testifies and the testimony is materially inconsistent with the statements, the "
     "Office may use them to cross-examine the Client.", "materially inconsistent", "variation in detail"),
    ("If the Client testifies, the Office may use the statements and any evidence derived from them to "
     "cross-examine the Client.", "derived evidence comes in", "differs"),
    ("If the Client testifies at any proceeding, the Office may use the statements to cross-examine the "
     "Client.", "no requirement that it actually conflict", "derived"),
])
def test_the_impeachment_note_follows_the_offices_condition(lib, sentence, says, never):
    note = lib.types["impeachment-use"].variants["government-standard"].note_for(sentence)
    assert says in note and never not in note


def test_the_letter_says_different_and_the_report_says_so(pettigrew):
    note = entry(pettigrew, "impeachment-use")["risk_note"]
    assert "differs from what the Client said" in note and "no requirement" not in note


def test_a_safety_valve_use_limited_to_eligibility_is_not_called_unlimited(pettigrew, lib):
    note = entry(pettigrew, "safety-valve-use")["risk_note"]
    assert "no other use" in note and "for any purpose" not in note
    v = lib.types["safety-valve-use"].variants["government-standard"]
    broad = ("If the Client seeks relief under § 3553(f), the Office may use the statements to argue that the "
             "Client is not eligible, and for any other purpose.")
    assert v.note_for(broad) == v.risk_note


def counter_text(letter: Path, out: Path) -> str:
    from click.testing import CliRunner

    from drafter.cli import main
    from test_review import document_xml, resolve

    r = CliRunner().invoke(main, ["review", str(letter), "-o", str(out), "--date", "2026-12-02"])
    assert r.exit_code == 0, r.output
    return "\n".join(resolve(document_xml(out / f"{letter.stem}.counter.docx"), accept=True))


def test_a_not_plea_discussions_stipulation_is_confined_to_the_permitted_uses(firm_dir):
    # the appended "waives no other protection" would otherwise have nothing left to keep
    text = counter_text(PETTIGREW, firm_dir / "out")
    assert ("are not plea discussions for purposes of Federal Rule of Evidence 410 and Federal Rule of Criminal "
            "Procedure 11(f), but only as to the uses this letter permits, and he gives up") in text


def test_a_waiver_without_the_stipulation_gets_no_such_words(firm_dir):
    text = counter_text(LETTERS / "real" / "sdny-2019-proffer.txt", firm_dir / "out2")
    assert "but only as to the uses" not in text


def test_the_waiver_is_confined_once_not_twice(firm_dir):
    text = counter_text(PETTIGREW, firm_dir / "out3")
    assert text.count("only as to the uses this letter permits") == 1
    assert "waives no other protection" not in text


def test_the_rule_410_note_speaks_of_the_letters_stipulation_not_a_catch_all_it_lacks(pettigrew, lib):
    note = entry(pettigrew, "rule-410-waiver")["risk_note"]
    assert "not a plea discussion at all" in note and "any other federal rule" not in note
    v = lib.types["rule-410-waiver"].variants["government-standard"]
    own = " ".join(v.text.split())
    assert v.note_for(own, own) == v.risk_note          # the Office's usual wording keeps its note
    plain = "The Client waives any right under Fed. R. Evid. 410 to object to the uses this letter permits."
    assert "catch-all" not in v.note_for(plain, plain) and "federal rule" not in v.note_for(plain, plain)


def test_a_listed_fugitive_trigger_is_not_called_undefined(pettigrew, lib):
    note = entry(pettigrew, "fugitive-exception")["risk_note"]
    assert "lists what ends the protection" in note and "undefined" not in note
    v = lib.types["fugitive-exception"].variants["government-standard"]
    own = " ".join(v.text.split())
    assert v.note_for(own, own) == v.risk_note


def test_a_risk_notes_entry_gives_a_note_or_a_variant_not_both():
    from pydantic import ValidationError

    from drafter.law.clausemodels import RiskNoteModel

    RiskNoteModel(when=["x"], note="A note.")
    RiskNoteModel(when=["x"], variant="government-standard")
    for bad in ({"when": ["x"]}, {"when": ["x"], "note": "A note.", "variant": "government-standard"}):
        with pytest.raises(ValidationError):
            RiskNoteModel(**bad)


def test_a_risk_notes_variant_that_does_not_exist_is_refused_with_its_line(tmp_path):
    from drafter.errors import DataError

    house = tmp_path / "house"
    house.mkdir()
    (house / "direct-use-bar.yaml").write_text(
        "variants:\n  fallback:\n    risk_notes:\n      - when: ['guideline']\n        variant: no-such-wording\n",
        encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_library(house)
    assert "direct-use-bar.yaml" in str(e.value) and "no-such-wording" in str(e.value)
