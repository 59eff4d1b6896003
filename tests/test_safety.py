"""Nothing lost, nothing leaked: edits survive rebuilds, writes are atomic, nothing phones home."""

import os
import socket
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.draft import packet as packet_mod

DEMO = REPO / "matters" / "demo.yaml"


def build(out, *extra, matter=DEMO):
    return CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--draft-date", "2026-11-27", *extra])


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_rebuild_over_an_edited_draft_stops_and_keeps_the_edit(tmp_path):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    edited = out / "proffer-agreement.docx"
    doc = Document(str(edited))
    doc.add_paragraph("Attorney's own paragraph.")
    doc.save(str(edited))
    before = snapshot(out)
    r = build(out)
    assert r.exit_code == 1
    assert "proffer-agreement.docx" in r.output and "--force" in r.output
    assert snapshot(out) == before


def test_force_keeps_the_edited_copy_as_a_dated_backup(tmp_path):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    edited = out / "client-memo.docx"
    edited.write_bytes(edited.read_bytes() + b"")  # unchanged bytes are not an edit
    assert build(out).exit_code == 0
    doc = Document(str(edited))
    doc.add_paragraph("Edited by the attorney.")
    doc.save(str(edited))
    edited_bytes = edited.read_bytes()
    r = build(out, "--force")
    assert r.exit_code == 0, r.output
    backups = list(out.glob("backup-*/client-memo.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited_bytes
    assert "Edited by the attorney." not in "\n".join(p.text for p in Document(str(edited)).paragraphs)


def test_files_drafter_did_not_write_are_never_touched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "notes-from-client-meeting.txt"
    mine.write_text("keep me")
    assert build(out).exit_code == 0
    assert mine.read_text() == "keep me"
    # a file with a drafter name that drafter did not write is not overwritten silently
    out2 = tmp_path / "out2"
    out2.mkdir()
    (out2 / "checklist.md").write_text("the paralegal's own checklist")
    r = build(out2)
    assert r.exit_code == 1
    assert (out2 / "checklist.md").read_text() == "the paralegal's own checklist"


def test_failure_half_way_leaves_previous_drafts_as_they_were(tmp_path, monkeypatch):
    """Disk full while the new drafts are written: the old drafts stay, no temporaries stay."""
    import errno

    from drafter import files as files_mod

    out = tmp_path / "out"
    assert build(out).exit_code == 0
    before = snapshot(out)
    real_write = os.write
    calls = {"n": 0}

    def failing_write(fd, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(files_mod.os, "write", failing_write)
    r = build(out, matter=DEMO)
    assert r.exit_code == 1 and "nothing was changed" in r.output and "Traceback" not in r.output
    assert snapshot(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_failure_while_rendering_writes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def boom(*a, **k):
        raise RuntimeError("renderer crashed (simulated)")

    monkeypatch.setattr(packet_mod.render, "finish", boom)
    r = build(out)
    assert r.exit_code != 0
    assert not out.exists()


def test_no_network_while_building(tmp_path, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("drafter tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    r = build(tmp_path / "out")
    assert r.exit_code == 0, r.output


def test_nothing_is_written_outside_the_output_folder(tmp_path, monkeypatch):
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    work = tmp_path / "matterdir"
    work.mkdir()
    (work / "m.yaml").write_bytes(DEMO.read_bytes())
    before = snapshot(work)
    assert build(tmp_path / "out", matter=work / "m.yaml").exit_code == 0
    assert snapshot(work) == before
    assert list(tmp.iterdir()) == []


def _house(tmp_path, clause_text=None):
    ws = tmp_path / "firm"
    (ws / "house" / "clauses").mkdir(parents=True)
    (ws / "house" / "templates").mkdir(parents=True)
    (ws / "drafter.yaml").write_text(
        "firm:\n  name: Hostile Test LLP\nattorney:\n  name: Test Lawyer\n"
        "clauses: house/clauses\ntemplates: house/templates\n", encoding="utf-8")
    if clause_text:
        (ws / "house" / "clauses" / "rebuttal-use.yaml").write_text(clause_text, encoding="utf-8")
    (ws / "m.yaml").write_bytes(DEMO.read_bytes())
    return ws


def test_a_clause_reaching_python_internals_fails_clearly(tmp_path):
    ws = _house(tmp_path, "variants:\n  impeachment-only:\n"
                          "    text: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n"
                          "    risk: low\n    ask: x\n    why: y\n")
    out = tmp_path / "out"
    r = build(out, matter=ws / "m.yaml")
    assert r.exit_code == 1
    assert "sandbox" in r.output or "unsafe" in r.output
    assert "Traceback" not in r.output
    assert not out.exists()


def test_a_template_reaching_python_internals_fails_clearly(tmp_path):
    ws = _house(tmp_path)
    doc = Document()
    doc.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    doc.save(str(ws / "house" / "templates" / "client-memo.docx"))
    out = tmp_path / "out"
    r = build(out, matter=ws / "m.yaml")
    assert r.exit_code == 1
    assert "sandbox" in r.output or "unsafe" in r.output
    assert not out.exists()


def test_house_clause_overrides_bundled_wording(tmp_path):
    ws = _house(tmp_path, "variants:\n  impeachment-only:\n"
                          "    text: Our firm's own rebuttal wording for {{ client.name }}.\n"
                          "    risk: low\n    ask: keep it narrow\n    why: firm practice\n"
                          "    cites: ['United States v. Rosemond, 841 F.3d 95 (2d Cir. 2016)']\n")
    out = tmp_path / "out"
    r = build(out, "--only", "proffer-agreement", matter=ws / "m.yaml")
    assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in Document(str(out / "proffer-agreement.docx")).paragraphs)
    assert "Our firm\u2019s own rebuttal wording for Marco A. Rivera." in text
    assert "Test Lawyer" in text


def test_clean_copies_drop_a_house_templates_company_and_custom_properties(tmp_path):
    import io
    import zipfile

    ws = _house(tmp_path)
    bundled = (REPO / "templates" / "cover-letter.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(bundled))
    out_buf = io.BytesIO()
    with zipfile.ZipFile(out_buf, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "docProps/app.xml":
                data = data.replace(b"</Properties>",
                                    b"<Company>Hostile Test LLP Secret Client List</Company></Properties>")
            z.writestr(name, data)
    (ws / "house" / "templates" / "cover-letter.docx").write_bytes(out_buf.getvalue())
    out = tmp_path / "out"
    r = build(out, "--only", "cover-letter", matter=ws / "m.yaml")
    assert r.exit_code == 0, r.output
    clean = zipfile.ZipFile(out / "cover-letter.docx").read("docProps/app.xml")
    assert b"Secret Client List" not in clean
    review = zipfile.ZipFile(out / "cover-letter.review.docx").read("docProps/app.xml")
    assert b"Secret Client List" in review


def test_every_safety_promise_in_the_readme_names_a_real_test():
    """Issue 16: the README's safety promises are each backed by a test that exists."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Safety", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_\w+)`", section))
    assert len(named) >= 10
    defined = set()
    for path in (REPO / "tests").glob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    assert named - defined == set()
