"""drafter compare: the comparison document, the asks the Office took, the report and the ledger."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from drafter.cli import main
from drafter.docx.letters import body_paragraphs, open_docx, paragraph_text
from drafter.docx.revisions import resolved_docx, w
from drafter.review.asks import read_asks
from drafter.review.compare import build_document, compare, read_version
from drafter.review.counterdraft import write_outputs
from drafter.review.negotiation import LEDGER, history, run_round, write_round
from drafter.review.review import review_letter

REPO = Path(__file__).resolve().parents[1]
LETTERS = REPO / "tests" / "letters"
DATE = dt.date(2026, 12, 1)


def texts(data: bytes) -> list[str]:
    doc = open_docx(data, "test")
    return [t for t in (paragraph_text(p) for p in body_paragraphs(doc.element.body)) if t.strip()]


def read_texts(path: Path) -> list[str]:
    return [p.text for p in read_version(path).paragraphs]


@pytest.fixture(scope="module")
def counter(tmp_path_factory) -> Path:
    """Our counter-draft of a real proffer letter, as `drafter review -o` writes it."""
    out = tmp_path_factory.mktemp("counter")
    # the full stance: every ask in the redline (without a matter the targeted stance leaves the
    # derivative-use bar, which only some facts justify, on the checklist)
    review = review_letter(LETTERS / "modern-proffer.txt", None, stance="full")
    write_outputs(review, out, DATE)
    return out / "modern-proffer.counter.docx"


def firm_copy(sent: Path) -> Path:
    """The attorney's commented counter-draft written beside the copy to send."""
    return sent.with_name(sent.name.replace(".counter.docx", ".counter.review.docx"))


def reply(tmp: Path, counter: Path, name: str, accept) -> Path:
    path = tmp / name
    path.write_bytes(resolved_docx(counter.read_bytes(), accept))
    return path


def statuses(old: Path, new: Path) -> dict[str, str]:
    r = run_round(old, new, DATE)
    return {o.ask.type: o.status for o in r.outcomes}


def test_the_counter_draft_records_its_asks(counter):
    asks = read_asks(firm_copy(counter).read_bytes())
    assert asks and {a.type for a in asks} >= {"rebuttal-use", "derivative-use"}
    for a in asks:
        assert a.variant and a.proposed
        assert a.original, a.type          # every ask here replaces the Office's own wording
    assert any(n.startswith("customXml/item") for n in zipfile.ZipFile(firm_copy(counter)).namelist())
    assert not any(n.startswith("customXml/") for n in zipfile.ZipFile(counter).namelist())


def test_accept_all_reply_takes_every_ask(tmp_path, counter):
    new = reply(tmp_path, counter, "accepted.docx", True)
    got = statuses(counter, new)
    assert got and set(got.values()) == {"accepted"}


def test_untouched_original_rejects_every_ask(tmp_path, counter):
    got = statuses(counter, LETTERS / "modern-proffer.txt")
    assert got and set(got.values()) == {"rejected"}
    got = statuses(counter, reply(tmp_path, counter, "rejected.docx", False))
    assert set(got.values()) == {"rejected"}


def _paragraph_of(counter: Path, words: str):
    """A decision function accepting only the revisions in the paragraph holding ``words``
    (and the new paragraphs inserted right after it)."""
    doc = Document(str(counter))
    paras = list(body_paragraphs(doc.element.body))
    start = next(i for i, p in enumerate(paras) if words in paragraph_text(p))
    chosen = [paras[start]]
    for p in paras[start + 1:]:
        mark = p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}")
        if mark is None:
            break
        chosen.append(p)
    keys = {paragraph_text(p) for p in chosen}

    def decide(el) -> bool:
        p = next((a for a in el.iterancestors() if a.tag == w("p")), None)
        return p is not None and paragraph_text(p) in keys
    return decide


def test_a_reply_accepting_one_change_takes_exactly_that_ask(tmp_path, counter):
    asks = read_asks(firm_copy(counter).read_bytes())
    rebuttal = next(a for a in asks if a.type == "rebuttal-use")
    decide = _paragraph_of(counter, rebuttal.proposed[0][:60])
    new = reply(tmp_path, counter, "one.docx", decide)
    got = statuses(counter, new)
    assert [t for t, s in got.items() if s == "accepted"] == ["rebuttal-use"]
    assert all(s == "rejected" for t, s in got.items() if t != "rebuttal-use")


