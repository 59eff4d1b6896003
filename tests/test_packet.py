"""End to end: packets built from matter files, opened as an attorney's tools would."""

import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.docx.render import leftover_tags

NASTY = "José Núñez-Ölçer & <Hijos> \"Q\" 'R' {{ 7*7 }} {% raw %}"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(matter_path, out, *extra):
    result = CliRunner().invoke(main, ["packet", str(matter_path), "-o", str(out),
                                       "--draft-date", "2026-11-27", *extra])
    return result


def docx_text(data: bytes) -> str:
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml", n)]
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                text += "\n" + cell.text
    for s in doc.sections:
        text += "\n" + "\n".join(p.text for p in s.header.paragraphs)
        text += "\n" + "\n".join(p.text for p in s.footer.paragraphs)
    assert parts
    return text


@pytest.fixture(scope="module")
def demo_packet(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    r = build(REPO / "matters" / "demo.yaml", out)
    assert r.exit_code == 0, r.output
    return out


def manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_lists_every_file_with_hash_and_audience(demo_packet):
    import hashlib

    m = manifest(demo_packet)
    assert m["matter"] == "2026-0142"
    on_disk = {p.name for p in demo_packet.iterdir() if p.is_file()} - {"manifest.json"}
    assert {f["path"] for f in m["files"]} == on_disk
    for f in m["files"]:
        assert f["audience"] in ("external", "internal", "client")
        assert hashlib.sha256((demo_packet / f["path"]).read_bytes()).hexdigest() == f["sha256"]
    docs = {f["document"] for f in m["files"]}
    assert {"proffer-agreement", "checklist", "client-memo"} <= docs
    assert len([f for f in m["files"] if f["path"].endswith(".docx")]) >= 4


def test_every_draft_opens_and_has_no_template_tags(demo_packet):
    for p in demo_packet.glob("*.docx"):
        data = p.read_bytes()
        text = docx_text(data)
        assert len(text.split()) > 150, f"{p.name} looks like a stub"
        assert leftover_tags(data) == [], p.name
        assert "\ufdd0" not in text and "\ufdd2" not in text


def test_clean_copies_carry_no_comments_or_firm_metadata(demo_packet):
    for f in manifest(demo_packet)["files"]:
        if f["audience"] != "external":
            continue
        data = (demo_packet / f["path"]).read_bytes()
        z = zipfile.ZipFile(io.BytesIO(data))
        assert "word/comments.xml" not in z.namelist()
        assert b"commentReference" not in z.read("word/document.xml")
        core = Document(io.BytesIO(data)).core_properties
        assert core.author == "" and core.last_modified_by == "" and core.revision == 1
        assert core.created.date().isoformat() == "2026-11-27"
        assert "PRIVILEGED" not in docx_text(data)


def test_review_copies_comment_on_each_clause(demo_packet):
    data = (demo_packet / "proffer-agreement.review.docx").read_bytes()
    doc = Document(io.BytesIO(data))
    comments = list(doc.comments)
    plan_clauses = json.loads(CliRunner().invoke(
        main, ["analyze", str(REPO / "matters" / "demo.yaml"), "--json"]).output)["clauses"]
    in_agreement = [c for c in plan_clauses if c["type"] in {
        "not-cooperation-agreement", "rebuttal-use", "derivative-use", "direct-use-bar"}]
    assert len(comments) >= len(in_agreement) > 0
    text = "\n".join(c.text for c in comments)
    assert "Rebuttal Use" in text and "Why this wording" in text
    # no machine ids or rule expressions in what the attorney reads
    assert "rebuttal-use" not in text and "(rule:" not in text and "==" not in text


def test_internal_documents_carry_the_privilege_legend(demo_packet):
    text = docx_text((demo_packet / "client-memo.docx").read_bytes())
    assert "PRIVILEGED" in text


def test_checklist_markdown_matches_analysis(demo_packet):
    md = (demo_packet / "checklist.md").read_text(encoding="utf-8")
    analysis = json.loads(CliRunner().invoke(
        main, ["analyze", str(REPO / "matters" / "demo.yaml"), "--json"]).output)
    for item in analysis["checklist"]:
        assert f"`{item['id']}`" in md


def test_facts_reach_the_drafts_literally(make_matter, tmp_path):
    path = make_matter({"client": {"name": NASTY, "salutation": "Sr. Núñez & <family>"},
                        "cooperation": {"status": "proffer-scheduled", "safety_notes": "a < b & c > d"},
                        "government": {"prosecutor": {"name": "A. O'Brien & {{ x }}"}}})
    out = tmp_path / "out"
    r = build(path, out)
    assert r.exit_code == 0, r.output
    seen_name = False
    for p in out.glob("*.docx"):
        data = p.read_bytes()
        text = docx_text(data)
        assert "49" not in text.replace("2049", "")  # {{ 7*7 }} was never evaluated
        seen_name = seen_name or NASTY in text
        assert leftover_tags(data, [NASTY, "A. O'Brien & {{ x }}"]) == [], p.name
    assert seen_name


def test_same_inputs_give_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(REPO / "matters" / "demo.yaml", a).exit_code == 0
    assert build(REPO / "matters" / "demo.yaml", b).exit_code == 0
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_missing_facts_become_highlighted_gaps_listed_on_the_checklist(make_matter, tmp_path):
    path = make_matter({"cooperation": {"status": "proffer-scheduled"}})
    out = tmp_path / "out"
    r = build(path, out)
    assert r.exit_code == 0, r.output
    xml = zipfile.ZipFile(out / "proffer-agreement.docx").read("word/document.xml").decode()
    assert "[PROFFER DATE]" in xml
    assert re.search(r'<w:highlight w:val="yellow"/>(?:(?!</w:r>).)*\[PROFFER DATE\]', xml)
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert "[PROFFER DATE]" in md


def test_files_are_private(demo_packet):
    for p in demo_packet.iterdir():
        if p.is_file():
            assert (p.stat().st_mode & 0o077) == 0, p.name


@pytest.mark.parametrize("stage,status", [
    (stage, status)
    for stage in ("investigation", "charged", "plea-negotiation", "convicted", "sentenced")
    for status in ("considering", "proffer-scheduled", "proffered", "cooperating", "declined")
])
def test_every_stage_and_status_gets_a_real_packet(make_matter, tmp_path, stage, status):
    changes = {"case": {"stage": stage}, "cooperation": {"status": status}}
    if stage == "sentenced":
        changes["case"]["sentencing_date"] = "2026-06-01"
    path = make_matter(changes)
    out = tmp_path / "out"
    r = build(path, out)
    assert r.exit_code == 0, r.output
    files = manifest(out)["files"]
    docx = [f for f in files if f["path"].endswith(".docx")]
    strategy = json.loads(CliRunner().invoke(main, ["analyze", str(path), "--json"]).output)["strategy"]
    assert {f["document"] for f in docx} == set(strategy["documents"])
    internal = set(strategy["internal"])
    for f in docx:
        if f["document"] in internal:         # an internal agreement: a review copy only
            assert f["audience"] == "internal" and f["path"].endswith(".review.docx"), f["path"]
    external = [f for f in docx if f["audience"] == "external"]
    assert bool(external) is (strategy["path"] not in ("hold", "declined") and bool(
        set(strategy["documents"]) - internal - {"client-memo", "proffer-prep", "checklist"}))
    for f in docx:
        data = (out / f["path"]).read_bytes()
        assert leftover_tags(data) == [], f["path"]
        if f["copy"] == "review":
            assert len(list(Document(io.BytesIO(data)).comments)) > 0, f["path"]


def test_only_picks_documents(tmp_path):
    out = tmp_path / "o"
    r = build(REPO / "matters" / "demo.yaml", out, "--only", "client-memo")
    assert r.exit_code == 0, r.output
    assert {f["document"] for f in manifest(out)["files"]} == {"client-memo"}
    r = build(REPO / "matters" / "demo.yaml", out, "--only", "nonsense")
    assert r.exit_code == 2


def test_sentenced_cooperating_matter_gets_rule35b_letter_and_calendar(make_matter, tmp_path):
    path = make_matter({"case": {"stage": "sentenced", "sentencing_date": "2027-03-15"},
                        "cooperation": {"status": "cooperating"}})
    out = tmp_path / "out"
    assert build(path, out).exit_code == 0
    text = docx_text((out / "rule-35b-request.docx").read_bytes())
    assert "March 15, 2028" in text
    ics = (out / "deadlines.ics").read_text()
    assert "DTSTART;VALUE=DATE:20280315" in ics and "BEGIN:VALARM" in ics


@pytest.mark.parametrize("district,expected", [
    ("S.D. Fla.", "Southern District of Florida"), ("S.D.N.Y.", "Southern District of New York"),
    ("D.N.J.", "District of New Jersey"), ("D. Mass.", "District of Massachusetts"),
    ("D.D.C.", "District of Columbia"), ("D.P.R.", "District of Puerto Rico"),
])
def test_court_names_are_spelled_out_from_the_district(district, expected):
    from drafter.law.plan import court_name

    assert court_name(district) == f"United States District Court for the {expected}"
