"""A company's NPA or DPA answered as corporate counsel would: the breach trigger narrowed to a
felony under U.S. federal law, the cooperation duty kept clear of the privilege and subject to the
laws that restrict disclosure, nothing the letter already grants asked for again, and never a term
written for a person (custody, criminal history, family, Rule 35(b), "charged in this case", the
safety valve, an interpreter, a polygraph) in the counter-draft of a company's agreement."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import pytest
import yaml

from drafter.review.counterdraft import write_outputs
from drafter.review.review import review_letter
from test_review import document_xml, resolve

LETTERS = Path(__file__).resolve().parent / "letters"
REAL = Path(__file__).resolve().parent / "recognition" / "dev-real"


def _company_letters() -> list[Path]:
    """Every company letter of the letter sets: the project's own, and the whole sets' (by their
    labels, never by what the tool detects), and real corporate agreements (the 2018 S.D.N.Y. AMI
    NPA, the ADM and Pentax agreements)."""
    out = [LETTERS / "corporate-npa.txt"]
    for folder in ("whole", "whole-b"):
        labels = yaml.safe_load((LETTERS / folder / "labels.yaml").read_text(encoding="utf-8"))["letters"]
        out += [LETTERS / folder / i["file"] for i in labels if i["party"] == "company"]
    out += [REAL / n for n in ("sdny-npa-ami-cooperation-breach-410.txt", "crimdiv-cdil-npa-adm.txt",
                               "dnj-dpa-pentax-opening.txt")]
    return out


COMPANY = _company_letters()

# terms that presume a person (written here independently of the tool's own filter)
PERSON = re.compile(
    r"\bcustody\b|\bcriminal\s+history\b|\bcareer\s+offender\b|\bfamil(?:y|ies)\b|\bRule\s+35\b|\b35\s*\(b\)|"
    r"\bcharged\s+in\s+this\s+case\b|\bsafety[-\s]valve\b|\b3553\s*\(f\)|\binterpreter\b|\bpolygraph\b|"
    r"\bdebrief\w*|\bhis\s+or\s+her\b|\bimprisonment\b|\bincarcerat\w*|\bdetention\b|\bdeport\w*|"
    r"\bimmigra\w*|\bmarital\b|\bspous\w*", re.I)


def _inserted(docx: Path) -> str:
    """Every word the counter-draft inserts (its w:ins runs), new paragraphs included."""
    import zipfile

    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    ins = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, re.S)
    return " ".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", i)) for i in ins)


def _counter(path: Path, tmp_path: Path):
    review = review_letter(path)
    write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
    return review, tmp_path / f"{path.stem}.counter.docx"


def test_the_company_letters_are_all_found():
    assert len(COMPANY) == 7 and all(p.exists() for p in COMPANY)


@pytest.mark.parametrize("path", COMPANY, ids=[p.name for p in COMPANY])
def test_no_term_written_for_a_person_reaches_a_companys_counter_draft(path, tmp_path):
    review, sent = _counter(path, tmp_path)
    assert review.doc.party == "company", path.name
    assert sent.exists(), path.name                         # every one has something to ask
    added = _inserted(sent)
    assert added.strip()
    assert not PERSON.search(added), (path.name, PERSON.search(added).group(), added)
    # and the copy the firm keeps says nothing of a person's terms in its comments' asks either
    assert "Subject Matters" not in added and "defense counsel" not in added.lower()


@pytest.mark.parametrize("path", COMPANY, ids=[p.name for p in COMPANY])
def test_the_counter_draft_rules_hold_on_company_letters(path, tmp_path):
    review, sent = _counter(path, tmp_path)
    root = document_xml(sent)
    original = [p.text for p in review.letter.paragraphs]
    accepted = resolve(root, accept=True)
    assert resolve(root, accept=False) == original          # reject all: the letter word for word
    ow, aw = " ".join(original).split(), " ".join(accepted).split()
    kept = sum(b.size for b in difflib.SequenceMatcher(None, ow, aw, autojunk=False).get_matching_blocks())
    assert kept / len(ow) >= 0.85 and len(aw) / len(ow) <= 1.6, (path.name, kept / len(ow), len(aw) / len(ow))
    assert sum(1 for line in difflib.ndiff(original, accepted) if line.startswith("+ ")) <= 15
    assert not re.search(r"\[[A-Z][A-Z .'-]+\]", " ".join(accepted))
    from drafter.review.counterdraft import insertion_point

    sig = insertion_point(review)
    assert accepted[len(accepted) - (len(original) - sig):] == original[sig:]   # nothing at or after the signature


def _accepted(path: Path, tmp_path: Path) -> tuple[list[str], str]:
    review, sent = _counter(path, tmp_path)
    accepted = resolve(document_xml(sent), accept=True)
    return accepted, _inserted(sent)


def test_any_crime_after_signing_becomes_a_felony_under_federal_law(tmp_path):
    """The project's own NPA: "will commit no crime under the laws of the United States" (¶6) and
    "has committed any crime after signing" (¶7) both become a felony under U.S. federal law; the
    non-prosecution grant ("any crime related to the conduct") is not touched."""
    accepted, added = _accepted(LETTERS / "corporate-npa.txt", tmp_path)
    six = next(p for p in accepted if p.startswith("6."))
    seven = next(p for p in accepted if p.startswith("7."))
    assert "commit no felony under United States federal law during the term" in six
    assert "committed any felony under United States federal law after signing" in seven
    assert "any crime related to the conduct described" in next(p for p in accepted if p.startswith("2."))


def test_the_real_ami_npa_gets_one_trigger_throughout(tmp_path):
    """The 2018 S.D.N.Y. AMI NPA says "any crime" twice: "should AMI commit any crimes subsequent to
    the date of signing" and "has committed any crime after signing"; both are narrowed, the
    grant's "will not criminally prosecute ... for any crimes" and its tax exception are not."""
    review, sent = _counter(REAL / "sdny-npa-ami-cooperation-breach-410.txt", tmp_path)
    accepted = " ".join(resolve(document_xml(sent), accept=True))
    assert "should AMI commit any felony under United States federal law subsequent to" in accepted
    assert "has committed any felony under United States federal law after signing" in accepted
    assert "will not criminally prosecute American Media, Inc. (“AMI”) for any crimes (except" in accepted
    assert review.same_trigger
    report = (tmp_path / "sdny-npa-ami-cooperation-breach-410.review.md").read_text(encoding="utf-8")
    assert "For one trigger throughout" in report


