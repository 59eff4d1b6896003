"""The counter-draft's changes sit where a lawyer would put them and say why.

After the cold reads of issue 13: the notice of a claimed breach goes right after the definition of
breach (not after its consequences); a "not subject to review" later in the paragraph of a good-faith change
is changed too, so the paragraph does not contradict itself; two asks that add a sentence at the
same place both land (neither is silently dropped while its comment claims it); the comment on
each change gives the reason of each edit made; a company's agreement gets reasons written for a
company; the redline is in the letter's own "this agreement"; and without a firm profile the
revisions carry no invented attorney's name.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from drafter.review.redline import sentence_end
from test_redline import counter
from test_review import resolve

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def comments(path) -> list[str]:
    z = zipfile.ZipFile(path)
    root = etree.fromstring(z.read("word/comments.xml"))
    return ["\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
            for c in root.iter(W + "comment")]


def paragraph(paras: list[str], start: str) -> str:
    return next(p for p in paras if p.startswith(start))


def test_sentence_end_skips_abbreviations_and_section_numbers():
    t = "The defendant will have breached this agreement. Whether under 18 U.S.C. § 3553(e) is open."
    assert t[:sentence_end(t, t.index("breached"))].endswith("this agreement.")
    assert sentence_end(t, t.index("Whether")) == len(t)
    t = "He relies on Fed. R. Crim. P. 11(f). Then more."
    assert t[:sentence_end(t, 0)] == "He relies on Fed. R. Crim. P. 11(f)."


def test_cure_follows_the_definition_of_breach_and_the_paragraph_does_not_contradict_itself(firm):
    review, written, root = counter(firm, "plea-cooperation.txt")
    accepted = resolve(root, accept=True)
    breach = paragraph(accepted, "10. Breach.")
    definition = breach.index("will have breached this agreement.")
    # a person's agreement: notice and a chance to respond, never a cure period (a company's term)
    notice = breach.index("written notice of the claimed breach and a reasonable opportunity to respond")
    consequences = breach.index("In that event")
    assert definition < notice < consequences, breach
    assert "cure" not in breach and "next sentence" not in breach, breach
    motion = paragraph(accepted, "5. ")
    assert "good-faith judgment" in motion
    assert "not subject to review" not in motion and "rests with the Government alone" not in motion, motion
    assert "subject to review by the Court for good faith" in motion
    # our words follow the letter's lower-case "this agreement"
    assert "this Agreement" not in " ".join(accepted)


def test_two_asks_adding_at_one_place_both_land_and_every_comment_says_why(firm):
    review, written, root = counter(firm, "corporate-npa.txt")
    accepted = resolve(root, accept=True)
    text = " ".join(accepted)
    notes = comments(firm / "out" / "corporate-npa.counter.review.docx")
    for note in notes:
        # every sentence a comment says the redline adds is in the redline
        for quoted in note.split("adds “")[1:]:
            words = quoted.split("”")[0].rstrip("…")
            assert words in text, (words, note)
    joined = "\n".join(notes)
    assert "cures it within thirty days" in text and "written notice of the claimed breach and of the facts" in text
    assert "to counsel" not in text and "through counsel" not in text      # notice goes to the Company
    assert "risk as written" not in joined
    assert joined.count("Why: ") >= 3, joined
    # reasons written for a company, in the letter's terms
    assert "the Company" in joined and "the Client" not in joined


def test_reasons_are_in_the_letters_terms_for_a_person(firm):
    review, written, root = counter(firm, "plea-cooperation.txt")
    notes = "\n".join(comments(firm / "out" / "plea-cooperation.counter.review.docx"))
    whys = [line for line in notes.splitlines() if line.startswith("Why: ")]
    assert whys and not any("the Client" in w or "the Office" in w for w in whys), whys


def test_without_a_firm_profile_the_revisions_carry_no_invented_name(tmp_path):
    firm = tmp_path / "nofirm"
    firm.mkdir()
    review, written, root = counter(firm, "modern-proffer.txt")
    assert review.workspace is None or review.workspace.demo
    assert review.attorney == "Defense Counsel"
    authors = {el.get(W + "author") for el in root.iter(W + "ins", W + "del")}
    assert authors == {"Defense Counsel"}
    core = zipfile.ZipFile(firm / "out" / "modern-proffer.counter.docx").read("docProps/core.xml").decode()
    assert "Demo" not in core


def test_the_firms_copy_says_on_every_page_it_is_not_the_one_to_send(firm):
    review, written, root = counter(firm, "plea-cooperation.txt")
    internal = zipfile.ZipFile(firm / "out" / "plea-cooperation.counter.review.docx")
    headers = [n for n in internal.namelist() if n.startswith("word/header")]
    assert headers and any(b"DO NOT SEND" in internal.read(n) for n in headers)
    sent = zipfile.ZipFile(firm / "out" / "plea-cooperation.counter.docx")
    assert not any(b"DO NOT SEND" in sent.read(n) for n in sent.namelist())
    # a counter-draft rebuilt from a text copy says so
    assert any("cannot edit in place" in w for w in review.warnings)


def test_the_report_speaks_to_the_attorney_not_of_the_tool(firm):
    names = ["plea-cooperation.txt", "corporate-npa.txt", "cooperation-agreement.txt", "modern-proffer.txt"]
    for name in names:
        counter(firm, name)
        text = (firm / "out" / name.replace(".txt", ".review.md")).read_text(encoding="utf-8")
        for internal in ("--matter", "see the clause quoted above", "Propose this wording", "the library's change",
                         "targeted stance", "full stance", "Narrow this clause"):
            assert internal not in text, (name, internal)
        assert ".." not in text.replace("...", ""), name