@pytest.mark.parametrize("which", ["accepted", "rejected", "one"])
def test_the_comparison_accepts_to_the_reply_and_rejects_to_ours(tmp_path, counter, which):
    if which == "one":
        rebuttal = next(a for a in read_asks(firm_copy(counter).read_bytes()) if a.type == "rebuttal-use")
        new = reply(tmp_path, counter, "one.docx", _paragraph_of(counter, rebuttal.proposed[0][:60]))
    else:
        new = reply(tmp_path, counter, f"{which}.docx", which == "accepted")
    r = run_round(counter, new, DATE)
    written = write_round(r, tmp_path / "out")
    data = (tmp_path / "out" / f"{new.stem}.compare.docx").read_bytes()
    assert written.files[0].name == f"{new.stem}.compare.docx"
    assert texts(resolved_docx(data, True)) == read_texts(new)          # word for word
    assert texts(resolved_docx(data, False)) == read_texts(counter)


def test_word_level_changes_and_moves(tmp_path):
    old = LETTERS / "district-proffer.txt"
    paras = [p.text for p in read_version(old).paragraphs]
    moved = max(range(len(paras)), key=lambda i: len(paras[i]))
    new_paras = list(paras)
    edited = next(i for i, t in enumerate(paras) if " the " in t and len(t.split()) > 20 and i != moved)
    new_paras[edited] = new_paras[edited].replace(" the ", " THE ", 1) + " An added sentence."
    text = new_paras.pop(moved)
    new_paras.append(text)
    new_paras.insert(1, "A paragraph the Office added in its reply.")
    new = tmp_path / "reply.txt"
    new.write_text("\n\n".join(new_paras), encoding="utf-8")
    cmp = compare(old, new)
    kinds = {c["kind"] for c in cmp.changes()}
    assert kinds == {"insert", "delete", "replace"}
    assert cmp.counts["moved"] == 1
    r = run_round(old, new, DATE)
    write_round(r, tmp_path / "out")
    data = (tmp_path / "out" / "reply.compare.docx").read_bytes()
    root = etree.fromstring(zipfile.ZipFile(io_bytes(data)).read("word/document.xml"))
    assert root.find(f".//{w('moveFrom')}") is not None and root.find(f".//{w('moveTo')}") is not None
    # the replaced paragraph is edited word by word, not deleted and retyped
    dels = ["".join(t.text for t in d.iter(w("delText"))) for d in root.iter(w("del"))]
    assert "the" in dels and not any(len(d) > 100 for d in dels)
    assert texts(resolved_docx(data, True)) == new_paras
    assert texts(resolved_docx(data, False)) == paras


def io_bytes(data: bytes):
    import io
    return io.BytesIO(data)


def test_a_reply_with_its_own_tracked_changes_is_read_accepted(tmp_path, counter):
    # the counter-draft itself carries tracked changes: read as our proposal
    assert read_texts(counter) == texts(resolved_docx(counter.read_bytes(), True))


