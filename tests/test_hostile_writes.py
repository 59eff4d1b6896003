"""Issue 16, leaks and lost work: symlinks, PDFs drafter did not write, same-second backups,
planted backup links, kill -9 half-way, disk full with --force, --only and the manifest."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter import files as files_mod
from drafter.cli import main

DEMO = REPO / "matters" / "demo.yaml"


def build(out, *extra, matter=DEMO, date="2026-11-27"):
    return CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--draft-date", date, *extra])


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink()}


def edit(path: Path, words: str) -> bytes:
    doc = Document(str(path))
    doc.add_paragraph(words)
    doc.save(str(path))
    return path.read_bytes()


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A stand-in for LibreOffice that, like the real one, opens OUTDIR/NAME.pdf for writing
    (following a link there) and records how it was called."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "soffice-calls.json"
    script = bindir / "soffice"
    script.write_text(f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
outdir = args[args.index("--outdir") + 1]
docs = [a for a in args if a.endswith(".docx")]
with open({str(log)!r}, "a") as fh:
    try:
        netns = os.readlink("/proc/self/ns/net")
    except OSError:
        netns = None
    fh.write(json.dumps({{"args": args, "cwd": os.getcwd(), "home": os.environ.get("HOME"),
                         "netns": netns}}) + "\\n")
for d in docs:
    name = os.path.splitext(os.path.basename(d))[0] + ".pdf"
    with open(os.path.join(outdir, name), "wb") as fh:
        fh.write(b"%PDF-1.4 fake pdf of " + name.encode())
""")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    return log


# --- item 1: --pdf never writes through a link in the output folder ---------------------

def test_pdf_never_writes_through_a_symlink(tmp_path, fake_soffice):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o644)
    (out / "client-memo.pdf").symlink_to(victim)
    r = build(out, "--only", "client-memo", "--pdf")
    assert r.exit_code == 1, r.output            # a link drafter did not make is not replaced...
    assert victim.read_text() == "someone else's file"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    r = build(out, "--only", "client-memo", "--pdf", "--force")
    assert r.exit_code == 0, r.output            # ...and with --force the link itself is moved aside
    assert victim.read_text() == "someone else's file"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not (out / "client-memo.pdf").is_symlink()
    assert (out / "client-memo.pdf").read_bytes().startswith(b"%PDF")
    assert [p for p in out.glob("backup-*/client-memo.pdf") if p.is_symlink()]


def test_libreoffice_runs_with_a_private_profile_away_from_the_output_folder(tmp_path, fake_soffice):
    out = tmp_path / "out"
    assert build(out, "--only", "client-memo", "--pdf").exit_code == 0
    call = json.loads(fake_soffice.read_text().splitlines()[0])
    args = call["args"]
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    outdir = Path(args[args.index("--outdir") + 1])
    assert outdir != out and out in outdir.parents            # a private folder inside OUT
    assert str(out.resolve()) in profile and call["home"] and call["home"] != os.environ.get("HOME")
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []   # cleaned up
    m = json.loads((out / "manifest.json").read_text())
    assert any(f["path"] == "client-memo.pdf" for f in m["files"])   # PDFs are in the manifest
    assert stat.S_IMODE((out / "client-memo.pdf").stat().st_mode) == 0o600


def test_libreoffice_runs_without_network_where_the_system_allows(tmp_path, fake_soffice):
    from drafter.draft.packet import offline_prefix

    if not offline_prefix() or not Path("/proc/self/ns/net").exists():
        pytest.skip("this system cannot give a process its own network namespace")
    assert build(tmp_path / "out", "--only", "client-memo", "--pdf").exit_code == 0
    call = json.loads(fake_soffice.read_text().splitlines()[0])
    assert call["netns"] and call["netns"] != os.readlink("/proc/self/ns/net")


# --- item 2: PDFs drafter did not write (or that were annotated) are not replaced --------

def test_pdf_drafter_did_not_write_is_kept(tmp_path, fake_soffice):
    out = tmp_path / "out"
    out.mkdir()
    signed = out / "client-memo.pdf"
    signed.write_bytes(b"%PDF signed copy")
    r = build(out, "--only", "client-memo", "--pdf")
    assert r.exit_code == 1 and "client-memo.pdf" in r.output
    assert signed.read_bytes() == b"%PDF signed copy"
    # an earlier PDF from drafter, annotated by the attorney, is an edit too
    out2 = tmp_path / "out2"
    assert build(out2, "--only", "client-memo", "--pdf").exit_code == 0
    (out2 / "client-memo.pdf").write_bytes(b"%PDF annotated")
    assert build(out2, "--only", "client-memo", "--pdf").exit_code == 1
    r = build(out2, "--only", "client-memo", "--pdf", "--force")
    assert r.exit_code == 0, r.output
    assert [p.read_bytes() for p in out2.glob("backup-*/client-memo.pdf")] == [b"%PDF annotated"]


