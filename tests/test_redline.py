"""The counter-draft as counsel would send it: a few surgical changes to the Office's own letter.

Each rule of issue 13 on the project's own letters: the Office's words kept, the length, the
number of paragraphs changed, nothing in the signature block, no placeholder for a fact the
letter states, reject-all gives the letter back, at most five ``must`` changes unless the
stance is ``full``, and terms that fit the party and the kind of document.
"""

from __future__ import annotations

import difflib
import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.review.dockind import INDIVIDUAL_WORDS, detect, wording_fits
from drafter.review.review import review_letter
from test_review import LETTERS, SOFFICE, document_xml, resolve, soffice_convert

PROFFERS = ["modern-proffer.txt", "older-proffer.txt", "district-proffer.txt", "edny-proffer.txt",
            "fraud-section-proffer.txt", "noisy-scan.txt"]
ALL = PROFFERS + ["plea-cooperation.txt", "rule11-plea.txt", "cooperation-agreement.txt",
                  "plea-sealed-supplement.txt", "short-cooperation.txt", "corporate-npa.txt"]


def measure(original: list[str], accepted: list[str]) -> tuple[float, float]:
    """Share of the Office's words kept in order, and the length ratio (in words)."""
    ow, aw = " ".join(original).split(), " ".join(accepted).split()
    sm = difflib.SequenceMatcher(None, ow, aw, autojunk=False)
    kept = sum(b.size for b in sm.get_matching_blocks())
    return kept / len(ow), len(aw) / len(ow)


def counter(firm, name, matter=None, stance=None):
    letter = firm / name
    if not letter.exists():
        shutil.copy(LETTERS / name, letter)
    review = review_letter(letter, matter, stance=stance)
    import datetime as dt

    from drafter.review.counterdraft import write_outputs

    written = write_outputs(review, firm / "out", dt.date(2026, 11, 27), force=True)
    root = document_xml(firm / "out" / f"{letter.stem}.counter.docx")
    return review, written, root


@pytest.mark.parametrize("name", ALL)
def test_few_surgical_changes_and_the_letter_kept(firm, name):
    review, written, root = counter(firm, name)
    original = [p.text for p in review.letter.paragraphs]
    accepted = resolve(root, accept=True)
    assert resolve(root, accept=False) == original                   # reject all: word for word
    kept, ratio = measure(original, accepted)
    assert kept >= 0.85, (name, kept)
    if name in PROFFERS:
        assert ratio <= 1.6, (name, ratio)
    musts = [a for a in review.asks if a.tier == "must"]
    assert len(musts) <= 5
    assert written.changes + written.insertions <= 15
    # no new bracketed placeholder: every [..] in the draft was already in the letter
    assert set(re.findall(r"\[[A-Z][A-Z .'-]+\]", "\n".join(accepted))) <= set(
        re.findall(r"\[[A-Z][A-Z .'-]+\]", "\n".join(original)))
    # nothing at or after the signature block changes
    from drafter.review.counterdraft import insertion_point

    closing = insertion_point(review)
    assert accepted[len(accepted) - (len(original) - closing):] == original[closing:]


@pytest.mark.parametrize("name", PROFFERS)
def test_the_numbering_reads_as_one_agreement(firm, name):
    review, written, root = counter(firm, name)
    accepted = resolve(root, accept=True)
    labels = [m.group(1) for t in accepted for m in [re.match(r"^\s*(\d{1,2})\.\s", t)] if m]
    assert [int(x) for x in labels] == sorted(int(x) for x in labels)
    assert len(labels) == len(set(labels))                           # no number used twice


def test_the_office_words_survive_around_each_change(firm):
    review, written, root = counter(firm, "modern-proffer.txt")
    accepted = "\n".join(resolve(root, accept=True))
    # the Office's own sentences around the edits stay
    assert "the Office may use that statement to cross-examine Client" in accepted
    assert "Notwithstanding paragraph 3:" in accepted
    assert "testimony given by Client at trial that contradicts those statements" in accepted
    assert "sua sponte" not in accepted and "at a detention hearing" not in accepted
    # the stated facts are never replaced with placeholders
    assert "March 10, 2026" in accepted and "[PROFFER DATE]" not in accepted and "[OFFICE]" not in accepted