def test_a_letter_that_already_says_felony_keeps_its_words(tmp_path):
    """The Fraud Section NPA and the DPA already make only a felony a breach: nothing is asked."""
    for path in (LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt",
                 LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt",
                 LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt"):
        accepted, added = _accepted(path, tmp_path)
        assert "felony" not in added, path.name


def test_an_admission_that_a_crime_was_committed_is_not_touched(tmp_path):
    """The trigger is narrowed only where the sentence speaks of conduct after signing, during the
    term or of a breach: the Company's admission that its employees committed a crime stays."""
    text = (LETTERS / "corporate-npa.txt").read_text(encoding="utf-8").replace(
        "admits that the facts stated there are true and accurate.",
        "admits that the facts stated there are true and accurate, and that its employees committed a "
        "crime in 2024.")
    letter = tmp_path / "npa-admission.txt"
    letter.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    accepted, added = _accepted(letter, out)
    one = next(p for p in accepted if p.startswith("1."))
    assert "its employees committed a crime in 2024" in one
    assert "committed any felony under United States federal law after signing" in " ".join(accepted)


def test_the_cooperation_duty_keeps_the_privilege_and_the_laws_that_restrict_disclosure(tmp_path):
    """The project's NPA asks for "all information" and documents "wherever located" with no
    carve-out: both sentences go in, after the Office's own sentences, in the letter's terms."""
    accepted, added = _accepted(LETTERS / "corporate-npa.txt", tmp_path)
    three = next(p for p in accepted if p.startswith("3."))
    assert "Nothing in this Agreement requires the Company to disclose communications or materials " \
           "protected by the attorney-client privilege or the work-product doctrine" in three
    assert "subject to applicable law, including data-protection and privacy laws" in three
    assert "the Company will tell the Office in writing what it is withholding" in three
    # the Office's own sentences stay whole and in order
    assert three.index("will cooperate fully with the Office") < three.index("data-protection") \
        < three.index("will truthfully disclose all information") < three.index("attorney-client")


def test_nothing_the_letter_already_grants_is_asked_for_again(tmp_path):
    """The DPA's duty already reaches only non-privileged information, so only the foreign-law
    sentence goes in (before its list of duties); the D.N.J. NPA and the Fraud Section NPA already
    carve out both, so neither sentence goes in."""
    accepted, added = _accepted(LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt", tmp_path)
    assert "data-protection and privacy laws" in added
    assert "attorney-client privilege" not in added
    lead = next(p for p in accepted if "will cooperate fully with the Government" in p)
    assert lead.rstrip().endswith("Among other things, the Company will:")
    for path in (LETTERS / "whole" / "06-dnj-npa-cardinal-rail.txt",
                 LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt"):
        accepted, added = _accepted(path, tmp_path)
        assert "attorney-client privilege" not in added and "data-protection" not in added, path.name


def test_a_persons_letter_gets_no_company_edit_and_keeps_its_own_asks(tmp_path):
    """The company edits never reach a person's letter; in the full stance a person's cooperation
    duty is still answered with the library's whole paragraph (its company-only edits do not count)."""
    for name in ("plea-cooperation.txt", "cooperation-agreement.txt", "short-cooperation.txt"):
        review = review_letter(LETTERS / name, stance="full")
        assert review.doc.party == "individual"
        write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
        added = _inserted(tmp_path / f"{Path(name).stem}.counter.docx")
        assert "felony under United States federal law" not in added, name
        assert "data-protection" not in added and "work-product doctrine, or to waive" not in added, name
        assert [(a["type"], a["whole"]) for a in review.applied if a["type"] == "cooperation-duty"] == [
            ("cooperation-duty", True)], name


def test_a_companys_checklist_asks_what_its_edits_ask_and_no_persons_fallback(tmp_path):
    """The checklist of a company's agreement: the felony trigger and the cooperation carve-outs as
    asked, never a schedule of subjects or counsel at each session (a person's fallback); where the
    letter already gives both carve-outs, it asks for neither."""
    def checklist(path: Path) -> str:
        review = review_letter(path)
        write_outputs(review, tmp_path, dt.date(2026, 12, 1), force=True)
        report = (tmp_path / f"{path.stem}.review.md").read_text(encoding="utf-8")
        return report[report.index("## Checklist"):]

    npa = checklist(LETTERS / "corporate-npa.txt")
    assert "An offense counts as a breach only if it is a felony under United States federal law" in npa
    assert "Keep the attorney-client privilege and work-product protection" in npa
    assert "schedule of subjects" not in npa and "may attend" not in npa
    dpa = checklist(LETTERS / "whole" / "07-sdfla-dpa-meridian-coastal.txt")
    coop = next(line for line in dpa.splitlines() if line.startswith("- [ ] **Cooperation**"))
    assert "data-protection" in coop and "privilege" not in coop        # the DPA already carves it out
    # the Fraud Section NPA already keeps the privilege and the data-protection laws: the clause is
    # acceptable as written and the checklist asks nothing of it
    granted = checklist(LETTERS / "whole-b" / "06-fraudsection-npa-corveta.txt")
    assert not any(line.startswith("- [ ] **Cooperation**") for line in granted.splitlines())
    assert "schedule of subjects" not in granted


@pytest.mark.parametrize("office, ours", [
    ("has committed any federal offense after signing",
     "has committed any felony under United States federal law after signing"),
    ("has violated any federal, state or local law after signing",
     "has committed any felony under United States federal law after signing"),
    ("has engaged in any criminal conduct after signing",
     "has engaged in conduct that is a felony under United States federal law after signing"),
    ("has committed any crimes after signing",
     "has committed any felony under United States federal law after signing"),
])
def test_the_several_ways_an_office_words_the_trigger(office, ours, tmp_path):
    """The breach trigger as Offices word it: "any federal offense", "any federal, state or local
    law" violated, "any criminal conduct", "any crimes"; each becomes the felony in the letter's verb."""
    text = (LETTERS / "corporate-npa.txt").read_text(encoding="utf-8")
    assert "has committed any crime after signing" in text
    letter = tmp_path / "npa-trigger.txt"
    letter.write_text(text.replace("has committed any crime after signing", office), encoding="utf-8")
    accepted, added = _accepted(letter, tmp_path / "out")
    seven = next(p for p in accepted if p.startswith("7."))
    assert ours in seven, seven
