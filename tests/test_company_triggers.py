"""One breach standard in a company's counter-draft (the cold read of four company counter-drafts).

- The specific triggers of a company's list of breaches (failing to cooperate, failing to implement
  or maintain the compliance program, giving false information, conduct abroad that would violate
  the FCPA) take the catch-all's knowing-and-material standard, in the letter's own words and tense;
  a trigger the Office already qualifies ("information it knows to be false", "deliberately false",
  "knowingly gave") keeps its words.
- The Office's promise (not to prosecute, to defer, to move to dismiss) conditioned on "full
  performance", "fully complies with every obligation", "performance of every obligation" turns on
  a breach as the letter's breach paragraph defines it; the grant itself is never replaced.
- All of it is one ask (breach), so it costs no place under the cap of five; a person's letter never
  gets any of it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from drafter.review.counterdraft import insertion_point, write_outputs
from drafter.review.review import review_letter
from test_company_redline import COMPANY
from test_party_fitted_breach import inserted, marked, write_review
from test_review import document_xml, resolve

LETTERS = Path(__file__).resolve().parent / "letters"
REAL = Path(__file__).resolve().parent / "recognition" / "dev-real"
NPA = LETTERS / "corporate-npa.txt"
CARDINAL = LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt"
MERIDIAN = LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt"
CORVETA = LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt"
AMI = REAL / "sdny-npa-ami-cooperation-breach-410.txt"
# the breach paragraph of the 2019 Ericsson DPA (Fraud Section), as quoted in public reporting
ERICSSON = REAL / "fraudsec-sdny-dpa-ericsson-breach-quote.txt"

# A trigger or a promise still strict after the counter-draft (written here, apart from the
# library's anchors): a failure to cooperate or to keep the compliance program with no knowing and
# material qualifier, false information given with no knowledge, a promise on full performance.
STRICT = re.compile(
    r"\b(?:does|did)\s+not\s+(?:cooperate|implement|maintain|put\s+in\s+place)\b|"
    r"(?<!materially\s)\b(?:fails?|failed|fell\s+short)\s+(?:to\s+(?:cooperate|implement|maintain)|of\s+the\s+cooperation)\b|"
    r"(?<!knowingly\s)\b(?:has|have)\s+given\s+false\b|"
    r"\bfully\s+compl(?:y|ies)\b|\bfull\s+performance\b|\bperformance\s+of\s+every\s+obligation\b", re.I)


def _run(path: Path, out: Path, text: str | None = None):
    review, counter, report = write_review(path, out, text)
    return review, counter, report.read_text(encoding="utf-8")


def _body(review, counter: Path) -> list[str]:
    """The accepted counter-draft's paragraphs before the signature block."""
    accepted = resolve(document_xml(counter), accept=True)
    return accepted[:insertion_point(review) + len(accepted) - len(review.letter.paragraphs)]


@pytest.mark.parametrize("path", COMPANY, ids=[p.name for p in COMPANY])
def test_every_company_letter_comes_back_with_one_breach_standard(path, tmp_path):
    """On every company letter the project has: once the changes are accepted no trigger or promise
    stays strict, the breach ask is still one ask, and at most five asks are made."""
    review, counter, _ = _run(path, tmp_path)
    body = _body(review, counter)
    left = [p[max(0, m.start() - 60):m.end() + 40] for p in body for m in STRICT.finditer(p)]
    assert not left, (path.name, left)
    must = [a.type for a in review.asks if a.tier == "must"]
    assert len(must) <= 5 and len(set(must)) == len(must), must