def test_trade_asks_go_to_the_checklist_not_the_draft(firm):
    review, written, root = counter(firm, "modern-proffer.txt")
    musts = {a.type for a in review.asks if a.tier == "must"}
    trades = {a.type for a in review.asks if a.tier == "trade"}
    assert musts and trades and not musts & trades
    changed = {a["type"] for a in review.applied}
    assert changed <= musts
    tiers = {i.type: i.tier for i in review.checklist}
    assert any(t == "trade" for t in tiers.values())
    assert all(tiers[t] == "must" for t in changed if t in tiers)


def test_full_stance_changes_more(firm):
    targeted, _, _ = counter(firm, "modern-proffer.txt")
    full, _, _ = counter(firm, "modern-proffer.txt", stance="full")
    assert sum(a.tier == "must" for a in full.asks) > sum(a.tier == "must" for a in targeted.asks) >= 4
    assert sum(a.tier == "must" for a in targeted.asks) <= 5
    # without a matter, the bar on derivative use (close to use immunity) is a point to raise
    assert next(a for a in targeted.asks if a.type == "derivative-use").tier == "trade"
    assert next(a for a in full.asks if a.type == "derivative-use").tier == "must"


def test_applied_asks_hook_records_our_wording_and_the_original(firm):
    review, written, root = counter(firm, "modern-proffer.txt")
    rebuttal = next(a for a in review.applied if a["type"] == "rebuttal-use")
    assert rebuttal["paragraph"] == 21 and "evidence or arguments" in rebuttal["original"]
    assert "evidence or arguments" not in rebuttal["ours"] and rebuttal["variant"] == "impeachment-only"


def test_the_signature_block_is_never_touched(firm, tmp_path):
    text = (LETTERS / "modern-proffer.txt").read_text(encoding="utf-8")
    text = text.replace("APPROVED:", "Interpreter:\n\n______________________\n\nAPPROVED:")
    (firm / "interp-proffer.txt").write_text(text, encoding="utf-8")
    review = review_letter(firm / "interp-proffer.txt")
    import datetime as dt

    from drafter.review.counterdraft import insertion_point, write_outputs

    write_outputs(review, firm / "out", dt.date(2026, 11, 27))
    root = document_xml(firm / "out" / "interp-proffer.counter.docx")
    original = [p.text for p in review.letter.paragraphs]
    accepted = resolve(root, accept=True)
    closing = insertion_point(review)
    assert accepted[len(accepted) - (len(original) - closing):] == original[closing:]
    assert "[LANGUAGE]" not in "\n".join(accepted)


def test_corporate_npa_keeps_the_grant_and_has_no_individual_terms(firm):
    review, written, root = counter(firm, "corporate-npa.txt")
    assert (review.doc.kind, review.doc.party) == ("npa", "company")
    data = review.to_json()
    assert data["kind"] in ("proffer", "cooperation", "plea-cooperation")   # the contract's values
    assert data["document_kind"] == "npa" and data["party"] == "company"
    accepted = "\n".join(resolve(root, accept=True))
    assert "the Office will not criminally prosecute the Company for any crime related to the conduct" in accepted
    ours = " ".join(a["ours"] for a in review.applied)
    assert not INDIVIDUAL_WORDS.search(ours)
    assert "charged in this case" not in accepted and "Rule 35" not in accepted
    assert not {a.type for a in review.asks} & {"rule-35b", "safety-protection", "below-minimum-motion",
                                                 "safety-valve-use", "dismissal", "interpreter"}


@pytest.mark.parametrize("text,kind,party", [
    ("This letter sets out the terms of the proffer session with your client. THIS IS NOT A COOPERATION "
     "AGREEMENT, a plea agreement or a non-prosecution agreement.", "proffer", "individual"),
    ("The United States will not make direct or indirect use of the statements you make in response to our "
     "inquiries to prosecute you. This informal immunity letter covers only the interview.", "immunity",
     "individual"),
    ('Acme Widgets, Inc. (the "Company") and the Fraud Section enter into this deferred prosecution agreement. '
     "The Company agrees that the Information will be filed and that prosecution will be deferred. The Company "
     "will cooperate. The Company's board of directors approved this deferred prosecution agreement.", "dpa",
     "company"),
])
def test_document_kind_and_party(text, kind, party):
    base = "proffer" if kind in ("proffer", "immunity") else "cooperation"
    dk = detect(text, base)
    assert (dk.kind, dk.party) == (kind, party)


