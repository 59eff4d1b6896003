"""The review report read by an attorney (cold read of issue 13): the letter's own paragraph
numbers, the same content in Word as in Markdown, plain words, where Second Circuit cases
bind, and nothing written for an individual cooperator in a company's agreement."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from drafter.docx.letters import make_paragraphs, parse_letter
from drafter.review.dockind import DocumentKind, cite_fits, verify_fits, wording_fits
from drafter.review.places import letter_district, numbered_paragraphs, paragraph_label, paragraph_ref
from drafter.review.report import blocks, checklist_entries, report_docx, report_markdown
from drafter.review.review import NARROW, review_letter, review_parsed

LETTERS = Path(__file__).parent / "letters"
REAL = Path(__file__).parent / "recognition" / "dev-real"
DATE = dt.date(2026, 12, 1)

SDNY_PROFFER = "\n\n".join([
    'U.S. Department of Justice',
    'United States Attorney\nSouthern District of New York',
    "The Silvio J. Mollo Building\nOne Saint Andrew's Plaza\nNew York, New York 10007",
    'May 4, 2026',
    'PROFFER AGREEMENT',
    ('With respect to the meeting of Jane Roe ("Client") and her attorney, John Doe, Esq., with Assistant '
     'United States Attorneys of this Office to be held on May 11, 2026 ("the meeting"), the following '
     'understandings exist:'),
    ('(1) THIS IS NOT A COOPERATION AGREEMENT. The Client has agreed to provide the Government with '
     "information, and to respond to questions, so that the Government may evaluate Client's information "
     "and responses in making prosecutive decisions. By receiving Client's proffer, the Government does "
     "not agree to make a motion on the Client's behalf or to enter into a cooperation agreement, plea "
     'agreement, immunity or non-prosecution agreement.'),
    ('(2) In any prosecution brought against Client by this Office, except as provided below, the '
     'Government will not offer in evidence on its case-in-chief, or in connection with any sentencing '
     'proceeding for the purpose of determining an appropriate sentence, any statements made by Client at '
     'the meeting, except (a) in a prosecution for false statements, obstruction of justice or perjury '
     'with respect to any acts committed or statements made during or after the meeting or testimony given'
     ' after the meeting; or (b) if, at any time following the meeting, Client becomes a fugitive from '
     'justice.'),
    ('(3) Notwithstanding item (2) above: (a) the Government may use information derived directly or '
     'indirectly from the meeting for the purpose of obtaining leads to other evidence, which evidence may'
     ' be used in any prosecution of Client by the Government; (b) in any prosecution brought against '
     'Client, the Government may use statements made by Client at the meeting and all evidence obtained '
     'directly or indirectly therefrom for the purpose of cross-examination should Client testify; and (c)'
     ' the Government may also use statements made by Client at the meeting to rebut any evidence or '
     'arguments offered by or on behalf of Client (including arguments made or issues raised sua sponte by'
     ' the District Court) at any stage of the criminal prosecution (including bail, all phases of trial, '
     'and sentencing) in any prosecution brought against Client.'),
    ('(4) The Client understands and agrees that in the event the Client seeks a downward departure, the '
     'Government may use any statement made by Client during the meeting to rebut any argument Client '
     'makes.'),
    ('(5) To the extent that the Government is entitled under this Agreement to offer in evidence any '
     'statements made by Client or leads obtained therefrom, Client shall assert no claim under the United'
     ' States Constitution, any statute, Rule 410 of the Federal Rules of Evidence, or any other federal '
     'rule that such statements or any leads therefrom should be suppressed.'),
    'Very truly yours,',
    'United States Attorney\n',
])


def letter_of(text: str, name: str = "letter.txt"):
    return parse_letter(text.encode("utf-8"), name)


def review_text(text: str, name: str = "letter.txt"):
    return review_letter(letter_of(text, name))


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in d.paragraphs)


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md).replace("&amp;", "&")


@pytest.fixture(scope="module")
def sdny():
    return review_text(SDNY_PROFFER, "sdny-proffer.txt")


@pytest.fixture(scope="module")
def npa():
    return review_letter(LETTERS / "corporate-npa.txt")


# --- 1. the letter's own paragraph numbers ----------------------------------------------------------

def test_the_report_names_paragraphs_as_the_letter_numbers_them(sdny, npa):
    md = report_markdown(sdny, DATE)
    assert "— Paragraph \\(3\\)" in md and "— Paragraph \\(2\\)" in md
    wheres = {b.where for b in blocks(sdny)}
    assert wheres <= {"Paragraph (1)", "Paragraph (2)", "Paragraph (3)", "Paragraph (4)", "Paragraph (5)",
                      "Not in the letter"}, wheres
    # the corporate NPA numbers its paragraphs 1 to 11 under a letterhead: never our line index
    npa_where = {b.title: b.where for b in blocks(npa)}
    assert npa_where["Scope of this Agreement"] == "Paragraph 10"
    assert all(not re.search(r"Paragraph (1[2-9]|[2-9]\d)\b", w) for w in npa_where.values()), npa_where
    # the JSON keeps our index (shared/spec/json-outputs.md)
    clause = next(c for c in npa.to_json()["clauses"] if c["type"] == "binding-scope")
    assert clause["paragraph"] == 23 and isinstance(clause["paragraph"], int)


def test_the_heading_counts_only_the_letters_numbered_paragraphs(sdny, npa):
    md = report_markdown(npa, DATE)
    assert "paragraphs run from 1 to 11" in md
    assert "37 paragraphs" not in md and f"{len(npa.letter.paragraphs)} paragraphs" not in md
    assert "numbered paragraphs run from \\(1\\) to \\(5\\)" in report_markdown(sdny, DATE)
    # an unnumbered letter says nothing about numbering
    assert numbered_paragraphs(letter_of("Dear Counsel:\n\nThe Office will meet your client.\n\n"
                                         "Very truly yours,\n")) is None


def test_a_paragraph_without_a_label_is_named_by_its_heading_or_its_first_words():
    letter = letter_of("Dear Counsel:\n\nDetermination of Breach. The Office will decide.\n\n"
                       "SCOPE\n\nThis agreement binds only this Office.\n\n"
                       "The Office may share the statements with other authorities at any time.\n")
    refs = [paragraph_ref(letter, n) for n in range(1, len(letter.paragraphs) + 1)]
    assert refs[1] == "the paragraph headed “Determination of Breach”"
    assert refs[3] == "the paragraph under the heading “SCOPE”"
    assert refs[4] == "the paragraph beginning “The Office may share the statements …”"
    assert not any(re.search(r"Paragraph \d", r) for r in refs)


def test_items_take_their_paragraphs_number():
    review = SimpleNamespace(letter=SimpleNamespace(paragraphs=make_paragraphs(
        ["(3) Notwithstanding item (2) above:", "(a) the Office may use leads;", "(b) and impeachment.",
         "(4) Other terms."])))
    assert [paragraph_ref(review.letter, n) for n in (1, 2, 3, 4)] == [
        "Paragraph (3)", "Paragraph (3)(a)", "Paragraph (3)(b)", "Paragraph (4)"]
    assert paragraph_label(review, 2) == "(3)(a)"


# --- 2. the Word report carries what the Markdown carries -----------------------------------------------

@pytest.mark.parametrize("which", ["sdny", "npa"])
def test_the_word_report_has_every_flag_fallback_and_status(which, request):
    review = request.getfixturevalue(which)
    md = unescape(report_markdown(review, DATE))
    text = docx_text(report_docx(review, DATE))
    for word in ("[VERIFY]", "Fallback:", "Cites:", "Counter-draft:", "Risk:", "Ask:"):
        assert text.count(word) == md.count(word), word
    assert md.count("[VERIFY]") > 0
    # a company's report drops the fallbacks written for a person's asks; a person's keeps them
    assert md.count("Fallback:") > 0 if which == "sdny" else "proffers" not in md
    for e in checklist_entries(review):
        assert f"({e.status})" in text
        for label, line in e.lines:
            assert line in text, (label, line)
    for b in blocks(review):
        for _, line in b.lines:
            assert line in text


# --- 3. plain words ---------------------------------------------------------------------------------------

def test_no_bare_risk_no_variant_titles_no_pointer_to_a_change_not_made(npa, sdny):
    for review in (npa, sdny):
        md = unescape(report_markdown(review, DATE))
        assert not re.search(r"Risk:\*\* (High|Moderate|Low) risk\.\s*$", md, re.M)
        assert "(Logged)" not in md and "Direct Contradiction)" not in md and "Fallback: Fallback" not in md
        changed_titles = {review.title(a["type"]) for a in review.applied}
        for b in blocks(review):
            for label, line in b.lines:
                if "see the counter-draft and its comment" in line:
                    assert b.title in changed_titles, (b.title, label)
        for e in checklist_entries(review):
            assert "see the counter-draft" not in e.point or e.status.startswith(("changed", "added"))
        assert "changes made" not in md and "left to negotiate" not in md


def test_asks_are_asks_not_descriptions(npa):
    for b in blocks(npa):
        for label, line in b.lines:
            if label == "Ask":
                assert not re.match(r"(Confirms|Limits|Replaces|Adds|Extends|Keeps)\b", line), line
                assert " and allows " not in line


def test_a_risk_without_its_note_still_gives_a_reason_or_points_to_the_clause(npa):
    risks = [line for b in blocks(npa) for label, line in b.lines if label == "Risk"]
    assert risks and all(len(r.split()) > 3 for r in risks), risks
    # the breach note keeps what fits a company and drops what does not ("the plea stands")
    breach = next(b for b in blocks(npa) if b.title.startswith("Breach"))
    risk = dict(breach.lines)["Risk"]
    assert risk.startswith("High risk. Any shortfall") and "plea" not in risk


def test_the_narrow_fallback_only_points_to_a_change_that_was_made(npa):
    made = {a["type"] for a in npa.applied}
    for f in npa.found:
        e = npa.entry(f)
        if e["ask"] == NARROW and f.type not in made:
            b = next(b for b in blocks(npa) if b.title == npa.title(f.type))
            # the library's words do not fit: no content-free "narrow this clause" ask at all (the
            # type's own ask for a company is one with content)
            assert "Ask" not in dict(b.lines) or dict(b.lines)["Ask"] == npa.in_terms(
                npa.library.types[f.type].company_ask), b.lines


# --- 4. where Second Circuit cases bind -------------------------------------------------------------------

@pytest.mark.parametrize("head,district", [
    ("United States Attorney\nSouthern District of New York", "S.D.N.Y."),
    ("UNITED STATES ATTORNEY\nEASTERN DISTRICT OF NEW YORK", "E.D.N.Y."),
    ("Re: United States v. Roe, 26 Cr. 12 (S.D.N.Y.)", "S.D.N.Y."),
    ("Re: United States v. Roe (SDNY)", "S.D.N.Y."),
    ("United States Attorney\nDistrict of Connecticut", "D. Conn."),
    ("United States Attorney\nDistrict of Vermont", "D. Vt."),
    ("United States Attorney\nNorthern District of New York", "N.D.N.Y."),
    ("United States Attorney\nWestern District of New York", "W.D.N.Y."),
    ("United States Attorney\nSouthern District of Florida", "S.D. Fla."),
])
def test_the_letter_names_its_district(head, district):
    body = ("\n\nThis letter sets out the terms on which this Office will meet with your client and with "
            "you on the date below.\n")
    assert letter_district(letter_of(head + body)) == district


def test_a_district_only_mentioned_is_not_the_letters():
    text = ("PROFFER AGREEMENT\n\nWith respect to the meeting of Jane Roe (\"Client\") with the Deputy Attorney "
            "General to be held at the Office of the United States Attorney for the Northern District of Florida "
            "on July 24, 2025 (\"the meeting\"), the following understandings exist:\n")
    assert letter_district(letter_of(text)) is None
    party = ("On the understandings set out below, the United States Attorney's Office for the District of "
             "New Jersey (the \"Office\") and Acme Corp. (the \"Company\") enter into this agreement, which "
             "the parties have negotiated at length.\n")
    assert letter_district(letter_of(party)) == "D.N.J."


def test_second_circuit_cases_bind_on_an_sdny_letter(sdny):
    assert sdny.district == "S.D.N.Y."
    md = unescape(report_markdown(sdny, DATE))
    rebuttal = next(b for b in blocks(sdny) if b.title == "Rebuttal Use")
    note = dict(rebuttal.lines)["Circuit"]
    assert note.startswith("S.D.N.Y. is in the Second Circuit") and "bind there" in note
    assert "persuasive only" not in md and "outside that circuit" not in md


def test_outside_the_circuit_and_unknown(sdny):
    fla = review_text(SDNY_PROFFER.replace("Southern District of New York", "Southern District of Florida"))
    note = dict(next(b for b in blocks(fla) if b.title == "Rebuttal Use").lines)["Circuit"]
    assert note.startswith("S.D. Fla. is outside the Second Circuit") and "do not bind" in note
    bare = review_text(SDNY_PROFFER.replace("Southern District of New York", "").replace(
        "The Silvio J. Mollo Building", ""))
    assert bare.district is None
    note = dict(next(b for b in blocks(bare) if b.title == "Rebuttal Use").lines)["Circuit"]
    assert "does not name its district" in note and "Connecticut, New York and Vermont" in note


def test_the_matters_district_comes_first():
    from drafter.law.plan import plan_for_path

    plan = plan_for_path(Path(__file__).parents[1] / "matters" / "demo.yaml")
    review = review_parsed(letter_of(SDNY_PROFFER), plan.library, plan, plan.workspace)
    assert review.district == plan.context["matter"]["case"]["district"] == "S.D. Fla."


# --- 5. nothing written for an individual cooperator in a company's agreement ---------------------------

COMPANY_NPA = DocumentKind("npa", "company", False)
PERSON_PROFFER = DocumentKind("proffer", "individual", False)
PERSON_PLEA = DocumentKind("plea-cooperation", "individual", True)


@pytest.mark.parametrize("words", [
    "The client can cooperate fully and receive no motion.",
    "review limited to the narrow grounds Wade allows",
    "carve out attorney-client, work-product and marital privileges",
    "every debriefing can expand the client's exposure",
    "removal or an immigration detainer can look like absence",
    "conduct the agents themselves encouraged during proactive work",
    "after the motion is lost",
])
def test_individual_words_do_not_fit_a_company_npa_but_do_fit_a_person(words):
    assert not wording_fits(words, COMPANY_NPA)
    assert wording_fits(words, PERSON_PROFFER) and wording_fits(words, PERSON_PLEA)


@pytest.mark.parametrize("cite", ["Wade v. United States, 504 U.S. 181 (1992)",
                                  "United States v. Knights, 968 F.2d 1483 (2d Cir. 1992)",
                                  "USSG § 5K1.2"])
def test_motion_cases_are_not_cited_for_an_npa_but_are_for_a_plea(cite):
    assert not cite_fits(cite, COMPANY_NPA)
    assert cite_fits(cite, PERSON_PLEA) and cite_fits(cite, PERSON_PROFFER)
    assert cite_fits("Santobello v. New York, 404 U.S. 257 (1971)", COMPANY_NPA)
    assert cite_fits("Fed. R. Evid. 410", COMPANY_NPA)      # corporate NPAs and DPAs waive it too


def test_verify_flags_follow_the_cites():
    assert not verify_fits("Wade: exact phrasing of the rational-relation limit, 504 U.S. at 185-86", COMPANY_NPA)
    assert verify_fits("Wade: exact phrasing of the rational-relation limit, 504 U.S. at 185-86", PERSON_PLEA)
    assert verify_fits("Santobello: holding summarized from secondary sources", COMPANY_NPA)


LEAKS = re.compile(r"\b(?:the motion|no motion|debrief\w*|marital|immigration|removal|Wade|Knights|"
                   r"proactive|fugitive|5K1\.\d|1B1\.8)\b", re.I)


@pytest.mark.parametrize("path", [LETTERS / "corporate-npa.txt", REAL / "taxdiv-swiss-bank-npa-scobag.txt"])
def test_a_company_npa_report_has_no_individual_cooperator_text(path):
    review = review_letter(path)
    assert review.doc.company and review.doc.kind == "npa"
    md = unescape(report_markdown(review, DATE))
    body = md.split("## Clauses", 1)[1]
    quoted = {b.found for b in blocks(review)}
    text = "\n".join(line for line in body.splitlines()
                     if not line.startswith(">") and not any(q and q in line for q in quoted))
    assert not LEAKS.search(text), LEAKS.search(text)


def test_an_individual_letter_keeps_its_motion_and_flight_reasoning():
    review = review_letter(LETTERS / "plea-cooperation.txt")
    md = unescape(report_markdown(review, DATE))
    assert re.search(r"\bmotion\b", md) and ("Wade" in md or "5K1.1" in md)