@pytest.mark.parametrize("path, expected", [
    (NPA, "has {+knowingly +}given{+ materially+} false, incomplete or misleading information"),
    (CARDINAL, "(c) [-does not-]{+knowingly and materially fails to+} cooperate as paragraph 3 requires; "
               "(d) [-does not-]{+knowingly and materially fails to+} implement the compliance program"),
    (MERIDIAN, "(3) {+knowingly and materially +}fails to cooperate as Section V requires, or "
               "{+knowingly and materially +}fails to maintain the compliance program in Exhibit C;"),
    (CORVETA, "(c) {+knowingly and materially +}fell short of the cooperation paragraph 5 requires;"),
    (CORVETA, "(d) [-did not-]{+knowingly and materially failed to+} put in place the compliance program"),
    (CORVETA, "(e) {+knowingly +}did anything abroad that would have violated the Foreign Corrupt Practices Act"),
    # the real 2018 AMI NPA restates its triggers where it says what a breach frees for use
    (AMI, "have {+knowingly +}given{+ materially+} false, incomplete, or misleading testimony or information"),
    (AMI, "should AMI otherwise {+knowingly and materially +}violate any provision of this Agreement"),
    # the Department's own form: its false-information trigger already says "deliberately"
    (ERICSSON, "(c) {+knowingly and materially +}fails to cooperate as set forth in [the] Agreement; "
               "(d) {+knowingly and materially +}fails to implement a compliance program"),
    (ERICSSON, "(e) {+knowingly +}commits any act that, had it occurred within the jurisdictional reach of the FCPA"),
    (ERICSSON, "(f) otherwise{+ knowingly and materially+} fails to [-completely -]perform or fulfill "
               "[-each-]{+any+} of the Company’s obligations"),
])
def test_the_specific_triggers_take_the_catch_alls_standard(path, expected, tmp_path):
    review, counter, _ = _run(path, tmp_path)
    lines = marked(counter)
    assert any(expected in line for line in lines), [x for x in lines if "{+" in x]


@pytest.mark.parametrize("path, kept", [
    (CARDINAL, "(b) gives this Office, in connection with this Agreement, information it knows to be false, "
               "incomplete, or misleading;"),
    (MERIDIAN, "information that is deliberately false, incomplete, or misleading;"),
    (CORVETA, "(b) knowingly gave the Fraud Section false, misleading or incomplete information"),
    (AMI, "AMI or its representatives have knowingly given false, incomplete, or misleading testimony"),
    (ERICSSON, "(b) provides in connection with this Agreement deliberately false, incomplete, or misleading"),
])
def test_a_trigger_the_office_already_qualifies_keeps_its_words(path, kept, tmp_path):
    review, counter, _ = _run(path, tmp_path)
    assert any(kept in line for line in marked(counter))


def test_a_letter_that_already_qualifies_its_triggers_is_not_edited_there(tmp_path):
    """Negative control: the D.N.J. NPA with "knowingly and materially" already in (c) and (d): those
    items keep their words, while the catch-all (e) still takes the standard."""
    text = CARDINAL.read_text(encoding="utf-8").replace(
        "(c) does not cooperate", "(c) knowingly and materially fails to cooperate").replace(
        "(d) does not implement", "(d) knowingly and materially fails to implement")
    review, counter, _ = _run(CARDINAL, tmp_path, text)
    lines = marked(counter)
    item = next(x for x in lines if "(c) knowingly and materially fails to cooperate" in x)
    assert "(c) knowingly and materially fails to cooperate as paragraph 3 requires; (d) knowingly and " \
           "materially fails to implement the compliance program" in item
    assert "{+knowingly and materially fails to+} carry out" in item