def test_matter_for_another_client_is_a_warning(make_matter, tmp_path):
    text = (LETTERS / "modern-proffer.txt").read_text(encoding="utf-8").replace("[CLIENT NAME]", "Morgan Pike")
    (tmp_path / "pike.txt").write_text(text, encoding="utf-8")
    review = review_letter(tmp_path / "pike.txt", make_matter())
    assert any("Morgan Pike" in w for w in review.warnings)
    result = CliRunner().invoke(main, ["review", str(tmp_path / "pike.txt"), "--matter", str(make_matter())])
    assert "Warning:" in result.output


@pytest.mark.office
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_keeps_comments_and_revisions(firm, tmp_path):
    review, written, root = counter(firm, "corporate-npa.txt")
    converted = soffice_convert(firm / "out" / "corporate-npa.counter.review.docx", "docx", tmp_path)
    z = zipfile.ZipFile(converted)
    body = z.read("word/document.xml").decode("utf-8")
    assert body.count("<w:ins ") >= written.changes and "Alex Counsel" in body
    assert "word/comments.xml" in z.namelist()
    assert z.read("word/comments.xml").decode("utf-8").count("<w:comment ") == written.changes + written.insertions


# --- packet --base -----------------------------------------------------------------------------------

def test_packet_on_the_offices_own_form(tmp_path):
    from docx import Document

    letter = tmp_path / "office.txt"
    letter.write_text((LETTERS / "modern-proffer.txt").read_text(encoding="utf-8")
                      .replace("[CLIENT NAME]", "Morgan Pike"), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(LETTERS.parent.parent / "matters" / "demo.yaml"),
                                                  "-o", str(out), "--draft-date", "2026-11-27",
                                                  "--base", str(letter)])
    assert r.exit_code == 0, r.output
    assert "Morgan Pike" in r.stderr and "Warning" in r.stderr            # not the matter's client
    clean = zipfile.ZipFile(out / "proffer-agreement.docx")
    body = clean.read("word/document.xml").decode("utf-8")
    assert "<w:ins " not in body and "<w:del " not in body and "commentReference" not in body
    assert "word/comments.xml" not in clean.namelist()
    review_copy = document_xml(out / "proffer-agreement.review.docx")
    accepted = resolve(review_copy, accept=True)
    assert [p.text for p in Document(out / "proffer-agreement.docx").paragraphs if p.text.strip()] == accepted
    assert "March 10, 2026" in "\n".join(accepted)                      # the Office's facts stay
    # the cover letter names exactly the changes the redline makes
    cover = [p.text for p in Document(out / "cover-letter.docx").paragraphs]
    named = [t for t in cover if "(¶ " in t]
    comments = zipfile.ZipFile(out / "proffer-agreement.review.docx").read("word/comments.xml").decode("utf-8")
    assert len(named) == comments.count("<w:comment ") >= 3
    assert not any("other paragraph" in t for t in cover)
    assert any(t.startswith("Rebuttal") for t in named)            # the matter's must asks, not others
    # built on the Office's own letter, the cover letter says so (not "standard proffer terms")
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    assert any(f"the Office's own form with our changes marked; it keeps the Office's wording except in "
               f"{words[len(named)]} paragraph" in t.replace("’", "'") for t in cover)
    assert not any("standard proffer terms" in t for t in cover)


def test_packet_on_the_offices_word_letter_leaves_its_metadata_out_of_the_clean_copy(tmp_path):
    """The clean copy of a redlined Office letter goes through the same allow-list as every other
    clean copy: none of the letter's own package metadata reaches the prosecutor."""
    import io

    from docx import Document

    doc = Document()
    for line in (LETTERS / "modern-proffer.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc.add_paragraph(line.replace("[CLIENT NAME]", "Marco A. Rivera"))
    buf = io.BytesIO()
    doc.save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    parts = {n: z.read(n) for n in z.namelist()}
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    body = parts["word/document.xml"].decode("utf-8")
    body = body.replace("<w:body>", '<w:body><w:p w:rsidR="00AB12CD"><w:r><w:rPr><w:vanish/></w:rPr>'
                        "<w:t>HIDDEN-OFFICE-NOTE</w:t></w:r></w:p>", 1)
    parts["word/document.xml"] = body.encode("utf-8")
    parts["customXml/item1.xml"] = b'<?xml version="1.0"?><dms><matter>USAO-DMS-99817</matter></dms>'
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8").replace(
        "</Relationships>", f'<Relationship Id="rIdX" Type="{R}/customXml" Target="../customXml/item1.xml"/>'
                            "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    settings = parts["word/settings.xml"].decode("utf-8")
    settings = settings.replace("<w:zoom ", '<w:docVars><w:docVar w:name="DMS" w:val="SECRETDOCVAR"/>'
                                "</w:docVars><w:zoom ", 1)
    parts["word/settings.xml"] = settings.encode("utf-8")
    letter = tmp_path / "office.docx"
    with zipfile.ZipFile(letter, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, b in parts.items():
            dst.writestr(n, b)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(LETTERS.parent.parent / "matters" / "demo.yaml"),
                                  "-o", str(out), "--draft-date", "2026-11-27", "--base", str(letter)])
    assert r.exit_code == 0, r.output
    clean = zipfile.ZipFile(out / "proffer-agreement.docx")
    blob = b"".join(clean.read(n) for n in clean.namelist())
    for secret in (b"USAO-DMS-99817", b"SECRETDOCVAR", b"HIDDEN-OFFICE-NOTE", b"w:rsid", b"<w:ins ",
                   b"<w:del ", b"commentReference"):
        assert secret not in blob, secret
    assert not [n for n in clean.namelist() if n.startswith("customXml") or n == "word/comments.xml"]
    assert "Marco A. Rivera" in "\n".join(p.text for p in Document(out / "proffer-agreement.docx").paragraphs)