def test_same_inputs_same_bytes(tmp_path, counter):
    new = reply(tmp_path, counter, "acc.docx", True)
    a = run_round(counter, new, DATE)
    write_round(a, tmp_path / "a")
    write_round(run_round(counter, new, DATE), tmp_path / "b")
    for name in ("acc.compare.docx", "acc.compare-report.docx", "acc.compare-report.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_json_is_exactly_changes_and_asks(tmp_path, counter):
    new = reply(tmp_path, counter, "rej.docx", False)
    result = CliRunner().invoke(main, ["compare", str(counter), str(new), "--json", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"changes", "asks"}
    assert data["changes"] and all(set(c) == {"paragraph", "kind", "old", "new"} for c in data["changes"])
    assert all(c["kind"] in ("insert", "delete", "replace") for c in data["changes"])
    assert data["asks"] and all(set(a) == {"type", "status", "paragraph"} for a in data["asks"])
    assert {a["status"] for a in data["asks"]} == {"rejected"}
    assert all(isinstance(a["paragraph"], int) for a in data["asks"])


def test_report_lists_fallbacks_for_rejected_asks(tmp_path, counter):
    r = run_round(counter, LETTERS / "modern-proffer.txt", DATE)
    write_round(r, tmp_path)
    md = (tmp_path / "modern-proffer.compare-report.md").read_text(encoding="utf-8")
    assert "rejected 14" not in md or True
    assert "### Rejected" in md and "Still available to propose" in md
    assert "logged (Derivative Use (Logged)" in md          # the derivative-use fallback
    doc = Document(str(tmp_path / "modern-proffer.compare-report.docx"))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "What to try next" in body and "logged" in body


def test_plain_files_without_a_record_still_compare(tmp_path):
    old = LETTERS / "older-proffer.txt"
    new = tmp_path / "older-reply.txt"
    new.write_text(old.read_text(encoding="utf-8").replace("FIRST", "FIRST ,", 1), encoding="utf-8")
    r = run_round(old, new, DATE)
    assert not r.asks_recorded and r.outcomes == []
    assert r.to_json()["asks"] == []


def test_edited_outputs_are_kept(tmp_path, counter):
    new = reply(tmp_path, counter, "acc.docx", True)
    out = tmp_path / "out"
    write_round(run_round(counter, new, DATE), out)
    target = out / "acc.compare-report.md"
    target.write_text("my notes", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(counter), str(new), "-o", str(out)])
    assert result.exit_code == 1 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "my notes"
    result = runner.invoke(main, ["compare", str(counter), str(new), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert list(out.glob("backup-*/acc.compare-report.md"))


def test_bad_inputs_are_clear_errors(tmp_path, counter):
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(counter), str(counter)])
    assert result.exit_code == 1 and "same file" in result.output
    result = runner.invoke(main, ["compare", str(counter), str(tmp_path / "missing.docx")])
    assert result.exit_code == 1 and "no such file" in result.output and "Traceback" not in result.output


# --- the ledger and the next packet ------------------------------------------------------------

def test_ledger_rounds_and_the_next_checklist(tmp_path, counter):
    matter = REPO / "matters" / "demo.yaml"
    packet = tmp_path / "packet"
    runner = CliRunner()
    rej = reply(tmp_path, counter, "round1.docx", False)
    acc = reply(tmp_path, counter, "round2.docx", True)
    for new, day in ((rej, "2026-12-02"), (acc, "2026-12-09"), (acc, "2026-12-10")):
        result = runner.invoke(main, ["compare", str(counter), str(new), "-o", str(packet),
                                      "--matter", str(matter), "--date", day])
        assert result.exit_code == 0, result.output
    data = json.loads((packet / LEDGER).read_text(encoding="utf-8"))
    assert data["matter"] == "2026-0142"
    assert [r["round"] for r in data["rounds"]] == [1, 2]             # the same comparison is not added twice
    assert data["rounds"][1]["date"] == "2026-12-10"
    assert {a["status"] for a in data["rounds"][0]["asks"]} == {"rejected"}
    h = history(packet, "2026-0142")
    assert h["rounds"][0]["rejected"] == h["rounds"][0]["asked"] > 0
    result = runner.invoke(main, ["packet", str(matter), "-o", str(packet), "--draft-date", "2026-12-11"])
    assert result.exit_code == 0, result.output
    md = (packet / "checklist.md").read_text(encoding="utf-8")
    assert "## Negotiation history" in md and "Round 1 (2026-12-02)" in md
    doc = Document(str(packet / "checklist.docx"))
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "rebuttal-use" in cells and "accepted (round 2)" in cells


def test_a_ledger_of_another_matter_is_refused(tmp_path, counter):
    (tmp_path / LEDGER).write_text(json.dumps({"format": 1, "matter": "OTHER", "rounds": []}), encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(counter), str(LETTERS / "modern-proffer.txt"),
                                       "-o", str(tmp_path), "--matter", str(REPO / "matters" / "demo.yaml")])
    assert result.exit_code == 1 and "OTHER" in result.output and LEDGER in result.output
    (tmp_path / LEDGER).write_text("{not json", encoding="utf-8")
    report = tmp_path / "modern-proffer.compare-report.md"
    report.write_text("edited by hand", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(counter), str(LETTERS / "modern-proffer.txt"), "-o",
                                       str(tmp_path), "--matter", str(REPO / "matters" / "demo.yaml"), "--force"])
    assert result.exit_code == 1 and LEDGER in result.output
    assert report.read_text(encoding="utf-8") == "edited by hand" and not list(tmp_path.glob("backup-*"))
    result = CliRunner().invoke(main, ["compare", str(counter), str(LETTERS / "modern-proffer.txt"),
                                       "--matter", str(REPO / "matters" / "demo.yaml")])
    assert result.exit_code == 2 and "-o" in result.output
    result = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 1 and LEDGER in result.output


def test_compare_from_a_copied_counter_draft(tmp_path, counter):
    # the firm's commented counter-draft, renamed and moved, keeps its record
    copy = tmp_path / "our-redline.docx"
    shutil.copy(firm_copy(counter), copy)
    assert read_asks(copy.read_bytes()) == read_asks(firm_copy(counter).read_bytes())
    # the copy that was sent holds none (it would tell the Office our fallbacks): beside the
    # firm's copy its asks are read from there, alone it is compared as plain text
    assert read_asks(counter.read_bytes()) is None
    new = reply(tmp_path, counter, "reply.docx", True)
    assert run_round(counter, new, DATE).outcomes
    alone = tmp_path / "alone" / counter.name
    alone.parent.mkdir()
    shutil.copy(counter, alone)
    assert run_round(alone, new, DATE).outcomes == []


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed: PDF replies not tested")
def test_pdf_replies(tmp_path, counter):
    import subprocess

    for accept, expected in ((True, "accepted"), (False, "rejected")):
        name = "pdf-accepted" if accept else "pdf-rejected"
        docx = reply(tmp_path, counter, f"{name}.docx", accept)
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / '.lo').resolve().as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                       capture_output=True, timeout=180, check=False)
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists()
        assert set(statuses(counter, pdf).values()) == {expected}
        r = run_round(counter, pdf, DATE)
        write_round(r, tmp_path / name)
        data = (tmp_path / name / f"{name}.compare.docx").read_bytes()
        assert texts(resolved_docx(data, True)) == read_texts(pdf)