# --- item 4: backups never overwrite each other ---------------------------------------------

class _FrozenNow(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return dt.datetime(2026, 11, 27, 9, 30, 0)


def test_force_rebuilds_in_the_same_second_keep_every_edit(tmp_path, monkeypatch):
    monkeypatch.setattr(files_mod.dt, "datetime", _FrozenNow)
    out = tmp_path / "out"
    assert build(out, "--only", "client-memo").exit_code == 0
    edits = []
    for i in range(4):
        edits.append(edit(out / "client-memo.docx", f"Edit number {i}."))
        assert build(out, "--only", "client-memo", "--force").exit_code == 0
    kept = sorted(p.read_bytes() for p in out.glob("backup-*/client-memo.docx"))
    assert kept == sorted(edits)


def test_a_planted_backup_symlink_does_not_carry_a_draft_out_of_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(files_mod.dt, "datetime", _FrozenNow)
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    assert build(out, "--only", "client-memo").exit_code == 0
    (out / "backup-20261127-093000").symlink_to(outside)
    edited = edit(out / "client-memo.docx", "Privileged edit.")
    assert build(out, "--only", "client-memo", "--force").exit_code == 0
    assert list(outside.iterdir()) == []
    assert [p.read_bytes() for p in out.glob("backup-*/client-memo.docx") if not p.parent.is_symlink()] == [edited]


# --- item 11: killed half-way, the next run finishes the write; no stale temporaries ---------

def test_a_write_killed_half_way_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    (out / ".client-memo.docx.ab12cd34.tmp").write_bytes(b"privileged draft left by an old crash")
    real_replace = os.replace
    calls = {"n": 0}

    class Killed(BaseException):
        pass

    def dying_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 4:
            raise Killed()           # like kill -9: no cleanup code runs
        return real_replace(src, dst)

    monkeypatch.setattr(files_mod.os, "replace", dying_replace)
    with pytest.raises(Killed):
        from drafter.draft.packet import build_packet
        from drafter.law.plan import plan_for_path

        build_packet(plan_for_path(DEMO), out, dt.date(2026, 11, 28))
    monkeypatch.setattr(files_mod.os, "replace", real_replace)
    assert list(out.glob(".drafter-stage-*"))          # the interrupted write is on disk
    r = build(out, date="2026-11-28")                  # no --force: nothing counts as edited
    assert r.exit_code == 0, r.output
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["draft_date"] == "2026-11-28"
    for f in manifest["files"]:
        assert files_mod.sha256((out / f["path"]).read_bytes()) == f["sha256"], f["path"]
    assert not list(out.glob("backup-*"))


def test_an_edit_made_after_a_crash_is_kept_when_the_write_is_finished(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(out).exit_code == 0

    class Killed(BaseException):
        pass

    def dead(src, dst):
        raise Killed()

    monkeypatch.setattr(files_mod.os, "replace", dead)
    with pytest.raises(Killed):
        from drafter.draft.packet import build_packet
        from drafter.law.plan import plan_for_path

        build_packet(plan_for_path(DEMO), out, dt.date(2026, 11, 28))
    monkeypatch.undo()
    edited = edit(out / "client-memo.docx", "Edited after the crash.")
    r = build(out, "--only", "proffer-prep", date="2026-11-28")
    assert r.exit_code == 0, r.output
    assert [p.read_bytes() for p in out.glob("backup-*/client-memo.docx")] == [edited]


# --- item 13: disk full with --force; --only keeps the manifest whole ----------------------

def test_disk_full_with_force_leaves_the_edited_draft_in_place(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    edited = edit(out / "client-memo.docx", "Edited by the attorney.")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_mod.os, "write", full)
    r = build(out, "--force")
    monkeypatch.setattr(files_mod.os, "write", real_write)
    assert r.exit_code == 1 and "nothing was changed" in r.output
    assert (out / "client-memo.docx").read_bytes() == edited
    assert not list(out.glob("backup-*"))


def test_an_only_run_does_not_shrink_the_manifest(tmp_path):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    full = {f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert build(out, "--only", "client-memo").exit_code == 0
    after = {f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert after == full
    r = build(out)                       # the next full rebuild calls nothing edited
    assert r.exit_code == 0, r.output
    assert not list(out.glob("backup-*"))