def test_a_docx_letter_keeps_the_offices_own_comments_beside_ours(firm):
    """The counter-draft's comments are added to the ones the Office's .docx already has, with
    ids of their own (one comment writer for every document, docx/comments.py)."""
    import io

    from docx import Document

    doc = Document()
    for text in (LETTERS / "modern-proffer.txt").read_text(encoding="utf-8").split("\n\n"):
        doc.add_paragraph(" ".join(text.split()))
    first = doc.paragraphs[0]
    doc.add_comment(first.runs, text="Office note: check with the AUSA", author="Office", initials="OF")
    doc.save(firm / "office.docx")
    review, written, root = counter(firm, "office.docx")
    out = Document(io.BytesIO((firm / "out" / "office.counter.review.docx").read_bytes()))
    comments = list(out.comments)
    ids = [c.comment_id for c in comments]
    assert len(ids) == len(set(ids)) == 1 + written.changes + written.insertions
    assert comments[0].text == "Office note: check with the AUSA" and comments[0].author == "Office"
    assert all(c.author == review.attorney for c in comments[1:])
    body = zipfile.ZipFile(firm / "out" / "office.counter.review.docx").read("word/document.xml").decode()
    anchored = set(re.findall(r'<w:commentReference w:id="(\d+)"', body))
    assert anchored == {str(i) for i in ids}
    # the copy to send carries no comment at all, the Office's own included
    sent = Document(io.BytesIO((firm / "out" / "office.counter.docx").read_bytes()))
    assert not list(sent.comments)


SHORT_NAMES_NPA = """\
Re: Helvetia Privatbank AG

Dear Counsel:

1. This letter sets out the non-prosecution agreement between the United States Attorney's Office
for the District of Vermont ("USAO-VT") and Helvetia Privatbank AG ("HELVETIA").

2. On the understandings below, USAO-VT will not prosecute HELVETIA for any offense arising from
the accounts it held for United States customers between 2008 and 2014.

3. HELVETIA will cooperate fully with USAO-VT and will produce the records USAO-VT requests.

4. Any violation by HELVETIA of its obligations under this agreement will constitute a breach, and
USAO-VT may then prosecute HELVETIA for any offense of which USAO-VT has knowledge.
"""


def test_a_company_npa_is_redlined_in_the_names_it_defines(firm):
    """A letter that names the bank and the Office by the short names it defines gets our wording in
    those names, never in an individual's ("the Defendant", "the Client") or a name it does not use."""
    (firm / "helvetia-npa.txt").write_text(SHORT_NAMES_NPA, encoding="utf-8")
    review, written, root = counter(firm, "helvetia-npa.txt")
    assert review.doc.party == "company"
    ours = " ".join(a["ours"] for a in review.applied)
    assert review.applied and "HELVETIA" in ours
    assert not re.search(r"\b[Tt]he (?:Defendant|Client|Government|Office)\b", ours), ours
    assert not INDIVIDUAL_WORDS.search(ours)
    # the report's risk notes too: no plea that stands, no client's sentence, in a bank's NPA
    notes = [review.entry(f)["risk_note"] for f in review.found]
    assert notes and all(wording_fits(n, review.doc) for n in notes), notes