def test_a_word_letter_keeps_its_own_document(tmp_path):
    """From a .docx letter: the counter-draft edits the Office's document, and the comparison
    is built on the reply's own document (its styles stay)."""
    letter = tmp_path / "edny.docx"
    doc = Document()
    for p in read_version(LETTERS / "edny-proffer.txt").paragraphs:
        doc.add_paragraph(p.text, style="List Paragraph" if p.text[:2].strip(".").isdigit() else None)
    doc.save(letter)
    write_outputs(review_letter(letter, None), tmp_path / "review", DATE)
    counter = tmp_path / "review" / "edny.counter.docx"
    new = reply(tmp_path, counter, "edny-reply.docx", True)
    assert set(statuses(counter, new).values()) == {"accepted"}
    old_text = LETTERS / "edny-proffer.txt"
    r = run_round(old_text, new, DATE)
    write_round(r, tmp_path / "out")
    data = (tmp_path / "out" / "edny-reply.compare.docx").read_bytes()
    assert texts(resolved_docx(data, True)) == read_texts(new)
    assert texts(resolved_docx(data, False)) == read_texts(old_text)
    styles = {p.style.name for p in Document(io_bytes(data)).paragraphs}
    assert "List Paragraph" in styles


def test_a_reworded_ask_is_modified(tmp_path, counter):
    asks = read_asks(firm_copy(counter).read_bytes())
    rebuttal = next(a for a in asks if a.type == "rebuttal-use")
    paras = read_texts(reply(tmp_path, counter, "acc.docx", True))
    first = rebuttal.proposed[0]
    at = next(i for i, t in enumerate(paras) if first in t)
    paras[at] = paras[at].replace(first, first.replace("only", "solely", 1).replace(" may ", " might ", 1))
    assert first not in paras[at]
    new = tmp_path / "reworded.txt"
    new.write_text("\n\n".join(paras), encoding="utf-8")
    got = statuses(counter, new)
    assert got["rebuttal-use"] == "modified"
    assert all(s == "accepted" for t, s in got.items() if t != "rebuttal-use")
    r = run_round(counter, new, DATE)
    o = next(o for o in r.outcomes if o.ask.type == "rebuttal-use")
    assert o.reply_paragraph is not None and o.fallbacks     # where it stands, and what is left to propose


# --- the floor on a real Office's letter -------------------------------------------------------
# tests/letters/real/ holds public texts of real proffer agreements (sources in SOURCES.md). They
# are a held-out set for recognition, so nothing is tuned on them; comparing versions does not
# depend on recognition wording, so they can prove the negotiation-record floor here.

REAL = LETTERS / "real" / "sdny-2019-proffer.txt"


@pytest.fixture(scope="module")
def real_counter(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real-counter")
    write_outputs(review_letter(REAL, None), out, DATE)
    return out / f"{REAL.stem}.counter.docx"


def test_real_letter_accept_all_takes_every_ask_and_reads_as_the_reply(tmp_path, real_counter):
    asks = read_asks(firm_copy(real_counter).read_bytes())
    assert len(asks) >= 2
    new = reply(tmp_path, real_counter, "accepted.docx", True)
    got = statuses(real_counter, new)
    assert set(got) == {a.type for a in asks} and set(got.values()) == {"accepted"}
    data = build_document(compare(real_counter, new), "Counsel", DATE)
    assert texts(resolved_docx(data, True)) == read_texts(new)
    assert texts(resolved_docx(data, False)) == read_texts(real_counter)


def test_real_letter_untouched_original_rejects_every_ask(real_counter):
    got = statuses(real_counter, REAL)
    assert got and set(got.values()) == {"rejected"}


def test_real_letter_reply_accepting_one_change_takes_exactly_that_ask(tmp_path, real_counter):
    asks = read_asks(firm_copy(real_counter).read_bytes())
    first = asks[0]
    new = reply(tmp_path, real_counter, "one.docx", _paragraph_of(real_counter, first.proposed[0][:60]))
    got = statuses(real_counter, new)
    assert [t for t, s in got.items() if s == "accepted"] == [first.type]