@pytest.mark.parametrize("path, office, ours, grant", [
    (NPA, "and its performance of every obligation in it",
     "In consideration of the Company's entry into this Agreement, and unless the Company breaches this Agreement "
     "as paragraph 7 defines breach, the Office will not criminally prosecute the Company for any crime related",
     "2."),
    (CARDINAL, "Provided that the Company fully complies",
     "Provided that the Company does not breach this Agreement as paragraph 10 defines breach, this Office will "
     "not bring any criminal case against the Company", "7."),
    (MERIDIAN, "if the Company fully complies with every obligation",
     "if the Company does not breach this Agreement as Section VIII(a) defines breach, it will move the Court",
     "(c) The Government agrees"),
    (MERIDIAN, "In return for the Company's full performance",
     "Unless the Company breaches this Agreement as Section VIII(a) defines breach, the Government will not "
     "bring any further criminal charge", "(a) "),
    (CORVETA, "subject to the Company's full performance of its obligations",
     "The Fraud Section will not bring any criminal case against the Company relating to the conduct described "
     "in Attachment A, or to information the Company disclosed to the Fraud Section before the date of this "
     "Agreement, unless the Company breaches this Agreement as paragraph 10 defines breach.", "4."),
])
def test_the_offices_promise_turns_on_a_breach_as_the_letter_defines_it(path, office, ours, grant, tmp_path):
    """The condition on the Office's side of the bargain is conformed to the breach paragraph, by the
    letter's own reference to it; the grant itself (what is not prosecuted) keeps every word."""
    assert office in " ".join(path.read_text(encoding="utf-8").split())
    review, counter, report = _run(path, tmp_path)
    body = _body(review, counter)
    para = next(p for p in body if ours in p)
    assert para.lstrip().startswith(grant.strip()), para
    assert "For one breach standard, it also makes the Office's promise in" in report


def test_a_promise_in_an_unnumbered_letter_names_no_paragraph(tmp_path):
    """The AMI NPA does not number its paragraphs: the tax promise turns on a breach of the agreement,
    with no made-up paragraph number."""
    review, counter, report = _run(AMI, tmp_path)
    body = " ".join(_body(review, counter))
    assert "Moreover, if AMI does not breach this Agreement, no testimony or other information given by it" in body
    assert "as the agreement defines it" in report


def test_the_checklist_says_it_in_plain_words(tmp_path):
    review, counter, report = _run(CARDINAL, tmp_path)
    point = next(line for line in report[report.index("## Checklist"):].splitlines()
                 if line.startswith("- [ ] **Breach by the Company**"))
    assert "Only a knowing and material failure to cooperate is a breach." in point
    assert "Only a knowing and material failure to implement or maintain the compliance program is a breach." \
        in point
    assert "is lost only by a breach as the agreement defines it, not by any shortfall from full performance" in point
    # the Office's own qualified false-information trigger is not asked about again
    assert "Information counts as a breach only if" not in point


def test_the_breach_standard_is_one_ask_under_the_cap(tmp_path):
    """Every change for one breach standard belongs to the breach ask: no new ask, no place taken
    under the cap of five; the comments and the record of asks give the breach ask for each."""
    review, counter, _ = _run(CARDINAL, tmp_path)
    made = [a for a in review.applied if a["type"] == "breach"]
    paras = {a["paragraph"] for a in made}
    texts = [review.letter.paragraphs[p - 1].text for p in paras]
    assert any("Provided that the Company" in t for t in texts)          # the promise (Paragraph 7)
    assert any("does not cooperate as paragraph 3" in t for t in texts)  # the list of triggers (10(b)-(e))
    assert [a.type for a in review.asks if a.tier == "must"].count("breach") == 1


def _person_letters() -> list[Path]:
    out = [p for p in LETTERS.glob("*.txt") if p.name != "corporate-npa.txt"]
    for folder in ("whole", "whole-b"):
        labels = yaml.safe_load((LETTERS / folder / "labels.yaml").read_text(encoding="utf-8"))["letters"]
        out += [LETTERS / folder / i["file"] for i in labels if i["party"] != "company"]
    return sorted(out)


PERSONS = _person_letters()


@pytest.mark.parametrize("path", PERSONS, ids=[p.name for p in PERSONS])
def test_a_persons_letter_never_gets_the_company_standard(path, tmp_path):
    review = review_letter(path, stance="full")
    assert review.doc.party != "company", path.name
    write_outputs(review, tmp_path, dt.date(2026, 12, 2), force=True)
    counter = tmp_path / f"{path.stem}.counter.docx"
    added = inserted(marked(counter)) if counter.exists() else ""
    for words in ("fails to cooperate", "failed to cooperate", "compliance program", "defines breach",
                  "does not breach", "materially false", "knowingly did"):
        assert words not in added, (path.name, words)
